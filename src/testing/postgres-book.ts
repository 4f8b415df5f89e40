// A big book on PostgreSQL in a few seconds, for plan tests (the planner reads a small table whole
// whatever its indexes, so plans are only worth checking at a realistic size). Inserting through the
// app's writers computes the keys in TypeScript one row at a time, far too slowly for 100,000 rows in
// a test; here a few thousand demo customers are keyed by keys.ts and become templates, and one SQL
// statement multiplies them, giving every row its own email, phone number and creation time and
// deriving the keys of those (ASCII) values in SQL the way keys.ts does. The test checks a sample of
// the rows against withKeys(), so a change to keys.ts that this copy misses fails loudly.
import { sql } from 'kysely';
import type { DB } from '../db/database.js';
import { demoCustomers } from '../cli/demo-customers.js';
import {
  CITY_SEPARATOR,
  customerKeys,
  phoneDigits,
  searchText,
  type SearchedValues,
} from '../customers/keys.js';

const TEMPLATES = 4000;
const NONE: SearchedValues = {
  first_name: '',
  last_name: '',
  email: '',
  phone: '',
  city: '',
  state: '',
  zipcode: '',
};

/** The stored terms of some of a customer's fields, as keys.ts makes them (" wji wwoo wkim"). */
const termsOf = (values: Partial<SearchedValues>) => searchText({ ...NONE, ...values });

/** Demo customers as columns of text, with what keys.ts makes of their names and place. */
function templates(): Record<string, string[]> {
  const columns: Record<string, string[]> = {};
  const add = (name: string, value: string) => (columns[name] ??= []).push(value);
  const demo = [...demoCustomers(TEMPLATES * 2)].filter((c) => c.email && c.phone);
  for (const c of demo.slice(0, TEMPLATES)) {
    const keys = customerKeys(c);
    add('first_name', c.first_name);
    add('last_name', c.last_name);
    add('address', c.address);
    add('city', c.city);
    add('state', c.state);
    add('zipcode', c.zipcode);
    add('area', phoneDigits(c.phone).slice(-10, -7));
    // demo emails are first.last<n>@domain, folded to ASCII already.
    add('local', c.email.split('@')[0]!.replace(/\d+$/, ''));
    add('domain', c.email.split('@')[1]!);
    // The email's words around its per-row number, as foldedWords splits them (runs of ASCII
    // letters or digits): the local part ends in a letter once its digits are cut off.
    add('local_terms', asciiWords(c.email.split('@')[0]!.replace(/\d+$/, '')));
    add('domain_terms', asciiWords(c.email.split('@')[1]!));
    // The name alone, up to its end ("last \u0001 first \u0002"): the city, when kept, is added below.
    add('name_key', keys.name_key.slice(0, keys.name_key.indexOf(CITY_SEPARATOR) + 1));
    add('city_key', keys.city_key);
    add('state_key', keys.state_key);
    add('first_terms', termsOf({ first_name: c.first_name }));
    add('last_terms', termsOf({ last_name: c.last_name }));
    add('city_terms', termsOf({ city: c.city }));
    add('state_terms', termsOf({ state: c.state }));
    add('zip_terms', termsOf({ zipcode: c.zipcode }));
  }
  return columns;
}

/** Words of an ASCII value as stored terms: runs of letters and runs of digits (keys.ts foldedWords). */
const asciiWords = (value: string) =>
  (value.match(/[a-z]+|[0-9]+/g) ?? []).map((word) => ` w${word}`).join('');

/** The phone's digit runs of 4 or more (keys.ts phoneRuns), longest first, as plain expressions. */
const phoneRunTerms = (digits: string, longest: number) =>
  Array.from(
    { length: longest - 3 },
    (_, s) =>
      `CASE WHEN length(${digits}) >= ${s + 4} THEN ' p' || substr(${digits}, ${s + 1}) ELSE '' END`,
  ).join(' || ');

/**
 * Adds `count` customers to the workspace in one statement: row i gets template i mod 4,000, its own email (8% none) and phone
 * (5% none), 2.5% no city, creation times a quarter hour apart, and every 50th
 * is deleted.
 */
