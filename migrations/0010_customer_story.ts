// Each customer's story: notes, a history of every change, a trash, and each person's time zone.
// - customer_notes: what the team wrote about a customer, versioned like customers (a stale edit is a
//   conflict), soft-deleted for Undo.
// - customer_events: one row per write to a customer (created, changed with old and new values,
//   deleted, restored, imported, merged) and per note written, in the write's transaction; the
//   record page's timeline reads it newest first by id.
// - customers.touched_at: the last field change or note (the table's "last touched" sort);
//   customers.deleted_by: who put a customer in the trash; customers.note_terms: the search terms of
//   its live notes, searched with its own terms, so a note's words find the customer everywhere a
//   search counts.
// - users.time_zone: an IANA name; null until the person or their browser says.
// Indexes are built while the migration holds the write lock: on a million customers about 10 s on
// SQLite (the touched_at fill and sort index), a few seconds on PostgreSQL.
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = onPostgres(db);
  await customerColumns(db, postgres);
  await notesAndEvents(db, postgres);
  if (postgres) await searchNoteTermsPostgres(db);
  else await searchNoteTermsSqlite(db);
}

async function customerColumns(db: Kysely<any>, postgres: boolean): Promise<void> {
  const text = postgres ? sql`text COLLATE "C"` : 'text';
  // deleted_by, actor_id and author_id are plain numbers: users are only ever deleted with their
  // workspace (members are deactivated), and SQLite cannot drop a column a foreign key names.

  await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();

  await db.schema
    .alterTable('customers')
    .addColumn('touched_at', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('customers').addColumn('deleted_by', 'integer').execute();
  await db.schema
    .alterTable('customers')
    .addColumn('note_terms', text, (col) => col.notNull().defaultTo(''))
    .execute();
  // Until now the last change was the last touch; a deleted customer was last changed by its deleter.
  await sql`UPDATE customers SET touched_at = updated_at`.execute(db);
  await sql`UPDATE customers SET deleted_by = updated_by WHERE deleted_at IS NOT NULL`.execute(db);
  await db.schema
    .createIndex('customers_workspace_touched')
    .on('customers')
    .columns(['workspace_id', 'touched_at', 'id'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  // The trash: newest deletions first, and found by name or email prefix, reading deleted rows only.
  for (const [index, column] of [
    ['customers_trash', 'deleted_at'],
    ['customers_trash_name', 'name_key'],
    ['customers_trash_email', 'email_key'],
  ] as const) {
    await db.schema
      .createIndex(index)
      .on('customers')
      .columns(['workspace_id', column, 'id'])
      .where(sql.ref('deleted_at'), 'is not', null)
      .execute();
  }
}

async function notesAndEvents(db: Kysely<any>, postgres: boolean): Promise<void> {
  const id = postgres ? 'serial' : 'integer';
  const primary = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey() : col.primaryKey().autoIncrement();
  await db.schema
    .createTable('customer_notes')
    .addColumn('id', id, primary)
    .addColumn('workspace_id', 'integer', (col) =>
      col.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('customer_id', 'integer', (col) =>
      col.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('author_id', 'integer', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer')
    .execute();
  await db.schema
    .createIndex('customer_notes_customer')
    .on('customer_notes')
    .columns(['customer_id', 'id'])
    .execute();

  await db.schema
    .createTable('customer_events')
    .addColumn('id', id, primary)
    .addColumn('workspace_id', 'integer', (col) =>
      col.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('customer_id', 'integer', (col) =>
      col.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('occurred_at', 'text', (col) => col.notNull())
    // null: an operator at the command line, or a migration.
    .addColumn('actor_id', 'integer')
    .addColumn('kind', 'text', (col) => col.notNull())
    // JSON {field: [old, new]} of the fields the write changed (all of them for 'created').
    .addColumn('changes', 'text')
    // JSON: what else the entry needs to be read (the event a restore came from, an import, a merge).
    .addColumn('details', 'text')
    .addColumn('note_id', 'integer', (col) =>
      col.references('customer_notes.id').onDelete('cascade'),
    )
    .execute();
  // The timeline: one customer's events newest first, a page at a time (keyset on id).
  await db.schema
    .createIndex('customer_events_customer')
    .on('customer_events')
    .columns(['customer_id', 'id'])
    .execute();
}

// --- the search index reads note_terms beside search_text -----------------------------------------
// `withNotes` false puts back 0006's definitions exactly (for down()).

/** SQLite: 0006's view and update triggers, reading and watching note_terms too. */
async function searchNoteTermsSqlite(db: Kysely<any>, withNotes = true): Promise<void> {
  await sql`DROP TRIGGER customers_search_before_update`.execute(db);
  await sql`DROP TRIGGER customers_search_after_update`.execute(db);
  await sql`DROP VIEW customers_search_terms`.execute(db);
  const terms = withNotes ? 'search_text || note_terms' : 'search_text';
  await sql
    .raw(
      `CREATE VIEW customers_search_terms AS
       SELECT id, replace(${terms}, ' ', ' ' || printf('%010d', workspace_id)) AS terms
       FROM customers WHERE deleted_at IS NULL`,
    )
    .execute(db);
  const add = `INSERT INTO customers_fts(rowid, terms) SELECT id, terms FROM customers_search_terms WHERE id = new.id;`;
  const remove = `INSERT INTO customers_fts(customers_fts, rowid, terms) SELECT 'delete', id, terms FROM customers_search_terms WHERE id = old.id;`;
  const watched = `search_text, ${withNotes ? 'note_terms, ' : ''}deleted_at, workspace_id`;
  // The old entry must be removed with the old terms, so before the row changes.
  await sql
    .raw(
      `CREATE TRIGGER customers_search_before_update BEFORE UPDATE OF ${watched} ON customers BEGIN ${remove} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER customers_search_after_update AFTER UPDATE OF ${watched} ON customers BEGIN ${add} END`,
    )
    .execute(db);
}

/** PostgreSQL: 0006's trigger functions, reading note_terms too (a word in both is one row). */
async function searchNoteTermsPostgres(db: Kysely<any>, withNotes = true): Promise<void> {
  const termsOf = (row: string) =>
    withNotes ? `${row}.search_text || ${row}.note_terms` : `${row}.search_text`;
  const distinct = withNotes ? 'DISTINCT ' : '';
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION customers_search_terms_sync() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           DELETE FROM customer_search_terms WHERE customer_id = OLD.id;
         END IF;
         IF NEW.deleted_at IS NULL THEN
           INSERT INTO customer_search_terms (workspace_id, term, customer_id)
           SELECT ${distinct}NEW.workspace_id, term, NEW.id
           FROM unnest(string_to_array(ltrim(${termsOf('NEW')}, ' '), ' ')) AS term WHERE term <> '';
         END IF;
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION customers_search_terms_insert() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO customer_search_terms (workspace_id, term, customer_id)
         SELECT ${distinct}new_rows.workspace_id, term, new_rows.id FROM new_rows,
                unnest(string_to_array(ltrim(${termsOf('new_rows')}, ' '), ' ')) AS term
         WHERE new_rows.deleted_at IS NULL AND term <> '';
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql`DROP TRIGGER customers_search_update ON customers`.execute(db);
  await sql
    .raw(
      `CREATE TRIGGER customers_search_update
       AFTER UPDATE OF search_text, ${withNotes ? 'note_terms, ' : ''}deleted_at, workspace_id ON customers
       FOR EACH ROW
       WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text
             ${withNotes ? 'OR OLD.note_terms IS DISTINCT FROM NEW.note_terms' : ''}
             OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
             OR OLD.workspace_id <> NEW.workspace_id)
       EXECUTE FUNCTION customers_search_terms_sync()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = onPostgres(db);
  // Notes leave the index first: 0006's view and triggers read search_text alone again.
  await sql`UPDATE customers SET note_terms = '' WHERE note_terms <> ''`.execute(db);
  if (postgres) await searchNoteTermsPostgres(db, false);
  else await searchNoteTermsSqlite(db, false);
  await db.schema.dropTable('customer_events').execute();
  await db.schema.dropTable('customer_notes').execute();
  for (const index of [
    'customers_trash_email',
    'customers_trash_name',
    'customers_trash',
    'customers_workspace_touched',
  ])
    await db.schema.dropIndex(index).execute();
  for (const column of ['note_terms', 'deleted_by', 'touched_at'])
    await db.schema.alterTable('customers').dropColumn(column).execute();
  await db.schema.alterTable('users').dropColumn('time_zone').execute();
}
