// Finding duplicates by the rules (rules.ts), each one an index seek on a stored key (migrations/0014):
// the customers one set of values matches (the form's warning), and the groups across the book (the
// duplicates page), never by comparing every pair.
import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { compiledOnce } from '../../db/compiled.js';
import type { Customer } from '../../db/tables.js';
import { CITY_SEPARATOR, NAME_SEPARATOR, type SearchedValues } from '../keys.js';
import { liveCustomer } from '../query-parts.js';
import {
  DUPLICATE_RULES,
  duplicateKeys,
  storedDuplicateKeys,
  type DuplicateKeys,
  type DuplicateRule,
} from './rules.js';

const SHOWN = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'city',
  'state',
  'created_at',
  'updated_at',
] as const;
export type DuplicateCustomer = Pick<Customer, (typeof SHOWN)[number]>;
const shown = SHOWN.map((column) => `customers.${column}` as const);

/** The stored key column of each rule, its index's first after the workspace. */
const RULE_COLUMN = {
  email: 'email_key',
  phone: 'phone_key',
  // The name key ends with the city (keys.ts): equal name keys are the same name and city.
  name_city: 'name_key',
} as const satisfies Record<DuplicateRule, string>;

/** Another customer that matches, and by which rules. */
export interface DuplicateMatch {
  customer: DuplicateCustomer;
  rules: DuplicateRule[];
}

/** At most this many customers are named per rule: past a few, the duplicates page says the rest. */
const PER_RULE = 5;

/**
 * The live customers of the workspace that these values match by any rule (except `exceptId`, the
 * customer being edited), oldest first, each with the rules it matches by. `rules` limits which are
 * asked (an edit asks only about what it changed).
 */
export async function findDuplicatesOf(
  db: DB,
  workspaceId: number,
  values: SearchedValues,
  {
    exceptId,
    rules = DUPLICATE_RULES,
  }: { exceptId?: number; rules?: readonly DuplicateRule[] } = {},
): Promise<DuplicateMatch[]> {
  return findByKeys(db, workspaceId, duplicateKeys(values), { exceptId, rules });
}

/**
 * The oldest `limit` live customers a stored customer matches, each with every rule it matches by,
 * read by its stored keys (nothing to fold again: the record page asks this on every view). One seek
 * of the rule's index per rule (an OR of the rules would walk the workspace instead), all in one
 * statement, for the ids alone, then only the customers shown: reading each rule's first five whole
 * read up to five times the rows the page names (the same customers again under each rule), at three
 * times the cost of their ids.
 */
export async function findDuplicatesOfCustomer(
  db: DB,
  workspaceId: number,
  customer: Pick<
    Customer,
    'id' | 'first_name' | 'last_name' | 'email_key' | 'phone_key' | 'name_key' | 'city_key'
  >,
  limit: number,
): Promise<DuplicateMatch[]> {
  const keys = storedDuplicateKeys(customer);
  const rules = DUPLICATE_RULES.filter((rule) => keys[rule]);
  if (rules.length === 0) return [];
  // The name key holds the city too (keys.ts): by name and city is that key alone.
  const nameKey = keys.name_city?.name_key ?? '';
  // The oldest `limit` of all rules are among each rule's oldest `limit`, and so is every rule one
  // of them matches by.
  const seeks = await otherIdsByRules(rules)(
    db,
    workspaceId,
    keys.email ?? '',
    keys.phone ?? '',
    nameKey,
    customer.id,
    limit,
  );
  const rulesOf = new Map<number, DuplicateRule[]>();
  for (const { id, rule } of seeks) rulesOf.set(id, [...(rulesOf.get(id) ?? []), rule]);
  for (const matched of rulesOf.values())
    matched.sort((a, b) => DUPLICATE_RULES.indexOf(a) - DUPLICATE_RULES.indexOf(b));
  const oldest = [...rulesOf.keys()].sort((a, b) => a - b).slice(0, limit);
  const matches: DuplicateMatch[] = [];
  for (const id of oldest) {
    // Gone since the seek (deleted meanwhile): not named.
    const [found] = await liveById(db, workspaceId, id);
    if (found) matches.push({ customer: found, rules: rulesOf.get(id)! });
  }
  return matches;
}

type IdsByRules = (
  db: DB,
  ...values: [number, string, string, string, number, number]
) => Promise<{ id: number; rule: DuplicateRule }[]>;

/** Compiled seeks by each set of rules (a customer's keys decide which rules can match). */
const idsByRules = new Map<string, IdsByRules>();

/**
 * Another customer's matching ids by each of `rules`, each rule's oldest `limit`: one seek of the
 * rule's index apiece, in one statement (UNION ALL) rather than one statement a rule, as the record
 * page asks on every view. Compiled once per set of rules.
 */
function otherIdsByRules(rules: readonly DuplicateRule[]): IdsByRules {
  const name = rules.join();
  let seeks = idsByRules.get(name);
  if (!seeks) {
    seeks = compiledOnce(
      (
        db: DB,
        workspaceId: number,
        email: string,
        phone: string,
        nameKey: string,
        exceptId: number,
        limit: number,
      ) => {
        const keyOf: Record<DuplicateRule, string> = { email, phone, name_city: nameKey };
        const seek = (rule: DuplicateRule) =>
          db
            .selectFrom(
              byRule(db, rule, workspaceId, keyOf[rule], exceptId)
                .clearSelect()
                .select('customers.id')
                .clearLimit()
                .limit(limit)
                .as('seek'),
            )
            .select(['seek.id', sql<DuplicateRule>`${sql.lit(rule)}`.as('rule')]);
        return rules.slice(1).reduce((query, rule) => query.unionAll(seek(rule)), seek(rules[0]!));
      },
    );
    idsByRules.set(name, seeks);
  }
  return seeks;
}

