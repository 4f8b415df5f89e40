// Merging two records of one person (customers/merging/), and its Undo:
// - customer_merges: one row per merge: the record kept and the one merged away (in the trash), who
//   and when, the kept record's merge event and version right after (Undo refuses once it was edited
//   since), and whether it was undone. Deleting either record for good (purge) takes the row with it.
// - customer_merge_moves: each note and history event the merge moved from the other record to the
//   kept one, so Undo moves exactly those back.
// - customer_events.merged_from: the record an event was written on, once a merge moved it (null: its
//   own). The timeline labels such events, and "put back" and "restore this version" read only a
//   customer's own changes.
import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = onPostgres(db);
  const primary = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey() : col.primaryKey().autoIncrement();
  await db.schema
    .createTable('customer_merges')
    .addColumn('id', postgres ? 'serial' : 'integer', primary)
    .addColumn('workspace_id', 'integer', (col) =>
      col.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('kept_id', 'integer', (col) =>
      col.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('merged_id', 'integer', (col) =>
      col.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('actor_id', 'integer', (col) => col.notNull())
    .addColumn('merged_at', 'text', (col) => col.notNull())
    // The kept record's 'merged' event (its changes say what Undo puts back) and version after it.
    .addColumn('event_id', 'integer', (col) => col.notNull())
    .addColumn('kept_version', 'integer', (col) => col.notNull())
    .addColumn('undone_at', 'text')
    .addColumn('undone_by', 'integer')
    .execute();
  // Deleting a customer for good cascades here: by customer, never a read of every merge.
  await db.schema
    .createIndex('customer_merges_kept')
    .on('customer_merges')
    .column('kept_id')
    .execute();
  await db.schema
    .createIndex('customer_merges_merged')
    .on('customer_merges')
    .column('merged_id')
    .execute();

  await db.schema
    .createTable('customer_merge_moves')
    .addColumn('merge_id', 'integer', (col) =>
      col.notNull().references('customer_merges.id').onDelete('cascade'),
    )
    // 'note' | 'event'
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('row_id', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('customer_merge_moves_pk', ['merge_id', 'kind', 'row_id'])
    .execute();

  await db.schema.alterTable('customer_events').addColumn('merged_from', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customer_events').dropColumn('merged_from').execute();
  await db.schema.dropTable('customer_merge_moves').execute();
  await db.schema.dropTable('customer_merges').execute();
}
