// Searching customers on PostgreSQL, behind the CustomerSearch interface (index.ts): the same plans
// (keys.ts), matches, order and capped count as SQLite's FTS5 index gives.
//
// The index: migrations/0006 keeps each live customer's stored terms ("wgrace", "p5550100", every
// folded word and every run of 4+ trailing phone digits) as rows of customer_search_terms, with a
// btree over (workspace_id, term) in byte order (COLLATE "C"). A term prefix is then one range seek
// inside the workspace's part of the index, for a one-letter word as for four digits in the middle of
// a phone number, which a tsvector could not find. Deleted customers have no rows there.
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/tables.js';
import type { SearchPlan, Term } from '../keys.js';
import { sortKeyColumn } from '../query-parts.js';
import type { CustomerSearch, CustomersQuery, PageOrder } from './index.js';

/** The stored terms a walk reads to test each row, dropped from the rows it returns. */
type StoredTerms = { search_text: string; note_terms: string };
import { strategyFor } from './strategy.js';

type Condition = RawBuilder<boolean>;

/**
 * Every stored term that begins with the term's kind and text, as a range of the btree: from the
 * prefix itself to the prefix followed by the highest code point. Terms hold only letters and digits
 * (keys.ts), never U+10FFFF, so the range holds exactly the terms with that prefix. (LIKE 'x%' would
 * be the same range, but only when the planner sees the pattern; this is one whatever it sees.)
 */
function termRange(column: RawBuilder<unknown>, t: Term): Condition {
  const prefix = `${t.kind}${t.text}`;
  return sql<boolean>`(${column} >= ${prefix} AND ${column} < ${`${prefix}\u{10FFFF}`})`;
}

const any = (parts: Condition[]): Condition =>
  parts.length === 1 ? parts[0]! : sql<boolean>`(${sql.join(parts, sql` OR `)})`;
const every = (parts: Condition[]): Condition =>
  parts.length === 1 ? parts[0]! : sql<boolean>`(${sql.join(parts, sql` AND `)})`;

/**
 * The ids of the workspace's customers the plan matches, as a set expression: a group (any of its
 * terms) is one index read, the groups of an alternative are INTERSECTed, the alternatives UNIONed.
 * A customer may appear more than once (two of its words share the prefix); callers dedupe.
 */
function matchedIds(workspaceId: number, plan: SearchPlan): RawBuilder<{ customer_id: number }> {
  const term = sql.ref('customer_search_terms.term');
  const group = (terms: Term[]) =>
    sql`SELECT customer_id FROM customer_search_terms
        WHERE workspace_id = ${workspaceId} AND ${any(terms.map((t) => termRange(term, t)))}`;
  const alternative = (groups: Term[][]) =>
    sql`(${sql.join(
      groups.map((g) => group(g)),
      sql` INTERSECT `,
    )})`;
  return sql`${sql.join(
    plan.map((a) => alternative(a)),
    sql` UNION `,
  )}`;
}

/** Index rows read before counting their customers; a customer has few terms with one prefix. */
const ROWS_PER_MATCH = 4;

/**
 * The first `rows` index rows of a one-word search's terms, each term's range read in index order
 * (ORDER BY term, so the planner walks the index and stops, where a dense prefix could otherwise
 * tempt it into reading the table). Null for a plan of several words or readings: their INTERSECT
 * or UNION reads the ranges whole anyway.
 */
function firstMatchedRows(
  workspaceId: number,
  plan: SearchPlan,
  rows: number,
): RawBuilder<unknown> | null {
  const group = plan.length === 1 && plan[0]!.length === 1 ? plan[0]![0]! : null;
  if (!group) return null;
  const term = sql.ref('customer_search_terms.term');
  const ranges = group.map(
    (t) =>
      sql`(SELECT customer_id FROM customer_search_terms
           WHERE workspace_id = ${workspaceId} AND ${termRange(term, t)}
           ORDER BY term LIMIT ${rows})`,
  );
  return sql`SELECT customer_id FROM (${sql.join(ranges, sql` UNION ALL `)}) AS matched LIMIT ${rows}`;
}

