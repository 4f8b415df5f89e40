// The customer book: one row per customer, soft-deleted, versioned for conflict checks.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const TEXT_FIELDS = ['email', 'phone', 'address', 'city', 'state', 'zipcode'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  let table = db.schema
    .createTable('customers')
    .addColumn('id', postgres ? 'serial' : 'integer', (col) =>
      postgres ? col.primaryKey() : col.primaryKey().autoIncrement(),
    )
    .addColumn('workspace_id', 'integer', (col) =>
      col.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('first_name', 'text', (col) => col.notNull())
    .addColumn('last_name', 'text', (col) => col.notNull());
  for (const field of TEXT_FIELDS) {
    table = table.addColumn(field, 'text', (col) => col.notNull().defaultTo(''));
  }
  await table
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('updated_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('deleted_at', 'text')
    .execute();

  // The table's default order: a workspace's live customers, newest first.
  await db.schema
    .createIndex('customers_workspace_created')
    .on('customers')
    .columns(['workspace_id', 'created_at desc', 'id desc'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('customers').execute();
}
