// Fast finding at scale: a full-text index over the searchable fields, kept in step by triggers inside
// each write's transaction, and a per-workspace count of live customers kept the same way.
// PostgreSQL gets the counter and the sort indexes; its search index comes with 0006, which replaced
// this migration's FTS5 index before PostgreSQL was supported.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const SEARCHED = ['name', 'email', 'phone', 'city', 'state', 'zipcode'] as const;

/** The phone's digits alone, so "5550100" finds "+1 (555) 0100". */
const digits = (column: string) =>
  ['+', '(', ')', '-', '.', ' '].reduce((expr, ch) => `replace(${expr}, '${ch}', '')`, column);

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) return upPostgres(db);
  // What the index holds for a live customer; deleted customers leave the index and come back on
  // restore. (A workspace token in the index was tried: AND-ing every search with a workspace's whole
  // doclist made a million-row workspace's searches 20x slower, so the workspace is a SQL filter.) The phone is indexed as typed, as all its digits, and as its digits without the
  // first one to three (a country or area code), so any of those finds it.
  const d = digits('phone');
  await sql
    .raw(
      `CREATE VIEW customers_search_source AS
       SELECT id,
              first_name || ' ' || last_name AS name,
              email,
              phone || ' ' || ${d} || ' ' || substr(${d}, 2) || ' ' || substr(${d}, 3) || ' ' || substr(${d}, 4) AS phone,
              city, state, zipcode
       FROM customers
       WHERE deleted_at IS NULL`,
    )
    .execute(db);

  // External content: the index stores no copy of the text. Case- and accent-insensitive tokens;
  // prefix indexes make 2- and 3-letter prefixes (the first keystrokes) cheap.
  await sql
    .raw(
      `CREATE VIRTUAL TABLE customers_fts USING fts5(
         ${SEARCHED.join(', ')},
         content='customers_search_source', content_rowid='id',
         tokenize='unicode61 remove_diacritics 2', prefix='2 3'
       )`,
    )
    .execute(db);

  const columns = SEARCHED.join(', ');
  const add = (rowid: string) =>
    `INSERT INTO customers_fts(rowid, ${columns}) SELECT id, ${columns} FROM customers_search_source WHERE id = ${rowid};`;
  const remove = (rowid: string) =>
    `INSERT INTO customers_fts(customers_fts, rowid, ${columns}) SELECT 'delete', id, ${columns} FROM customers_search_source WHERE id = ${rowid};`;
  // The view returns nothing for a deleted row, so the same statements also drop and restore entries.
  const watched = 'first_name, last_name, email, phone, city, state, zipcode, deleted_at';

  await sql
    .raw(`CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN ${add('new.id')} END`)
    .execute(db);
  // The old entry must be removed with the old values, so before the row changes.
  await sql
    .raw(
      `CREATE TRIGGER customers_fts_before_update BEFORE UPDATE OF ${watched} ON customers BEGIN ${remove('old.id')} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER customers_fts_after_update AFTER UPDATE OF ${watched} ON customers BEGIN ${add('new.id')} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER customers_fts_delete BEFORE DELETE ON customers BEGIN ${remove('old.id')} END`,
    )
    .execute(db);
  await sql`INSERT INTO customers_fts(customers_fts) VALUES ('rebuild')`.execute(db);

  // The count shown above the table, without counting the table.
  await db.schema
    .alterTable('workspaces')
    .addColumn('customer_count', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await sql`UPDATE workspaces SET customer_count = (
      SELECT count(*) FROM customers WHERE customers.workspace_id = workspaces.id AND customers.deleted_at IS NULL)`.execute(
    db,
  );
  await sql
    .raw(
      `CREATE TRIGGER customers_count_insert AFTER INSERT ON customers WHEN new.deleted_at IS NULL BEGIN
         UPDATE workspaces SET customer_count = customer_count + 1 WHERE id = new.workspace_id;
       END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER customers_count_soft_delete AFTER UPDATE OF deleted_at ON customers
       WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
         UPDATE workspaces SET customer_count = customer_count + (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END)
         WHERE id = new.workspace_id;
       END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER customers_count_delete AFTER DELETE ON customers WHEN old.deleted_at IS NULL BEGIN
         UPDATE workspaces SET customer_count = customer_count - 1 WHERE id = old.workspace_id;
       END`,
    )
    .execute(db);

  // One index per sort the table offers, each ending in id so ties break the same way every time.
  const live = sql.ref('deleted_at');
  await db.schema
    .createIndex('customers_workspace_name')
    .on('customers')
    .expression(sql`workspace_id, last_name COLLATE NOCASE, first_name COLLATE NOCASE, id`)
    .where(live, 'is', null)
    .execute();
  await db.schema
    .createIndex('customers_workspace_email')
    .on('customers')
    .expression(sql`workspace_id, email COLLATE NOCASE, id`)
    .where(live, 'is', null)
    .execute();
  await db.schema
    .createIndex('customers_workspace_city')
    .on('customers')
    .expression(sql`workspace_id, city COLLATE NOCASE, id`)
    .where(live, 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) return downPostgres(db);
  for (const index of [
    'customers_workspace_name',
    'customers_workspace_email',
    'customers_workspace_city',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  for (const trigger of [
    'customers_count_insert',
    'customers_count_soft_delete',
    'customers_count_delete',
    'customers_fts_insert',
    'customers_fts_before_update',
    'customers_fts_after_update',
    'customers_fts_delete',
  ]) {
    await sql.raw(`DROP TRIGGER ${trigger}`).execute(db);
  }
  await db.schema.alterTable('workspaces').dropColumn('customer_count').execute();
  await sql`DROP TABLE customers_fts`.execute(db);
  await sql`DROP VIEW customers_search_source`.execute(db);
}

// --- PostgreSQL -----------------------------------------------------------------------------------

const SORT_INDEXES_POSTGRES = {
  customers_workspace_name: sql`workspace_id, lower(last_name), lower(first_name), id`,
  customers_workspace_email: sql`workspace_id, lower(email), id`,
  customers_workspace_city: sql`workspace_id, lower(city), id`,
};

async function upPostgres(db: Kysely<any>): Promise<void> {
  // The count shown above the table, kept by a trigger in the same transaction as each write.
  await db.schema
    .alterTable('workspaces')
    .addColumn('customer_count', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await sql`UPDATE workspaces SET customer_count = (
      SELECT count(*) FROM customers WHERE customers.workspace_id = workspaces.id AND customers.deleted_at IS NULL)`.execute(
    db,
  );
  // Once per statement, over the rows it changed (transition tables), not once per row: a bulk insert
  // of thousands of customers would otherwise update the workspace's row thousands of times in one
  // transaction, each update slower than the last (every earlier version stays until it commits).
  const counted = {
    customers_count_insert: {
      tables: 'NEW TABLE AS changed',
      event: 'INSERT',
      delta: `SELECT workspace_id, count(*) AS delta FROM changed WHERE deleted_at IS NULL GROUP BY workspace_id`,
    },
    customers_count_delete: {
      tables: 'OLD TABLE AS changed',
      event: 'DELETE',
      delta: `SELECT workspace_id, -count(*) AS delta FROM changed WHERE deleted_at IS NULL GROUP BY workspace_id`,
    },
    // A soft delete or a restore (deleted_at turning set or null), counted on the new row's workspace.
    customers_count_soft_delete: {
      tables: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
      event: 'UPDATE',
      delta: `SELECT new_rows.workspace_id, sum(CASE WHEN new_rows.deleted_at IS NULL THEN 1 ELSE -1 END) AS delta
              FROM old_rows JOIN new_rows ON new_rows.id = old_rows.id
              WHERE (old_rows.deleted_at IS NULL) <> (new_rows.deleted_at IS NULL) GROUP BY new_rows.workspace_id`,
    },
  };
  for (const [name, { tables, event, delta }] of Object.entries(counted)) {
    await sql
      .raw(
        `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           UPDATE workspaces SET customer_count = customer_count + d.delta
           FROM (${delta}) AS d WHERE workspaces.id = d.workspace_id;
           RETURN NULL;
         END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${name} AFTER ${event} ON customers REFERENCING ${tables}
         FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
      )
      .execute(db);
  }

  for (const [index, expression] of Object.entries(SORT_INDEXES_POSTGRES)) {
    await db.schema
      .createIndex(index)
      .on('customers')
      .expression(expression)
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
  }
}

async function downPostgres(db: Kysely<any>): Promise<void> {
  for (const index of Object.keys(SORT_INDEXES_POSTGRES))
    await db.schema.dropIndex(index).execute();
  for (const trigger of [
    'customers_count_insert',
    'customers_count_soft_delete',
    'customers_count_delete',
  ]) {
    await sql`DROP TRIGGER ${sql.id(trigger)} ON customers`.execute(db);
    await sql`DROP FUNCTION ${sql.id(trigger)}()`.execute(db);
  }
  await db.schema.alterTable('workspaces').dropColumn('customer_count').execute();
}
