// How long a job's longest batch held the write lock (and, on SQLite, the event loop: a batch runs its
// statements without yielding), so a slow batch shows in the database and the bench can print it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('longest_batch_ms', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('longest_batch_ms').execute();
}
