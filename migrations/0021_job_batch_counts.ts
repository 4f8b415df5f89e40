// How many batches a job ran and how many of them (with the upkeep after them) held the write lock
// past the runner's budget, beside the longest (0019): one slow batch in a thousand and a slow
// import look alike by their longest alone.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('batch_count', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('jobs')
    .addColumn('slow_batch_count', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('slow_batch_count').execute();
  await db.schema.alterTable('jobs').dropColumn('batch_count').execute();
}
