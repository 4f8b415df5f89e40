// `npm run stress [-- --seconds 20 --clients 16 --instances 2 --database postgres --crash]`: concurrent
// writers creating and editing customers against one or more server instances on one database (a
// SQLite file, or PostgreSQL: a throwaway cluster, or the server in DATABASE_URL_TEST); with --crash
// the first instance is killed (SIGKILL) partway and started again. Then every acknowledged write is
// checked in the database, with the live-customer counters (and on SQLite, its own integrity checks).
// Exits non-zero on any 5xx, unexpected 4xx, loss, or (without --crash) dropped connection.
import { parseArgs } from 'node:util';
import type { DatabaseConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { engineOption, scratchDatabase } from './scratch-database.js';
import { register } from './http-client.js';
import { startServer, type ServerProcess } from './server-process.js';
import {
  checkDatabase,
  checkStored,
  driveWriteLoad,
  type Acknowledged,
  type LoadTally,
} from './write-load.js';

export interface StressOptions {
  seconds: number;
  clients: number;
  instances: number;
  /** Kill the first instance partway through and start it again on its port. */
  crash: boolean;
  log?: (line: string) => void;
}

export interface StressResult {
  tally: LoadTally;
  elapsed: number;
  customers: number;
  countMatches: boolean;
  missing: number[];
  wrongValues: number[];
  /** SQLite only: PRAGMA integrity_check and the FTS index's check ('ok' when whole). */
  integrity?: string;
  searchIndex?: string;
  failed: boolean;
}

/**
 * On PostgreSQL the instances start (and migrate) at once: the migration lock lets one migrate.
 * Two processes would both try to migrate a new SQLite file, so there they start one by one.
 */
async function startInstances(
  dialect: DatabaseConfig['dialect'],
  env: Record<string, string>,
  count: number,
): Promise<ServerProcess[]> {
  if (dialect === 'postgres')
    return Promise.all(Array.from({ length: count }, () => startServer(env)));
  const servers: ServerProcess[] = [];
  for (let i = 0; i < count; i += 1) servers.push(await startServer(env));
  return servers;
}

async function checkAfter(
  database: DatabaseConfig,
  acknowledged: Acknowledged,
): Promise<Omit<StressResult, 'tally' | 'elapsed' | 'failed'>> {
  if (database.dialect === 'sqlite') return checkDatabase(database.path, acknowledged);
  const db = openDatabase(database);
  try {
    return await checkStored(db, acknowledged);
  } finally {
    await db.destroy();
  }
}

/** The load and the check, on `database` (a SQLite file or a PostgreSQL database, migrated or not). */
export async function runStress(
  database: DatabaseConfig,
  options: StressOptions,
): Promise<StressResult> {
  const log = options.log ?? (() => {});
  const env = {
    DATABASE_URL: database.dialect === 'sqlite' ? database.path : database.url,
    NODE_ENV: 'production',
  };
  const servers: ServerProcess[] = [];
  try {
    servers.push(...(await startInstances(database.dialect, env, options.instances)));
    const urls = servers.map((server) => server.url);
    const member = await register(urls[0]!, 'stress@example.com', 'stress-password-1');
    log(
      `${options.clients} clients creating and editing customers for ${options.seconds} s against ${urls.join(', ')} (${database.dialect})`,
    );
    const started = performance.now();
    const load = driveWriteLoad({
      url: urls,
      member,
      clients: options.clients,
      seconds: options.seconds,
    });
    if (options.crash) {
      await new Promise((resolve) => setTimeout(resolve, options.seconds * 400));
      const port = Number(new URL(urls[0]!).port);
      await servers[0]!.kill();
      log(`killed the instance on port ${port} (SIGKILL); starting it again`);
      servers[0] = await startServer(env, port);
      log(`the instance on port ${port} serves again`);
    }
    const { tally, acknowledged } = await load;
    const elapsed = (performance.now() - started) / 1000;
    for (const server of servers) await server.stop();

    const check = await checkAfter(database, acknowledged);
    const failed =
      tally.serverErrors > 0 ||
      tally.clientErrors > 0 ||
      (!options.crash && tally.networkErrors > 0) ||
      (check.integrity ?? 'ok') !== 'ok' ||
      (check.searchIndex ?? 'ok') !== 'ok' ||
      !check.countMatches ||
      check.missing.length > 0 ||
      check.wrongValues.length > 0;
    return { tally, elapsed, ...check, failed };
  } finally {
    for (const server of servers) await server.stop();
  }
}

function report(result: StressResult, crash: boolean): void {
  const { tally, elapsed } = result;
  const say = (line: string) => console.log(`stress: ${line}`);
  say(
    `${tally.requests} requests in ${elapsed.toFixed(1)} s (${Math.round(tally.requests / elapsed)}/s)`,
  );
  say(
    `${tally.created} creates and ${tally.edited} edits acknowledged, ${tally.conflicts} edit conflicts (409)`,
  );
  say(
    `${tally.serverErrors} 5xx, ${tally.clientErrors} other 4xx, ${tally.networkErrors} network errors${crash ? ' (expected while an instance is down)' : ''}`,
  );
  for (const sample of tally.samples) say(`  ${sample}`);
  const integrity =
    result.integrity === undefined
      ? ''
      : `integrity_check ${result.integrity}; search index ${result.searchIndex}; `;
  say(
    `database: ${result.customers} customers; ${integrity}counters ${result.countMatches ? 'match' : 'DO NOT MATCH'}`,
  );
  say(
    `acknowledged writes missing: ${result.missing.length}, with wrong values: ${result.wrongValues.length}`,
  );
  say(result.failed ? 'FAILED' : 'ok');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '20' },
      clients: { type: 'string', default: '16' },
      instances: { type: 'string', default: '1' },
      database: { type: 'string', default: 'sqlite' },
      crash: { type: 'boolean', default: false },
    },
  });
  const engine = engineOption(values.database, 'stress');
  const options: StressOptions = {
    seconds: Number(values.seconds),
    clients: Number(values.clients),
    instances: Number(values.instances),
    crash: values.crash,
    log: (line) => console.log(`stress: ${line}`),
  };
  const place = await scratchDatabase(engine, 'stress');
  try {
    const result = await runStress(place.config, options);
    report(result, options.crash);
    process.exitCode = result.failed ? 1 : 0;
  } finally {
    await place.drop();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main();
