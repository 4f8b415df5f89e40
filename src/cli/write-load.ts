// Concurrent writers against a running Folio, and the check afterwards that nothing acknowledged was
// lost: used by `npm run stress`, its short version in the tests, and the crash test.
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { DB } from '../db/database.js';
import type { Member } from './http-client.js';

export interface LoadTally {
  requests: number;
  created: number;
  edited: number;
  /** 409s: two writers editing one customer; expected, and nothing is overwritten. */
  conflicts: number;
  /** Other 4xx answers (a bug in the load or the app). */
  clientErrors: number;
  serverErrors: number;
  /** Requests that got no answer (refused, reset): only expected when the server is killed. */
  networkErrors: number;
  /** Status and first bytes of the first few unexpected answers, for the report. */
  samples: string[];
}

/** What the server said 2xx to: the customer's id and the values its last acknowledged write stored. */
export type Acknowledged = Map<
  number,
  { first_name: string; last_name: string; city: string; version: number }
>;

interface LoadOptions {
  /** One server, or several instances of it: writer n sends to the nth, round robin. */
  url: string | string[];
  member: Member;
  clients: number;
  seconds: number;
  /** Stop early (the crash test kills the server). */
  signal?: AbortSignal;
  /** Filled as writes are acknowledged, for callers that look during the run (the backup test). */
  acknowledged?: Acknowledged;
}

const FIELDS = {
  email: '',
  address: '1 Load Lane',
  state: 'CA',
  zipcode: '94110',
};

export async function driveWriteLoad(
  options: LoadOptions,
): Promise<{ tally: LoadTally; acknowledged: Acknowledged }> {
  const tally: LoadTally = {
    requests: 0,
    created: 0,
    edited: 0,
    conflicts: 0,
    clientErrors: 0,
    serverErrors: 0,
    networkErrors: 0,
    samples: [],
  };
  const acknowledged: Acknowledged = options.acknowledged ?? (new Map() as Acknowledged);
  const ids: number[] = [];
  const deadline = Date.now() + options.seconds * 1000;
  const headers = {
    Cookie: options.member.cookie,
    'X-CSRF-Token': options.member.csrf,
    'HX-Request': 'true',
    'Content-Type': 'application/x-www-form-urlencoded',
  };

  const urls = [options.url].flat();
  const send = async (
    base: string,
    method: string,
    path: string,
    body: Record<string, string>,
  ): Promise<{ status: number; text: string } | null> => {
    tally.requests += 1;
    try {
      const response = await fetch(base + path, {
        method,
        headers,
        body: new URLSearchParams(body),
        signal: options.signal,
      });
      const text = await response.text();
      if (response.status >= 500) tally.serverErrors += 1;
      else if (response.status === 409) tally.conflicts += 1;
      else if (response.status >= 400) tally.clientErrors += 1;
      if (response.status >= 400 && response.status !== 409 && tally.samples.length < 5) {
        tally.samples.push(`${method} ${path} -> ${response.status}: ${text.slice(0, 200)}`);
      }
      return { status: response.status, text };
    } catch {
      tally.networkErrors += 1;
      // A server that is down (the crash test) refuses at once: do not spin.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return null;
    }
  };

  const writer = async (client: number) => {
    const base = urls[(client - 1) % urls.length]!;
    let n = 0;
    while (Date.now() < deadline && !options.signal?.aborted) {
      n += 1;
      const created = {
        first_name: `Stress${client}`,
        last_name: `Row${n}`,
        city: 'Created',
        // A phone of its own: the same number twice is a likely duplicate, which the form asks about.
        phone: `+1 (555) ${String(client).padStart(2, '0')}${String(n).padStart(5, '0')}`,
        ...FIELDS,
      };
      const answer = await send(base, 'POST', '/customers', created);
      const id = Number(answer?.text.match(/id="customer-(\d+)"/)?.[1]);
      if (answer && answer.status < 300 && id) {
        tally.created += 1;
        acknowledged.set(id, {
          first_name: created.first_name,
          last_name: created.last_name,
          city: created.city,
          version: 1,
        });
        ids.push(id);
      }
      // Edit someone's customer: often one another writer is editing too, which must end in a 409.
      const target = ids[Math.floor(Math.random() * ids.length)];
      if (target === undefined) continue;
      const known = acknowledged.get(target)!;
      const edit = {
        ...known,
        city: `Edited by ${client} #${n}`,
        ...FIELDS,
        version: String(known.version),
      };
      const edited = await send(base, 'PUT', `/customers/${target}`, edit);
      if (edited && edited.status === 200) {
        tally.edited += 1;
        const current = acknowledged.get(target)!;
        // Versions only grow; keep the newest acknowledged write.
        if (known.version + 1 > current.version)
          acknowledged.set(target, { ...current, city: edit.city, version: known.version + 1 });
      }
    }
  };

  await Promise.all(Array.from({ length: options.clients }, (_, i) => writer(i + 1)));
  return { tally, acknowledged };
}

