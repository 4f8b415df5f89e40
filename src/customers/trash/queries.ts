// Every SQL statement of the trash: deleted customers listed newest deletion first, found by the start
// of a name or email, deleted for good by an owner, and purged by the hourly housekeeping. Each reads
// deleted rows through the partial indexes that hold only them (0010, 0011).
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/database.js';
import { deleteInBatches, writeTransaction } from '../../db/database.js';
import type { Customer, Database } from '../../db/tables.js';
import { recordActivity } from '../../team/activity.js';
import { fullName } from '../display.js';
import { NAME_SEPARATOR, sortKey } from '../keys.js';
import type { Actor } from '../queries.js';
import type { Cursor } from '../listing.js';
import { mergedAwayInto, type MergedAway } from '../merging/queries.js';
import { firstNameKey } from './first-name.js';
import { customerSearch } from '../search/index.js';

/** Deleted customers stay restorable this long, then go for good (the hourly housekeeping). */
export const KEEP_DELETED_FOR = 30 * 24 * 60 * 60 * 1000;
export const TRASH_PAGE_SIZE = 50;
/** Past this many, the trash says "1,000+" rather than count them all on every page. */
export const TRASH_COUNT_CAP = 1000;

const iso = (ms: number) => new Date(ms).toISOString();
/** The oldest deletion the trash still shows. */
export const cutoffAt = (now: number) => iso(now - KEEP_DELETED_FOR);

/** A customer in the trash as a row shows it: who, and who deleted them when. */
export type TrashedCustomer = Pick<Customer, 'id' | 'first_name' | 'last_name' | 'email'> & {
  deleted_at: string;
  deleted_by_name: string | null;
  /** Set when the person who deleted them is a former member. */
  deleted_by_deactivated_at: string | null;
  /** Set when a merge put them here: the record they were merged into. */
  merged_into: MergedAway | null;
};

/** Which page of the trash: a search, and the (deleted_at, id) cursor a page starts after or before. */
export interface TrashQuery {
  q: string;
  after?: Cursor | undefined;
  before?: Cursor | undefined;
}

export interface TrashPage {
  customers: TrashedCustomer[];
  next?: Cursor | undefined;
  prev?: Cursor | undefined;
}

type Where = ExpressionBuilder<Database, 'customers'>;

/** The workspace's deleted customers (what the partial trash indexes hold). */
const inTrashOf = (workspaceId: number) => (eb: Where) =>
  eb.and([eb('workspace_id', '=', workspaceId), eb('deleted_at', 'is not', null)]);

/**
 * The first text after every text that starts with `prefix`, in byte order (UTF-8 keeps code point
 * order, and keys compare as bytes on both engines): the prefix with its last character moved one up.
 * Undefined when no such text exists.
 */
function pastPrefix(prefix: string): string | undefined {
  const points = [...prefix].map((point) => point.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()! + 1;
    if (last <= 0x10ffff) {
      points.push(last === 0xd800 ? 0xe000 : last); // surrogates are not characters
      return String.fromCodePoint(...points);
    }
  }
  return undefined;
}

/** `column` starts with `prefix`: one range of an index on it. */
function startsWith(eb: Where, column: Expression<string>, prefix: string): Expression<SqlBool> {
  const past = pastPrefix(prefix);
  return past === undefined
    ? eb(column, '>=', prefix)
    : eb.and([eb(column, '>=', prefix), eb(column, '<', past)]);
}

/** How many splits of a search into first and last name are tried (each is one more index range). */
const MAX_SPLITS = 3;

/**
 * The ways a search can match a deleted customer, each a range of one trash index: the start of the
 * email, of the last name, of the first name, and for words typed as "first last" or "last first",
 * the start of the last name with the first name starting with the other words.
 */
function matchRanges(db: DB, text: string) {
  const name = sql.ref<string>('name_key');
  const email = sql.ref<string>('email_key');
  const first = firstNameKey(db);
  const ranges: ((eb: Where) => Expression<SqlBool>)[] = [
    (eb) => startsWith(eb, email, text),
    (eb) => startsWith(eb, name, text),
    (eb) => startsWith(eb, first, text),
  ];
  const words = text.split(' ');
  for (let i = 1; i < words.length && i <= MAX_SPLITS; i += 1) {
    const before = words.slice(0, i).join(' ');
    const after = words.slice(i).join(' ');
    ranges.push((eb) => eb.and([startsWith(eb, name, after), startsWith(eb, first, before)]));
    ranges.push((eb) => startsWith(eb, name, `${before}${NAME_SEPARATOR}${after}`));
  }
  return ranges;
}

