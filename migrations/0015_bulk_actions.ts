// Acting on many customers at once (delete, set a field, restore from the trash), with one Undo:
// - bulk_actions: one row per action a person started: what it does, the selection it was made from
//   (ids, or the search, as JSON) and the moment it was made (customers changed by someone else after
//   it are left alone), how far it got (it runs in batches, in the background past 1,000 customers)
//   and whether it was undone.
// - bulk_action_customers: each customer an action reached, what happened to it ('changed', or
//   'skipped': changed by someone else since the selection) and what Undo needs: the old value of a
//   set field, and the updated_at the action wrote (a customer changed since is left alone by Undo).
import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = onPostgres(db);
  const primary = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey() : col.primaryKey().autoIncrement();
  await db.schema
    .createTable('bulk_actions')
    .addColumn('id', postgres ? 'serial' : 'integer', primary)
    .addColumn('workspace_id', 'integer', (col) =>
      col.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('actor_id', 'integer', (col) => col.notNull())
    // 'delete' | 'set' | 'restore'
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('field', 'text')
    .addColumn('value', 'text')
    // JSON: {"ids": [...]} or {"list": {"q": ...}} (the table's search) or {"trash": {"q": ...}}
    .addColumn('selection', 'text', (col) => col.notNull())
    .addColumn('selected_at', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    // 'running' | 'done' | 'failed'
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('total', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('changed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (col) => col.notNull().defaultTo(0))
    // The last customer id a batch reached: the next batch starts after it.
    .addColumn('cursor', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('undone_at', 'text')
    .addColumn('undone_by', 'integer')
    // Undo runs in batches too: 'running' | 'done' | 'failed', and what it put back or left alone.
    .addColumn('undo_status', 'text')
    .addColumn('undo_changed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('undo_left_alone', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('bulk_actions_workspace')
    .on('bulk_actions')
    .columns(['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('bulk_action_customers')
    .addColumn('bulk_action_id', 'integer', (col) =>
      col.notNull().references('bulk_actions.id').onDelete('cascade'),
    )
    .addColumn('customer_id', 'integer', (col) =>
      col.notNull().references('customers.id').onDelete('cascade'),
    )
    // 'changed' | 'skipped'
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('old_value', 'text')
    .addColumn('written_at', 'text')
    .addPrimaryKeyConstraint('bulk_action_customers_pk', ['bulk_action_id', 'customer_id'])
    .execute();
  // Deleting a customer for good cascades here: by customer, not a read of every action's rows.
  await db.schema
    .createIndex('bulk_action_customers_customer')
    .on('bulk_action_customers')
    .column('customer_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bulk_action_customers').execute();
  await db.schema.dropTable('bulk_actions').execute();
}