/**
 * How many customers match, counting no further than `limit`. DISTINCT reads every matching term
 * row before it answers (a hash of them all: 80,000 rows for "an" at a million customers), so for a
 * one-word search the first limit x 4 index rows are counted first: enough customers among them, or
 * no more rows, is the answer. Only a few customers with many matching terms each leave it to the
 * full DISTINCT.
 */
async function countMatches(
  db: DB,
  workspaceId: number,
  plan: SearchPlan,
  limit: number,
): Promise<number> {
  const rows = limit * ROWS_PER_MATCH;
  const first = firstMatchedRows(workspaceId, plan, rows);
  if (first) {
    const { rows: counted } = await sql<{ customers: number; rows: number }>`
      SELECT count(DISTINCT customer_id) AS customers, count(*) AS rows
      FROM (${first}) AS first_rows`.execute(db);
    const { customers, rows: read } = counted[0]!;
    if (Number(customers) >= limit || Number(read) < rows)
      return Math.min(Number(customers), limit);
  }
  const all = await sql<{ count: number }>`
    SELECT count(*) AS count FROM (
      SELECT DISTINCT customer_id FROM (${matchedIds(workspaceId, plan)}) AS matched LIMIT ${limit}
    ) AS capped`.execute(db);
  return Number(all.rows[0]?.count ?? 0);
}

/**
 * The plan's matches read from the index first, then each customer by id: the page filters and sorts
 * these. Written as `id IN (matches)` the planner may instead walk the sort's index and probe the
 * matches for each row, when it thinks them many ("por" sorted by city: 137,000 rows probed, 3 s).
 * A LATERAL subquery with a LIMIT cannot be flattened into a join, so the order is fixed.
 */
function sortedMatches(db: DB, workspaceId: number, plan: SearchPlan) {
  const matched = sql<{ customer_id: number }>`(SELECT DISTINCT customer_id
    FROM (${matchedIds(workspaceId, plan)}) AS ids)`;
  return db.selectFrom(matched.as('matched')).innerJoinLateral(
    (eb) =>
      eb
        .selectFrom('customers')
        .selectAll()
        .whereRef('customers.id', '=', 'matched.customer_id')
        .limit(1)
        .as('customers'),
    (join) => join.onTrue(),
    // The page completes it as it does the customers table: every column, under that name.
  ) as unknown as CustomersQuery;
}

/**
 * The plan tested on one row through the index: each group a probe of that customer's few terms (by
 * customer_id), so checking one customer never builds a match set that may be most of the book.
 */
function matchedThroughIndex(plan: SearchPlan): Condition {
  const term = sql.ref('t.term');
  const group = (terms: Term[]) =>
    sql<boolean>`EXISTS (SELECT 1 FROM customer_search_terms t
      WHERE t.customer_id = customers.id AND t.workspace_id = customers.workspace_id
        AND ${any(terms.map((x) => termRange(term, x)))})`;
  return any(plan.map((alternative) => every(alternative.map(group))));
}

/**
 * The plan tested on the row's own stored terms and its notes' (both in the index, migrations/0010):
 * " w" + word is a word prefix (as on SQLite).
 */
function matchedByRow(plan: SearchPlan): Condition {
  const term = (t: Term) =>
    sql<boolean>`strpos(customers.search_text || customers.note_terms, ${` ${t.kind}${t.text}`}) > 0`;
  return any(plan.map((alternative) => every(alternative.map((group) => any(group.map(term))))));
}

/**
 * Whether reading every match costs about what they are: a word of one or two letters ("john s")
 * reads a range that is much of the book, even when few customers match the whole search.
 */
const readCheaply = (plan: SearchPlan) =>
  plan.every((alternative) =>
    alternative.every((group) => group.every((term) => [...term.text].length >= 3)),
  );

/**
 * Rows of a sort's index a walk for a page of matches reads before it reads the matches instead: 2% of
 * a book of a million. A setting so a test on a smaller book can keep that share (at a fifth of the
 * book, reading the table and sorting it is a fair plan, and the planner takes it now and then).
 */