/**
 * The ids of the workspace's deleted customers a search matches: a union of index range seeks, so a
 * search reads its matches and nothing else (the trash list then reads them by id, in its order).
 */
export function matchingIds(db: DB, workspaceId: number, text: string, { all = false } = {}) {
  const [head, ...rest] = matchRanges(db, text).map((range) =>
    db.selectFrom('customers').select('id').where(inTrashOf(workspaceId)).where(range),
  );
  return rest.reduce((union, next) => (all ? union.unionAll(next) : union.union(next)), head!);
}

/**
 * A search's matches in the trash read by id, where the engine does so (SQLite: search/sqlite.ts,
 * `byId`) and they are few: the range seeks give their ids, then each customer is read by its id. As
 * `id IN (union)`, SQLite without statistics walked the whole 30-day trash in its order, testing each
 * id: 2.4-3.2 ms for one match among 20,000 deleted, 0.95 now. The seeks are read one after the other
 * and stop at a bound (UNION ALL; a customer may be found by its email, last and first name), where a
 * UNION sorted every range whole first: "j", with more matches than that, cost 2.5 ms more. Undefined
 * otherwise.
 */
async function fewMatchesInTrash(db: DB, workspaceId: number, text: string) {
  const { byId } = customerSearch(db);
  if (!byId) return undefined;
  const bound = 3 * (TRASH_COUNT_CAP + 1);
  const found = await byId.ids(db, matchingIds(db, workspaceId, text, { all: true }).limit(bound));
  const ids = [...new Set(found)];
  return found.length >= bound || ids.length > TRASH_COUNT_CAP ? undefined : byId.rows(db, ids);
}

/** What a search box query looks for in the trash: folded like the stored keys, or null for none. */
export function trashSearchText(q: string): string | null {
  return sortKey(q.slice(0, 200)) || null;
}

/** A search of the trash, worked out once for a page and its count: its text and few matches. */
export interface TrashSearch {
  text: string | null;
  few: Awaited<ReturnType<typeof fewMatchesInTrash>>;
}

export async function trashSearch(db: DB, workspaceId: number, q: string): Promise<TrashSearch> {
  const text = trashSearchText(q);
  return { text, few: text ? await fewMatchesInTrash(db, workspaceId, text) : undefined };
}

/**
 * One page of the trash, newest deletion first (keyset on deleted_at, id), searched or not. A page
 * backwards is read in the opposite order and turned round.
 */
export async function findTrashPage(
  db: DB,
  workspaceId: number,
  query: TrashQuery,
  now: number,
  search?: TrashSearch,
): Promise<TrashPage> {
  const { text, few } = search ?? (await trashSearch(db, workspaceId, query.q));
  const backwards = query.before !== undefined;
  const from = query.before ?? query.after;
  const dir = backwards ? 'asc' : 'desc';
  let select = (few ?? db.selectFrom('customers'))
    .select([
      'customers.id',
      'customers.first_name',
      'customers.last_name',
      'customers.email',
      'customers.deleted_at',
      'customers.deleted_by',
    ])
    .where('customers.workspace_id', '=', workspaceId)
    .where('customers.deleted_at', 'is not', null)
    .where('customers.deleted_at', '>', cutoffAt(now));
  if (from)
    select = select.where(
      sql<boolean>`(customers.deleted_at, customers.id) ${sql.raw(backwards ? '>' : '<')} (${from.key}, ${from.id})`,
    );
  if (text && !few) select = select.where('customers.id', 'in', matchingIds(db, workspaceId, text));
  const rows = await select
    .orderBy('customers.deleted_at', dir)
    .orderBy('customers.id', dir)
    .limit(TRASH_PAGE_SIZE + 1)
    .$narrowType<{ deleted_at: string }>() // rows of the trash are deleted
    .execute();
  const hasMore = rows.length > TRASH_PAGE_SIZE;
  const shown = rows.slice(0, TRASH_PAGE_SIZE);
  const merges = await mergedAwayInto(
    db,
    workspaceId,
    shown.map((row) => row.id),
  );
  const page = (await withDeleters(db, shown)).map((row) => ({
    ...row,
    merged_into: merges.get(row.id) ?? null,
  }));
  const customers = backwards ? page.reverse() : page;
  const first = customers[0];
  const last = customers.at(-1);
  const cursorOf = (row: TrashedCustomer): Cursor => ({ key: row.deleted_at, id: row.id });
  // Going backwards we came from a later page; going forwards, from an earlier one if a cursor was given.
  const hasNext = backwards || hasMore;
  const hasPrev = backwards ? hasMore : query.after !== undefined;
  return {
    customers,
    next: hasNext && last ? cursorOf(last) : undefined,
    prev: hasPrev && first ? cursorOf(first) : undefined,
  };
}

