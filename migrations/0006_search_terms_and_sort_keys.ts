// Finding and sorting by keys computed in TypeScript (src/customers/keys.ts) and stored with each
// customer, so every engine finds and orders the same rows byte for byte:
// - name_key, email_key, city_key: folded sort keys (accents and case), '' when the value is empty;
//   one index per sort replaces 0004's NOCASE indexes (NOCASE folds ASCII only: "Østergaard" sorted
//   after "Zhou").
// - search_text: the customer's search terms (" wgrace whopper p5550100 ..."): every folded word, one
//   letter long or more, and every run of 4+ trailing digits of the phone number.
// - customers_fts: 0004's index is replaced by one over those terms, each prefixed with the
//   workspace's code, so a search reads only its own workspace's part of the index. (0004 tried a
//   workspace token AND-ed with every search; a workspace prefix on each term needs no AND.)
// Existing rows are filled here with a frozen copy of the folding as it is today; app code is never
// imported by a migration. On a million customers this takes about a minute and holds the write lock.
// PostgreSQL (which came after this migration): the same columns and sort indexes, the keys compared
// byte-wise (COLLATE "C", as SQLite's BINARY does), and the terms in a table of their own (see below).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// --- frozen copy of src/customers/keys.ts (customerKeys) as of this migration ----------------------

const LETTERS: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ſ: 's',
  ς: 'σ',
};
const UNDECOMPOSED = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');
const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(UNDECOMPOSED, (letter) => LETTERS[letter]!)
    .normalize('NFC');