interface DatabaseCheck {
  integrity: string;
  searchIndex: string;
  customers: number;
  countMatches: boolean;
  missing: number[];
  wrongValues: number[];
}

/** Opens the database file after the run and checks each acknowledged write and the file's integrity. */
export function checkDatabase(file: string, acknowledged: Acknowledged): DatabaseCheck {
  const db = new SQLite(file);
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
    let searchIndex = 'ok';
    try {
      db.prepare(
        `INSERT INTO customers_fts(customers_fts, rank) VALUES ('integrity-check', 1)`,
      ).run();
    } catch (error) {
      searchIndex = String(error);
    }
    const rows = db
      .prepare(
        'SELECT id, first_name, last_name, city, version FROM customers WHERE deleted_at IS NULL',
      )
      .all() as StoredCustomer[];
    const counted = db.prepare('SELECT sum(customer_count) AS n FROM workspaces').get() as {
      n: number;
    };
    const { missing, wrongValues } = compareAcknowledged(rows, acknowledged);
    return {
      integrity,
      searchIndex,
      customers: rows.length,
      countMatches: counted.n === rows.length,
      missing,
      wrongValues,
    };
  } finally {
    db.close();
  }
}

interface StoredCustomer {
  id: number;
  first_name: string;
  last_name: string;
  city: string;
  version: number;
}

/** Which acknowledged writes the stored live customers lack, or hold older values of. */
function compareAcknowledged(
  rows: StoredCustomer[],
  acknowledged: Acknowledged,
): { missing: number[]; wrongValues: number[] } {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing: number[] = [];
  const wrongValues: number[] = [];
  for (const [id, expected] of acknowledged) {
    const row = byId.get(id);
    if (!row) missing.push(id);
    // A later acknowledged write may have landed after the one we recorded (same client raced); the
    // stored version is never older than what was acknowledged, and at that version the values match.
    else if (
      row.version < expected.version ||
      (row.version === expected.version && row.city !== expected.city)
    )
      wrongValues.push(id);
    else if (row.first_name !== expected.first_name || row.last_name !== expected.last_name)
      wrongValues.push(id);
  }
  return { missing, wrongValues };
}

/**
 * The same check through Folio's own connection, on either engine (PostgreSQL has no file to check):
 * every acknowledged write stored, and the live-customer counters equal to the rows they count.
 */
export async function checkStored(
  db: DB,
  acknowledged: Acknowledged,
): Promise<Omit<DatabaseCheck, 'integrity' | 'searchIndex'>> {
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'first_name', 'last_name', 'city', 'version'])
    .where('deleted_at', 'is', null)
    .execute();
  const { rows: counters } = await sql<{ workspace: number; counted: number; live: number }>`
      SELECT w.id AS workspace, w.customer_count AS counted,
             (SELECT count(*) FROM customers c WHERE c.workspace_id = w.id AND c.deleted_at IS NULL) AS live
      FROM workspaces w`.execute(db);
  return {
    customers: rows.length,
    countMatches: counters.every((c) => Number(c.counted) === Number(c.live)),
    ...compareAcknowledged(rows, acknowledged),
  };
}
