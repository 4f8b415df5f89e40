// The trash finds a deleted customer by the start of their first name too: an index on the first name
// inside name_key ("last \u0001 first"), deleted rows only, like 0010's trash indexes. Each engine has
// its own expression for it, and src/customers/trash/first-name.ts must write the very same one, or
// the index is not used (the query-plan test checks that it is).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const firstName = onPostgres(db)
    ? sql`split_part(name_key, chr(1), 2)`
    : sql`substr(name_key, instr(name_key, char(1)) + 1)`;
  await sql`CREATE INDEX customers_trash_first ON customers (workspace_id, ${firstName}, id)
            WHERE deleted_at IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customers_trash_first').execute();
}