export const walkLimits = { rows: 20_000 };

/**
 * A bounded walk: the run's first `rows` rows, with the stored terms the test reads, then those that
 * match the plan, in the run's order, up to the page's limit. It gave up when it read all `rows`
 * without a full page: the run goes on past them, so what it found is not all there is. (The last
 * row walked comes back with the matches, numbered, which says so without reading the run twice.)
 */
export function walkAtMost(rows: number, plan: SearchPlan) {
  const keep = matchedByRow(plan);
  return async <O>(
    db: DB,
    run: SelectQueryBuilder<Database, 'customers', O>,
    page: PageOrder,
  ): Promise<{ rows: O[]; gaveUp: boolean }> => {
    const key = sql.ref(sortKeyColumn(page.sort));
    const dir = sql.raw(page.dir);
    const walked = run
      .select(['customers.search_text', 'customers.note_terms'])
      .select(
        sql<number>`row_number() OVER (ORDER BY ${key} ${dir}, customers.id ${dir})`.as('walked'),
      )
      .limit(rows);
    const { rows: found } = await sql<O & StoredTerms & { walked: number; kept: boolean }>`
      SELECT *, ${keep} AS kept FROM (${walked}) AS customers
      WHERE ${keep} OR walked = ${rows}
      ORDER BY ${key} ${dir}, customers.id ${dir} LIMIT ${page.limit + 1}`.execute(db);
    const kept = found.filter((row) => row.kept).slice(0, page.limit);
    const gaveUp = kept.length < page.limit && found.some((row) => Number(row.walked) === rows);
    return {
      rows: kept.map(
        ({ search_text, note_terms, walked, kept, ...row }) => (
          void search_text,
          void note_terms,
          void walked,
          void kept,
          row as O
        ),
      ),
      gaveUp,
    };
  };
}

export const postgresSearch: CustomerSearch = {
  countMatches,

  // Many matches ('set' and 'terms' alike) walk the sort's index testing each row's own terms. The
  // match set as a condition (IN, EXISTS) leaves the plan to the planner, and its estimate of a
  // prefix's rows is often wrong by 100x either way: "smi" (10,000 matches among a million customers,
  // estimated at 159) was read whole and sorted; "john s" (the INTERSECT of two ranges) read the
  // customers table whole. A test on the row is one the planner cannot price, so it walks the index
  // and stops when the page is full. (SQLite keeps its match set: it tests a row's id from the index
  // entry, before reading the row.)
  //
  // A walk's cost is the distance to a page of matches in the sort's order, long where the matches
  // cluster away from where it starts ("smi" by name Z-A reads every name from Z to Smith: 160,000
  // rows at a million customers, 1.8 s). So a walk of at most walkLimits.rows rows comes first, then, when
  // those hold less than a page, the sparse read of every match, sorted (a "smi" is 10,000 rows).
  // A search with a word of one or two letters walks to the end: reading its matches would read a
  // large part of the book.
  matchedCustomers(db, workspaceId, plan, total) {
    const strategy = strategyFor(plan, total);
    const sparse = { query: sortedMatches(db, workspaceId, plan), few: true };
    if (strategy === 'sparse') return sparse;
    const keep = matchedByRow(plan);
    const walk = { query: db.selectFrom('customers'), few: false };
    if (strategy === 'terms' || !readCheaply(plan))
      return { ...walk, query: walk.query.where(keep) };
    return {
      ...walk,
      bounded: {
        walk: walkAtMost(walkLimits.rows, plan),
        otherwise: sparse,
        tested: walk.query.where(keep),
      },
    };
  },

  async matches(db, workspaceId, plan, id) {
    const row = await db
      .selectFrom('customers')
      .select('customers.id')
      .where('customers.id', '=', id)
      .where('customers.workspace_id', '=', workspaceId)
      .where('customers.deleted_at', 'is', null)
      .where(matchedThroughIndex(plan))
      .executeTakeFirst();
    return row !== undefined;
  },
};
