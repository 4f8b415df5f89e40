// `node dist/src/cli/search-timing.js --db FILE|URL --email E [--runs N] [QUERY ...]`: the server-side
// time of the table's query work (count + page, exactly what GET /customers runs: findCustomerPage)
// for each query string, against an existing database (a SQLite file, or a postgres:// URL as
// DATABASE_URL takes it), as the median and 90th percentile of N runs after one warm-up run. A query
// is written as the URL's query string, e.g. "q=smi" or "q=s&sort=email".
// Times are taken in this process around the call, so they include Kysely's compile and the driver's
// reading of rows, but not HTTP, sessions or HTML: wall-clock, and this process's CPU time (user +
// system, process.cpuUsage), which a machine shared with other work inflates far less. On SQLite that
// CPU time is the query's; on PostgreSQL the query runs in the server process, so only wall-clock
// (one connection, on the same machine) measures it.
import { parseArgs } from 'node:util';
import { parseDatabaseUrl } from '../config.js';
import { openDatabase } from '../db/database.js';
import { parseListQuery } from '../customers/listing.js';
import { findCustomerPage } from '../customers/queries.js';

const DEFAULT_QUERIES = [
  'q=s',
  'q=東',
  'q=smi',
  'q=7325',
  'q=5557325',
  'q=grace hopper',
  'q=s&sort=name',
  'q=smi&sort=email&dir=desc',
  '',
];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      email: { type: 'string' },
      runs: { type: 'string', default: '21' },
    },
  });
  if (!values.db || !values.email)
    throw new Error('usage: search-timing --db FILE|URL --email E [--runs N] [QUERY ...]');
  const db = openDatabase(parseDatabaseUrl(values.db, 1));
  const user = await db
    .selectFrom('users')
    .select('workspace_id')
    .where('email', '=', values.email)
    .executeTakeFirstOrThrow();
  const runs = Number(values.runs);
  const queries = positionals.length > 0 ? positionals : DEFAULT_QUERIES;
  console.log(`| query | median ms | p90 ms | median CPU ms | shown | count |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: |`);
  for (const raw of queries) {
    const query = parseListQuery(Object.fromEntries(new URLSearchParams(raw)));
    const times: number[] = [];
    const cpu: number[] = [];
    let page = await findCustomerPage(db, user.workspace_id, query);
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      const used = process.cpuUsage();
      page = await findCustomerPage(db, user.workspace_id, query);
      const { user: userMicros, system } = process.cpuUsage(used);
      times.push(performance.now() - started);
      cpu.push((userMicros + system) / 1000);
    }
    const at = (list: number[], p: number) => {
      const sorted = [...list].sort((a, b) => a - b);
      return sorted[Math.min(list.length - 1, Math.floor(p * list.length))]!.toFixed(2);
    };
    const count = `${page.total.count}${page.total.capped ? '+' : ''}`;
    console.log(
      `| ${raw || '(no search)'} | ${at(times, 0.5)} | ${at(times, 0.9)} | ${at(cpu, 0.5)} | ${page.customers.length} | ${count} |`,
    );
  }
  await db.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