async function insertBook(
  db: DB,
  workspaceId: number,
  userId: number,
  count: number,
): Promise<void> {
  const columns = templates();
  const names = Object.keys(columns);
  const arrays = sql.join(names.map((name) => sql`${columns[name]}::text[]`));
  const line = `lpad(((i * 7919) % 10000)::text, 4, '0')`;
  // A table of its own, so the planner joins it by hash (it misjudges a function's rows).
  await sql`CREATE TEMP TABLE t ON COMMIT DROP AS
            SELECT * FROM unnest(${arrays}) WITH ORDINALITY AS t(${sql.raw(names.join(', '))}, n)`.execute(
    db,
  );
  await sql`ANALYZE t`.execute(db);
  await sql`
    WITH v AS (
      SELECT i, t.*, i % 997 AS num, ${sql.raw(line)} AS l, i % 12 = 0 AS no_email,
        CASE WHEN i % 20 = 7 THEN 'none' WHEN i % 4 < 2 THEN 'plus' ELSE 'local' END AS dial,
        i % 40 = 3 AS no_city,
        to_char(timestamp '2026-11-24 09:00:00' - (${count}::integer - i) * interval '15 minutes',
                'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created
      FROM generate_series(1, ${count}::integer) AS i
      JOIN t ON t.n = (i - 1) % ${TEMPLATES} + 1
    ), w AS (
      SELECT v.*,
        CASE WHEN no_email THEN '' ELSE v.local || num || '@' || v.domain END AS email,
        CASE dial WHEN 'none' THEN ''
                  WHEN 'plus' THEN '+1 (' || area || ') 555-' || l
                  ELSE (CASE WHEN i % 4 = 2 THEN area || '-555-' || l ELSE '(' || area || ') 555.' || l END)
        END AS phone,
        CASE dial WHEN 'none' THEN '' WHEN 'plus' THEN '1' ELSE '' END || area || '555' || l AS digits,
        v.first_terms || v.last_terms
          || CASE WHEN no_email THEN '' ELSE v.local_terms || ' w' || num || v.domain_terms END
          || CASE dial WHEN 'none' THEN ''
                       ELSE CASE dial WHEN 'plus' THEN ' w1' ELSE '' END
                         || CASE WHEN area = '' THEN '' ELSE ' w' || area END || ' w555 w' || l END
          || CASE WHEN no_city THEN '' ELSE v.city_terms END || v.state_terms || v.zip_terms AS words
      FROM v
    )
    INSERT INTO customers (workspace_id, first_name, last_name, email, phone, address, city, state,
      zipcode, created_at, updated_at, touched_at, created_by, updated_by, deleted_at,
      name_key, email_key, city_key, state_key, phone_key, search_text)
    SELECT ${workspaceId}, first_name, last_name, email, phone, address,
      CASE WHEN no_city THEN '' ELSE city END, state, zipcode, created, created, created, ${userId}, ${userId},
      CASE WHEN i % 50 = 0 THEN created END,
      name_key || CASE WHEN no_city THEN '' ELSE city_key END, email,
      CASE WHEN no_city THEN '' ELSE city_key END, state_key,
      CASE dial WHEN 'none' THEN '' ELSE digits END,
      -- Words in order, each once; then the phone's runs, which no word or other run can equal.
      (SELECT coalesce(string_agg(' ' || term, '' ORDER BY pos), '') FROM (
         SELECT term, min(pos) AS pos
         FROM unnest(string_to_array(ltrim(words, ' '), ' ')) WITH ORDINALITY AS u(term, pos)
         WHERE term <> ''
         GROUP BY term) AS d)
      || CASE dial WHEN 'none' THEN '' ELSE ${sql.raw(phoneRunTerms('digits', 11))} END
    FROM w ORDER BY i`.execute(db);
  await sql`DROP TABLE t`.execute(db);
}

/**
 * Drops the table's indexes (the customers' primary key stays: other tables' keys refer to it) and
 * returns how to build them again, as they were, once the rows are in: one sorted build per index
 * is far cheaper than an entry at a time.
 */
async function setIndexesAside(
  trx: DB,
  table: string,
  primaryToo: boolean,
): Promise<() => Promise<void>> {
  const { rows: indexes } = await sql<{ name: string; definition: string; primary: boolean }>`
    SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition, i.indisprimary AS primary
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = ${table}::regclass AND (${primaryToo} OR NOT i.indisprimary)`.execute(trx);
  for (const index of indexes)
    await (
      index.primary
        ? sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.id(index.name)}`
        : sql`DROP INDEX ${sql.id(index.name)}`
    ).execute(trx);
  return async () => {
    for (const index of indexes) {
      await sql.raw(index.definition).execute(trx);
      if (index.primary)
        await sql`ALTER TABLE ${sql.table(table)} ADD PRIMARY KEY USING INDEX ${sql.id(index.name)}`.execute(
          trx,
        );
    }
  };
}

/**
 * Fills each workspace ({workspaceId, userId, count}) with a book, as a restore would: in one
 * transaction with the triggers off and the indexes set aside, the search terms then added in one
 * statement, every index built once over its rows (adding 1.6 million terms one index entry at a
 * time takes minutes on a busy machine), and the counters set. The terms and counts are what the
 * triggers would have made. Half the trash is merged away, as merging duplicates leaves it.
 */
export async function seedBooks(
  db: DB,
  books: { workspaceId: number; userId: number; count: number }[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(trx);
    const rebuildCustomerIndexes = await setIndexesAside(trx, 'customers', false);
    const rebuildTermIndexes = await setIndexesAside(trx, 'customer_search_terms', true);
    for (const book of books) await insertBook(trx, book.workspaceId, book.userId, book.count);
    await rebuildCustomerIndexes();
    await sql`INSERT INTO customer_search_terms (workspace_id, term, customer_id)
              SELECT c.workspace_id, term, c.id FROM customers c,
                     unnest(string_to_array(ltrim(c.search_text, ' '), ' ')) AS term
              WHERE c.deleted_at IS NULL AND term <> ''`.execute(trx);
    await rebuildTermIndexes();
    // Half the trash came from merges (into the customer added before): the trash's page looks its
    // rows up there, and on an empty table any plan is a sequential scan.
    await sql`INSERT INTO customer_merges (workspace_id, kept_id, merged_id, actor_id, merged_at,
                event_id, kept_version)
              SELECT c.workspace_id, c.id - 1, c.id, c.created_by, c.deleted_at, 0, 1
              FROM customers c WHERE c.deleted_at IS NOT NULL AND c.id % 2 = 0`.execute(trx);
    await sql`UPDATE workspaces SET customer_count = (SELECT count(*) FROM customers
              WHERE customers.workspace_id = workspaces.id AND customers.deleted_at IS NULL)`.execute(
      trx,
    );
  });
}
