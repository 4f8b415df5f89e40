// Work that runs in the background, and CSV imports:
// - jobs: one row per background job (an import, its revert, a bulk action), claimed with a lease
//   (lease_owner until lease_expires_at, epoch milliseconds) so exactly one process of one instance
//   runs it; its position (JSON) is saved with each batch's own writes, so a job resumes after a
//   restart where its last committed batch left it.
// - imports: an uploaded file, its mapping and duplicate policy, state and counts.
// - import_rows: the file's parsed rows staged in the database (not on one machine's disk, so any
//   instance can run the import), and what became of each (for failed rows, the result page and revert).
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = onPostgres(db);
  const id = postgres ? 'serial' : 'integer';
  const primary = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey() : col.primaryKey().autoIncrement();
  const workspace = (col: ColumnDefinitionBuilder) =>
    col.notNull().references('workspaces.id').onDelete('cascade');

  await db.schema
    .createTable('jobs')
    .addColumn('id', id, primary)
    .addColumn('workspace_id', 'integer', workspace)
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('position', 'text')
    // queued (not yet run or between leases) | done | failed
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  // The runner's poll: the oldest queued job, read from an index holding queued jobs only.
  await db.schema
    .createIndex('jobs_queued')
    .on('jobs')
    .column('id')
    .where(sql.ref('state'), '=', 'queued')
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', id, primary)
    .addColumn('workspace_id', 'integer', workspace)
    // A plain number, as elsewhere: members are deactivated, never deleted without their workspace.
    .addColumn('created_by', 'integer', (col) => col.notNull())
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('encoding', 'text', (col) => col.notNull())
    .addColumn('separator', 'text', (col) => col.notNull())
    // JSON: the header row's cells.
    .addColumn('headers', 'text', (col) => col.notNull())
    .addColumn('row_count', 'integer', (col) => col.notNull())
    // JSON: which field each column goes to, and whether the rest is kept as a note.
    .addColumn('mapping', 'text')
    // skip | update | create: what an existing customer with the same email means.
    .addColumn('policy', 'text')
    // mapping | running | done | failed | reverting | reverted
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('job_id', 'integer', (col) => col.references('jobs.id').onDelete('set null'))
    .addColumn('done_rows', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('failed_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('reverted_at', 'text')
    .addColumn('reverted_by', 'integer')
    .addColumn('revert_kept', 'integer', (col) => col.notNull().defaultTo(0))
    // Why an import stopped (state failed), in words for the person who ran it.
    .addColumn('message', 'text')
    .execute();
  // Past imports, newest first.
  await db.schema
    .createIndex('imports_workspace')
    .on('imports')
    .columns(['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('import_rows')
    .addColumn('import_id', 'integer', (col) =>
      col.notNull().references('imports.id').onDelete('cascade'),
    )
    // The record's line in the file as a spreadsheet numbers it (the header row is 1).
    .addColumn('row_number', 'integer', (col) => col.notNull())
    // JSON: the record's cells as parsed.
    .addColumn('cells', 'text', (col) => col.notNull())
    // null until imported: created | updated | skipped | failed | kept (a revert left it: edited since)
    .addColumn('outcome', 'text')
    .addColumn('customer_id', 'integer')
    // JSON: [{field, message}] of a failed or skipped row.
    .addColumn('problems', 'text')
    // JSON: an updated customer's values before the import wrote them, for revert.
    .addColumn('before', 'text')
    // The customer's version after the import wrote it: a later version means someone edited it since.
    .addColumn('version_after', 'integer')
    // The folded email of a row that was imported (or matched an existing customer): a later row of
    // the file with the same email is a duplicate within the file (the first one wins).
    .addColumn('email_key', 'text')
    // null until reverted: reverted | kept (edited since the import, left alone)
    .addColumn('revert_outcome', 'text')
    .addPrimaryKeyConstraint('import_rows_pk', ['import_id', 'row_number'])
    .execute();
  // The failed rows of an import, in file order, without reading the rest.
  await db.schema
    .createIndex('import_rows_outcome')
    .on('import_rows')
    .columns(['import_id', 'outcome', 'row_number'])
    .execute();
  await db.schema
    .createIndex('import_rows_email')
    .on('import_rows')
    .columns(['import_id', 'email_key'])
    .where(sql.ref('email_key'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_rows').execute();
  await db.schema.dropTable('imports').execute();
  await db.schema.dropTable('jobs').execute();
}