/**
 * The names of the people who deleted the page's customers, read by id once the page is known (a join
 * would be planned before the page's limit, reading the team for every match).
 */
async function withDeleters(
  db: DB,
  rows: (Omit<TrashedCustomer, 'deleted_by_name' | 'deleted_by_deactivated_at' | 'merged_into'> & {
    deleted_by: number | null;
  })[],
): Promise<Omit<TrashedCustomer, 'merged_into'>[]> {
  const ids = [
    ...new Set(rows.flatMap((row) => (row.deleted_by === null ? [] : [row.deleted_by]))),
  ];
  const people =
    ids.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'name', 'deactivated_at'])
          .where('id', 'in', ids)
          .execute();
  const byId = new Map(people.map((person) => [person.id, person]));
  return rows.map(({ deleted_by, ...row }) => {
    const person = deleted_by === null ? undefined : byId.get(deleted_by);
    return {
      ...row,
      deleted_by_name: person?.name ?? null,
      deleted_by_deactivated_at: person?.deactivated_at ?? null,
    };
  });
}

/** How many customers are in the trash (or match a search of it), counted no further than the cap. */
export async function countTrash(
  db: DB,
  workspaceId: number,
  now: number,
  q = '',
  search?: TrashSearch,
): Promise<{ count: number; capped: boolean }> {
  const { text, few } = search ?? (await trashSearch(db, workspaceId, q));
  const row = await db
    .selectFrom(() => {
      const trashed = (few ?? db.selectFrom('customers'))
        .select('customers.id')
        .where('customers.workspace_id', '=', workspaceId)
        .where('customers.deleted_at', 'is not', null)
        .where('customers.deleted_at', '>', cutoffAt(now));
      return (
        text && !few
          ? trashed.where('customers.id', 'in', matchingIds(db, workspaceId, text))
          : trashed
      )
        .limit(TRASH_COUNT_CAP + 1)
        .as('trashed');
    })
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  return count > TRASH_COUNT_CAP
    ? { count: TRASH_COUNT_CAP, capped: true }
    : { count, capped: false };
}

/** What deleting for good found: the customer (gone now), one still live, or none of this workspace's. */
export type Erasure =
  | { outcome: 'erased'; customer: Customer }
  | { outcome: 'live'; customer: Customer }
  | { outcome: 'missing' };

/** A customer of the workspace, live or deleted, or undefined. */
export function customerInWorkspace(
  db: DB,
  workspaceId: number,
  id: number,
): Promise<Customer | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}

/**
 * Deletes a customer in the trash for good, with its notes and history (the foreign keys cascade),
 * and says so in the team's activity log (the customer's own history goes with it). A live customer
 * is refused: only what is in the trash can go for good.
 */
export function deleteForever(db: DB, actor: Actor, id: number): Promise<Erasure> {
  return writeTransaction(db, async (trx) => {
    const customer = await customerInWorkspace(trx, actor.workspaceId, id);
    if (!customer) return { outcome: 'missing' } as const;
    if (customer.deleted_at === null) return { outcome: 'live', customer } as const;
    await trx
      .deleteFrom('customers')
      .where('id', '=', id)
      .where(inTrashOf(actor.workspaceId))
      .execute();
    await recordActivity(trx, {
      workspaceId: actor.workspaceId,
      actorId: actor.userId,
      action: 'customer.deleted_forever',
      details: { name: fullName(customer) },
      at: actor.now,
    });
    return { outcome: 'erased', customer } as const;
  });
}

/**
 * Removes customers deleted before the cutoff, in every workspace, with their notes and history, in
 * bounded batches run by one instance at a time (deleteInBatches), stopping between batches once
 * `signal` aborts (the server is shutting down); returns how many went.
 */
export async function purgeDeletedCustomers(
  db: DB,
  now: number,
  signal?: AbortSignal,
): Promise<number> {
  const cutoff = cutoffAt(now);
  return deleteInBatches(
    db,
    'purge deleted customers',
    async (trx, limit) => {
      const result = await trx
        .deleteFrom('customers')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('customers')
            .select('id')
            .where('deleted_at', 'is not', null)
            .where('deleted_at', '<', cutoff)
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    { signal },
  );
}