/** A live customer of the workspace as a duplicate is shown: compiled once. */
const liveById = compiledOnce((db: DB, workspaceId: number, id: number) =>
  db
    .selectFrom('customers')
    .select(shown)
    .where(liveCustomer(workspaceId))
    .where('customers.id', '=', id),
);

/** A rule's matches: the customers whose stored key equals this one, but `exceptId`. */
function byRule(db: DB, rule: DuplicateRule, workspaceId: number, key: string, exceptId?: number) {
  let query = db
    .selectFrom('customers')
    .select(shown)
    .where(liveCustomer(workspaceId))
    .orderBy('customers.id')
    .limit(PER_RULE);
  if (exceptId !== undefined) query = query.where('customers.id', '!=', exceptId);
  // By name and city, the name key alone (it ends with the city): asked for the city too, SQLite
  // without statistics walked the city's customers in id order instead (customers_workspace_city_key).
  return query.where(`customers.${RULE_COLUMN[rule]}`, '=', key);
}

/** Another customer's matches by each rule, as the record page asks on every view: compiled once. */
const othersByRule = Object.fromEntries(
  DUPLICATE_RULES.map((rule) => [
    rule,
    compiledOnce((db: DB, workspaceId: number, key: string, exceptId: number) =>
      byRule(db, rule, workspaceId, key, exceptId),
    ),
  ]),
) as Record<
  DuplicateRule,
  (db: DB, ...values: [number, string, number]) => Promise<DuplicateCustomer[]>
>;

async function findByKeys(
  db: DB,
  workspaceId: number,
  keys: DuplicateKeys,
  { exceptId, rules = DUPLICATE_RULES }: { exceptId?: number; rules?: readonly DuplicateRule[] },
): Promise<DuplicateMatch[]> {
  const found = new Map<number, DuplicateMatch>();
  for (const rule of rules) {
    const key = keys[rule];
    if (!key) continue;
    const value = typeof key === 'object' ? key.name_key : key;
    const customers =
      exceptId === undefined
        ? await byRule(db, rule, workspaceId, value).execute()
        : await othersByRule[rule](db, workspaceId, value, exceptId);
    for (const customer of customers) {
      const match = found.get(customer.id) ?? { customer, rules: [] };
      match.rules.push(rule);
      found.set(customer.id, match);
    }
  }
  return [...found.values()].sort((a, b) => a.customer.id - b.customer.id);
}

/** How the name key of a customer with no name begins (their last and first name both empty). */
const NO_NAME = `${NAME_SEPARATOR}${CITY_SEPARATOR}`;

/** One group of likely duplicates: the customers that share a rule's key. */
export interface DuplicateGroup {
  /** The shared key, as a cursor: the page after it starts past this group. */
  key: string[];
  customers: DuplicateCustomer[];
  /** Customers in the group (more than are shown when it is large). */
  size: number;
}

export const GROUPS_PER_PAGE = 20;
const MEMBERS_SHOWN = 10;

/**
 * A page of a rule's duplicate groups, in key order after `after`: the GROUP BY walks the rule's index
 * (workspace, key...), which is already in order, so it stops at the page's last group; then each
 * group's members are one seek of the same index.
 */
export async function duplicateGroups(
  db: DB,
  workspaceId: number,
  rule: DuplicateRule,
  after?: string[],
): Promise<{ groups: DuplicateGroup[]; more: boolean }> {
  const column = `customers.${RULE_COLUMN[rule]}` as const;
  let query = db
    .selectFrom('customers')
    .select(column)
    .select((eb) => eb.fn.countAll<number>().as('size'))
    .where(liveCustomer(workspaceId))
    // An empty key is no value: customers without an email are not all one group.
    .where(column, '>', '')
    // Nor are those without a city, or without a name, by name and city: both read in the index.
    .$if(rule === 'name_city', (query) =>
      query
        .where('customers.city_key', '>', '')
        .where(sql<boolean>`substr(customers.name_key, 1, 2) <> ${NO_NAME}`),
    )
    .groupBy(column)
    .having((eb) => eb.fn.countAll(), '>', 1)
    .orderBy(column)
    .limit(GROUPS_PER_PAGE + 1);
  if (after?.length === 1) query = query.where(column, '>', after[0]!);
  const keys = (await query.execute()) as unknown as (Record<string, string> & { size: number })[];
  const groups: DuplicateGroup[] = [];
  for (const found of keys.slice(0, GROUPS_PER_PAGE)) {
    const key = found[RULE_COLUMN[rule]]!;
    const members = db
      .selectFrom('customers')
      .select(shown)
      .where(liveCustomer(workspaceId))
      .where(column, '=', key)
      .orderBy('customers.id')
      .limit(MEMBERS_SHOWN);
    groups.push({ key: [key], customers: await members.execute(), size: Number(found.size) });
  }
  return { groups, more: keys.length > GROUPS_PER_PAGE };
}