const sortKey = (text: string) =>
  fold(text)
    .replace(/[\p{Cc}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
const foldedWords = (text: string) => fold(text).match(/\p{L}+|\p{N}+/gu) ?? [];

interface Values {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  city: string;
  state: string;
  zipcode: string;
}

export function frozenKeys(values: Values): {
  name_key: string;
  email_key: string;
  city_key: string;
  search_text: string;
} {
  const digits = values.phone.replace(/\p{L}.*$/su, '').replace(/\D/g, '');
  const runs: string[] = [];
  for (let start = 0; digits.length - start >= 4; start += 1) runs.push(digits.slice(start));
  const text = [
    values.first_name,
    values.last_name,
    values.email,
    values.phone,
    values.city,
    values.state,
    values.zipcode,
  ].join(' ');
  const terms = new Set([
    ...foldedWords(text).map((word) => `w${word}`),
    ...runs.map((run) => `p${run}`),
  ]);
  return {
    name_key: `${sortKey(values.last_name)}\u0001${sortKey(values.first_name)}`,
    email_key: sortKey(values.email),
    city_key: sortKey(values.city),
    search_text: terms.size === 0 ? '' : ` ${[...terms].join(' ')}`,
  };
}

// --- the migration -------------------------------------------------------------------------------

const KEYS = ['name_key', 'email_key', 'city_key', 'search_text'] as const;
const BATCH = 2_000;

const OLD_TRIGGERS = [
  'customers_fts_insert',
  'customers_fts_before_update',
  'customers_fts_after_update',
  'customers_fts_delete',
];
const SORT_INDEXES = {
  customers_workspace_name_key: 'name_key',
  customers_workspace_email_key: 'email_key',
  customers_workspace_city_key: 'city_key',
};

/** Every row, deleted ones too (a restore brings them back as they were). */
async function fillKeys(db: Kysely<any>, postgres: boolean): Promise<void> {
  for (let last = 0; ;) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'first_name', 'last_name', 'email', 'phone', 'city', 'state', 'zipcode'])
      .where('id', '>', last)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    const values = rows.map((row) => {
      const keys = frozenKeys(row);
      // PostgreSQL types a VALUES parameter as text; the id is compared with an integer.
      const id = postgres ? sql`${row.id}::integer` : sql`${row.id}`;
      return sql`(${id}, ${keys.name_key}, ${keys.email_key}, ${keys.city_key}, ${keys.search_text})`;
    });
    await sql`UPDATE customers SET name_key = v.column2, email_key = v.column3, city_key = v.column4, search_text = v.column5
              FROM (VALUES ${sql.join(values)}) AS v WHERE customers.id = v.column1`.execute(db);
    last = rows.at(-1)!.id as number;
  }
}

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) return upPostgres(db);
  for (const column of KEYS) {
    await db.schema
      .alterTable('customers')
      .addColumn(column, 'text', (col) => col.notNull().defaultTo(''))
      .execute();
  }
  // 0004's index and the triggers that feed it go first, so filling the new columns does not feed them.
  for (const trigger of OLD_TRIGGERS) await sql.raw(`DROP TRIGGER ${trigger}`).execute(db);
  await sql`DROP TABLE customers_fts`.execute(db);
  await sql`DROP VIEW customers_search_source`.execute(db);
  for (const index of [
    'customers_workspace_name',
    'customers_workspace_email',
    'customers_workspace_city',
  ]) {
    await db.schema.dropIndex(index).execute();
  }

  await fillKeys(db, false);

  // One run of an index per sort, ending in id so ties break the same way every time.
  for (const [index, column] of Object.entries(SORT_INDEXES)) {
    await db.schema
      .createIndex(index)
      .on('customers')
      .columns(['workspace_id', column, 'id'])
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
  }

  // What the index holds for a live customer: its terms, each behind the workspace's 10-digit code.
  // Deleted customers leave the index and come back on restore.
  await sql`CREATE VIEW customers_search_terms AS
            SELECT id, replace(search_text, ' ', ' ' || printf('%010d', workspace_id)) AS terms
            FROM customers WHERE deleted_at IS NULL`.execute(db);
  // The terms are already folded and split, so the ascii tokenizer takes them as they are (it splits
  // on ASCII punctuation and spaces only). detail=none: no phrase or column queries are ever made, so
  // no positions are stored. Prefix indexes of code + kind + 1, 2 and 3 characters make one- to
  // three-letter searches (the first keystrokes) a read of one term.
  await sql`CREATE VIRTUAL TABLE customers_fts USING fts5(
              terms, content='customers_search_terms', content_rowid='id',
              tokenize='ascii', detail='none', prefix='12 13 14')`.execute(db);
  const add = (rowid: string) =>
    `INSERT INTO customers_fts(rowid, terms) SELECT id, terms FROM customers_search_terms WHERE id = ${rowid};`;
  const remove = (rowid: string) =>
    `INSERT INTO customers_fts(customers_fts, rowid, terms) SELECT 'delete', id, terms FROM customers_search_terms WHERE id = ${rowid};`;
  // The view returns nothing for a deleted row, so the same statements also drop and restore entries.
  const watched = 'search_text, deleted_at, workspace_id';
  await sql
    .raw(
      `CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN ${add('new.id')} END`,
    )
    .execute(db);
  // The old entry must be removed with the old terms, so before the row changes.
  await sql
    .raw(
      `CREATE TRIGGER customers_search_before_update BEFORE UPDATE OF ${watched} ON customers BEGIN ${remove('old.id')} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER customers_search_after_update AFTER UPDATE OF ${watched} ON customers BEGIN ${add('new.id')} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER customers_search_delete BEFORE DELETE ON customers BEGIN ${remove('old.id')} END`,
    )
    .execute(db);
  await sql`INSERT INTO customers_fts(customers_fts) VALUES ('rebuild')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) return downPostgres(db);
  for (const trigger of [
    'customers_search_insert',
    'customers_search_before_update',
    'customers_search_after_update',
    'customers_search_delete',
  ]) {
    await sql.raw(`DROP TRIGGER ${trigger}`).execute(db);
  }
  await sql`DROP TABLE customers_fts`.execute(db);
  await sql`DROP VIEW customers_search_terms`.execute(db);
  for (const index of Object.keys(SORT_INDEXES)) await db.schema.dropIndex(index).execute();
  for (const column of KEYS) await db.schema.alterTable('customers').dropColumn(column).execute();

  // 0004's search index, triggers and sort indexes, exactly as 0004 made them.
  const digits = ['+', '(', ')', '-', '.', ' '].reduce(
    (expr, ch) => `replace(${expr}, '${ch}', '')`,
    'phone',
  );
  await sql
    .raw(
      `CREATE VIEW customers_search_source AS
       SELECT id,
              first_name || ' ' || last_name AS name,
              email,
              phone || ' ' || ${digits} || ' ' || substr(${digits}, 2) || ' ' || substr(${digits}, 3) || ' ' || substr(${digits}, 4) AS phone,
              city, state, zipcode
       FROM customers
       WHERE deleted_at IS NULL`,
    )
    .execute(db);
  const searched = 'name, email, phone, city, state, zipcode';
  await sql
    .raw(
      `CREATE VIRTUAL TABLE customers_fts USING fts5(
         ${searched},
         content='customers_search_source', content_rowid='id',
         tokenize='unicode61 remove_diacritics 2', prefix='2 3'
       )`,
    )
    .execute(db);
  const add = (rowid: string) =>
    `INSERT INTO customers_fts(rowid, ${searched}) SELECT id, ${searched} FROM customers_search_source WHERE id = ${rowid};`;
  const remove = (rowid: string) =>
    `INSERT INTO customers_fts(customers_fts, rowid, ${searched}) SELECT 'delete', id, ${searched} FROM customers_search_source WHERE id = ${rowid};`;
  const watched = 'first_name, last_name, email, phone, city, state, zipcode, deleted_at';
  await sql
    .raw(`CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN ${add('new.id')} END`)
    .execute(db);
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

// --- PostgreSQL -----------------------------------------------------------------------------------
// The stored terms carry over as rows of customer_search_terms (workspace, term, customer), one per
// term of a live customer, kept by a trigger in each write's transaction. A btree in byte order
// (COLLATE "C") over (workspace_id, term) makes a term prefix ("wsmi", "p0100") one range seek inside
// the workspace's part of the index, for words of any length and any run of 4+ phone digits (a
// tsvector would not match digits inside a number). Deleted customers have no rows there.

const POSTGRES_0004_INDEXES = {
  customers_workspace_name: sql`workspace_id, lower(last_name), lower(first_name), id`,
  customers_workspace_email: sql`workspace_id, lower(email), id`,
  customers_workspace_city: sql`workspace_id, lower(city), id`,
};

async function upPostgres(db: Kysely<any>): Promise<void> {
  for (const column of KEYS) {
    await db.schema
      .alterTable('customers')
      .addColumn(column, sql`text COLLATE "C"`, (col) => col.notNull().defaultTo(''))
      .execute();
  }
  for (const index of Object.keys(POSTGRES_0004_INDEXES))
    await db.schema.dropIndex(index).execute();
  await fillKeys(db, true);
  for (const [index, column] of Object.entries(SORT_INDEXES)) {
    await db.schema
      .createIndex(index)
      .on('customers')
      .columns(['workspace_id', column, 'id'])
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
  }

  await sql`CREATE TABLE customer_search_terms (
              workspace_id integer NOT NULL,
              term text COLLATE "C" NOT NULL,
              customer_id integer NOT NULL REFERENCES customers (id) ON DELETE CASCADE)`.execute(
    db,
  );
  await sql
    .raw(
      `INSERT INTO customer_search_terms (workspace_id, term, customer_id)
       SELECT c.workspace_id, term, c.id FROM customers c,
              unnest(string_to_array(ltrim(c.search_text, ' '), ' ')) AS term
       WHERE c.deleted_at IS NULL AND term <> ''`,
    )
    .execute(db);
  // The terms of a customer are a set (keys.ts), so each (workspace, term, customer) is there once.
  await sql`ALTER TABLE customer_search_terms ADD PRIMARY KEY (workspace_id, term, customer_id)`.execute(
    db,
  );
  await sql`CREATE INDEX customer_search_terms_customer ON customer_search_terms (customer_id)`.execute(
    db,
  );
  await keepSearchTerms(db);
}

/** The terms of a customer follow its every write, in the write's transaction. */
async function keepSearchTerms(db: Kysely<any>): Promise<void> {
  const terms = (row: string) =>
    `SELECT ${row}.workspace_id, term, ${row}.id
     FROM unnest(string_to_array(ltrim(${row}.search_text, ' '), ' ')) AS term WHERE term <> ''`;
  await sql
    .raw(
      `CREATE FUNCTION customers_search_terms_sync() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           DELETE FROM customer_search_terms WHERE customer_id = OLD.id;
         END IF;
         IF NEW.deleted_at IS NULL THEN
           INSERT INTO customer_search_terms (workspace_id, term, customer_id) ${terms('NEW')};
         END IF;
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  // A delete takes the rows with it (ON DELETE CASCADE). Inserts come in bulk (imports, seeding, a
  // copied book): their terms are added once per statement, from all its new rows.
  await sql
    .raw(
      `CREATE FUNCTION customers_search_terms_insert() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO customer_search_terms (workspace_id, term, customer_id)
         SELECT new_rows.workspace_id, term, new_rows.id FROM new_rows,
                unnest(string_to_array(ltrim(new_rows.search_text, ' '), ' ')) AS term
         WHERE new_rows.deleted_at IS NULL AND term <> '';
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql`CREATE TRIGGER customers_search_insert AFTER INSERT ON customers
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
            EXECUTE FUNCTION customers_search_terms_insert()`.execute(db);
  await sql`CREATE TRIGGER customers_search_update AFTER UPDATE OF search_text, deleted_at, workspace_id
            ON customers FOR EACH ROW
            WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text
                  OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
                  OR OLD.workspace_id <> NEW.workspace_id)
            EXECUTE FUNCTION customers_search_terms_sync()`.execute(db);
}

async function downPostgres(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE customer_search_terms`.execute(db);
  for (const trigger of ['customers_search_insert', 'customers_search_update'])
    await sql`DROP TRIGGER ${sql.id(trigger)} ON customers`.execute(db);
  await sql`DROP FUNCTION customers_search_terms_sync()`.execute(db);
  await sql`DROP FUNCTION customers_search_terms_insert()`.execute(db);
  for (const index of Object.keys(SORT_INDEXES)) await db.schema.dropIndex(index).execute();
  for (const column of KEYS) await db.schema.alterTable('customers').dropColumn(column).execute();
  for (const [index, expression] of Object.entries(POSTGRES_0004_INDEXES)) {
    await db.schema
      .createIndex(index)
      .on('customers')
      .expression(expression)
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
  }
}
