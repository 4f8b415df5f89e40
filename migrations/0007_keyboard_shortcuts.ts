// Each person chooses whether single-key shortcuts (/, n, j, k, e, u, ?) act: WCAG 2.1.4 asks that they
// can be turned off. On (1) unless the person turns them off (0) in Account settings.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('single_key_shortcuts', 'integer', (column) => column.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('single_key_shortcuts').execute();
}
