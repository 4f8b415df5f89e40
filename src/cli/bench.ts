// `npm run bench [-- --customers N --duration S --connections C --runs R]`: seeds a fresh temporary
// database, starts the real server in production mode, signs in, and drives load at each scenario;
// prints the server's CPU time per request (user + system of all its processes, read from /proc before
// and after each measured run: on a shared machine it holds from run to run where req/s does not),
// requests/second, p50/p99 latency, response size and errors, the server's peak RSS, and each
// scenario as a fraction of a bare Hono route serving a fixed string of the first page's size. With
// --runs R every scenario is measured R times (one seeding) and the median run is shown, with the
// machine's load average (`uptime`) at the start and end, since other work on it skews the figures.
// With --url DATABASE_URL the bench runs on that database instead (SQLite file or postgres:// URL):
// seeded the first time (when the bench's user is not there yet), kept afterwards, so a big book is
// seeded once for several runs and can be inspected between them (EXPLAIN, search-timing).
// With --import N it imports a CSV file of N customers instead (bench-import.ts): rows/s, and the
// first page's latency idle and during the import, with --readers team (the default: --rate first
// pages a second in all, 30), flat (--connections reading flat out) or none (the import alone). With --crm as well, a HubSpot-style export of N
// contacts with bad rows and duplicates is imported, checked, reverted and exported (bench-crm.ts).
// With --bulk it times bulk actions instead (bench-bulk.ts): set State on about 10,000 customers,
// delete all N matching, and each one's Undo, with the server's peak RSS after each.
// With --against DIR this build's server and the build in DIR (another checkout, built) run side by
// side on the same book, and each GET scenario's CPU per request is compared in alternating requests
// (bench-pair.ts): --runs rounds (at least 3) of fresh servers, 4 blocks of --duration seconds
// per scenario in each. The two builds must read the same schema (the book is migrated by this build).
// With --cpu-prof DIR the server runs under `node --cpu-prof` and writes its profile to DIR when it
// stops (use --only to profile one scenario). With --statements (one server process) it also times
// each SQLite statement its main thread runs (statement-times.ts), and the bench prints each
// scenario's costliest statements in µs per request: a profile samples wall time, these do not.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { parseDatabaseUrl } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { countCustomers } from '../customers/queries.js';
import { CUSTOMER_FIELDS, type CustomerValues } from '../customers/schema.js';
import { seed } from './seed.js';
import { signIn, signOut } from './http-client.js';
import { scratchDatabase, engineOption, type ScratchDatabase } from './scratch-database.js';
import { freePort, startServer } from './server-process.js';
import { benchImport, type Readers } from './bench-import.js';
import { crmScenario } from './bench-crm.js';
import { benchBulk } from './bench-bulk.js';
import { benchPair, startOtherBuild } from './bench-pair.js';
import { askTotals, perRequest, printStatements } from './statement-times.js';

const USAGE =
  'usage: npm run bench -- [--customers N] [--duration S] [--warmup S] [--connections C] [--runs R]\n' +
  '  [--only SCENARIO] [--workers W] [--database sqlite|postgres] [--url DATABASE_URL] [--cpu-prof DIR]\n' +
  '  [--statements]\n' +
  '  [--import N [--crm] [--readers team|flat|none] [--rate PER_SECOND]] [--bulk] [--against DIR]\n' +
  '  (what each does: the README, Performance, and the top of src/cli/bench.ts)\n';

function parsedArgs() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    // An unknown or incomplete option: say which, with the usage, never a stack trace.
    process.stderr.write(
      `bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
    );
    process.exit(2);
  }
}

const OPTIONS = {
  customers: { type: 'string', default: '100000' },
  duration: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '2' },
  connections: { type: 'string', default: '16' },
  only: { type: 'string' },
  workers: { type: 'string', default: '1' },
  database: { type: 'string', default: 'sqlite' },
  runs: { type: 'string', default: '1' },
  url: { type: 'string' },
  'cpu-prof': { type: 'string' },
  statements: { type: 'boolean', default: false },
  import: { type: 'string' },
  crm: { type: 'boolean', default: false },
  readers: { type: 'string', default: 'team' },
  rate: { type: 'string', default: '30' },
  bulk: { type: 'boolean' },
  against: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
const args = parsedArgs();
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const KEPT = args.url ? parseDatabaseUrl(args.url) : null;
const ENGINE = KEPT?.dialect ?? engineOption(args.database, 'bench');
const CUSTOMERS = Number(args.customers);
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const WORKERS = Number(args.workers);
const RUNS = Math.max(1, Number(args.runs));
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-password-1';
const here = path.dirname(fileURLToPath(import.meta.url));

/** The ceiling: a bare Hono route on the same server stack, in its own process like Folio's. */
async function startCeiling(bodyBytes: number): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(here, 'bench-ceiling.js')], {
    env: {
      ...process.env,
      BODY_BYTES: String(bodyBytes),
      PORT: String(port),
      WEB_CONCURRENCY: String(WORKERS),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      await fetch(url);
      return { url, child };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error('the ceiling server did not start');
}

/** Peak resident memory (VmHWM) of a process and its children (the workers), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  let kb = Number(status.match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0);
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of children ? children.split(/\s+/) : [])
      kb += peakRssMb(Number(child)) * 1024;
  }
  return Math.round(kb / 1024);
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux for every architecture in use). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, all threads) a process and its children (the workers) have used. */
function cpuSeconds(pid: number): number {
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the state (field 3).
  let seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of children ? children.split(/\s+/) : []) seconds += cpuSeconds(Number(child));
  }
  return seconds;
}

/** Follows rel="next" links from the first page, as a person paging through the book would. */
async function deepPagePath(url: string, cookie: string, pages: number): Promise<string> {
  let next = '/customers';
  for (let i = 0; i < pages; i += 1) {
    const html = await (await fetch(url + next, { headers: { Cookie: cookie } })).text();
    const link = html.match(/<a[^>]*rel="next"[^>]*>/)?.[0];
    const href = link?.match(/href="([^"]+)"/)?.[1];
    if (!href) throw new Error(`no rel="next" link on page ${i + 1}`);
    next = href.replaceAll('&amp;', '&');
  }
  return next;
}

interface Scenario {
  name: string;
  options: Partial<autocannon.Options> & { path?: string };
}

interface Row {
  name: string;
  /** Server CPU microseconds per request served. */
  cpu: number;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  errors: number;
  /** With --statements: the main thread's statements, µs and calls per request, costliest first. */
  statements?: ReturnType<typeof perRequest>;
}

/** Where the server writes its statements' totals when asked (SIGUSR2), with --statements. */
const STATEMENT_TIMES = args.statements
  ? path.join(tmpdir(), `folio-bench-statements-${process.pid}.json`)
  : undefined;

/** `timed`: Folio's server, which times its statements with --statements (not the ceiling's). */
async function measure(url: string, pid: number, scenario: Scenario, timed = false): Promise<Row> {
  // autocannon takes the path as part of the URL (a top-level `path` option is ignored).
  const { path: target = '', ...options } = scenario.options;
  const base = { url: url + target, connections: CONNECTIONS, ...options };
  if (WARMUP > 0) await autocannon({ ...base, duration: WARMUP });
  const statementsBefore =
    timed && STATEMENT_TIMES ? await askTotals(pid, STATEMENT_TIMES) : undefined;
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({ ...base, duration: DURATION });
  const cpu = cpuSeconds(pid) - cpuBefore;
  const statementsAfter =
    timed && STATEMENT_TIMES ? await askTotals(pid, STATEMENT_TIMES) : undefined;
  if (result.non2xx > 0)
    console.log(
      `bench: ${scenario.name}: answers by status ${JSON.stringify(result.statusCodeStats)}`,
    );
  return {
    name: scenario.name,
    cpu: Math.round((cpu * 1e6) / Math.max(1, result.requests.total)),
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
    errors: result.errors + result.timeouts + result.non2xx + result.mismatches,
    ...(statementsBefore &&
      statementsAfter && {
        statements: perRequest(statementsBefore, statementsAfter, result.requests.total),
      }),
  };
}

/**
 * RUNS measurements of a scenario; the run with the median req/s, the median CPU per request (the
 * two medians may come from different runs), and the errors of all runs.
 */
async function measureRuns(
  url: string,
  pid: number,
  scenario: Scenario,
  timed = false,
): Promise<Row> {
  const runs: Row[] = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await measure(url, pid, scenario, timed));
  const median = (key: 'rps' | 'cpu') =>
    [...runs].sort((a, b) => a[key] - b[key])[Math.floor((runs.length - 1) / 2)]!;
  const errors = runs.reduce((sum, run) => sum + run.errors, 0);
  return { ...median('rps'), cpu: median('cpu').cpu, errors };
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

/**
 * The book to bench: seeded (and on PostgreSQL analyzed) unless --url names one already seeded.
 * Returns its size and the newest rows, with their versions, for the edit scenario.
 */
async function prepareBook(place: ScratchDatabase) {
  const seeding = performance.now();
  const db = openDatabase(place.config);
  try {
    await migrateToLatest(db);
    const seeded = KEPT
      ? await db.selectFrom('users').select('id').where('email', '=', EMAIL).executeTakeFirst()
      : undefined;
    if (!seeded) {
      await seed(db, { customers: CUSTOMERS, email: EMAIL, password: PASSWORD });
      // The planner's statistics after a bulk load, as autovacuum would gather them soon after.
      if (ENGINE === 'postgres') await sql`ANALYZE`.execute(db);
    }
    const { workspace_id: workspaceId } = await db
      .selectFrom('users')
      .select('workspace_id')
      .where('email', '=', EMAIL)
      .executeTakeFirstOrThrow();
    const book = await countCustomers(db, workspaceId);
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'version', ...CUSTOMER_FIELDS])
      .where('workspace_id', '=', workspaceId)
      .orderBy('id', 'desc')
      // A row whose PUT is in flight when a measurement ends never comes back to the pool (its
      // version is unknown): each warm-up and run may lose one per connection.
      .limit(CONNECTIONS * 2 * RUNS + 64)
      .execute();
    console.log(
      seeded
        ? `bench: reusing the book of ${book.toLocaleString('en-US')} customers in ${args.url}`
        : `bench: seeded ${CUSTOMERS.toLocaleString('en-US')} customers in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );
    return { book, rows };
  } finally {
    await db.destroy();
  }
}

/** The results as a Markdown table, each scenario also as a fraction of the ceiling's req/s. */
function printTable(rows: Row[], ceiling: Row): void {
  const line = (cells: string[]) => console.log(`| ${cells.join(' | ')} |`);
  line([
    'scenario',
    'CPU µs/req',
    'req/s',
    'p50 ms',
    'p99 ms',
    'bytes/resp',
    'errors',
    'of ceiling',
  ]);
  line(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
  for (const row of [...rows, ceiling]) {
    line([
      row.name,
      row.cpu.toLocaleString('en-US'),
      row.rps.toLocaleString('en-US'),
      String(row.p50),
      String(row.p99),
      row.bytes.toLocaleString('en-US'),
      String(row.errors),
      `${Math.round((row.rps / ceiling.rps) * 100)}%`,
    ]);
  }
}

async function main(): Promise<void> {
  const place: ScratchDatabase = KEPT
    ? { config: KEPT, url: args.url!, drop: () => {} }
    : await scratchDatabase(ENGINE, 'bench');
  const servers: ChildProcess[] = [];
  // Each run signs in once: signed out at the end, so a kept book's bench user does not collect a
  // session per run (the Account page lists them all, and would grow from run to run).
  let signOutAtEnd = async () => {};
  try {
    const { book, rows: newest } = await prepareBook(place);

    // npm start's code path (dist/src/server.js), in production mode, access log at warn.
    const profile = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']] : [];
    if (STATEMENT_TIMES && WORKERS !== 1)
      throw new Error('bench: --statements times one server process (--workers 1)');
    const timing = STATEMENT_TIMES ? ['--import', path.join(here, 'statement-times.js')] : [];
    const folio = await startServer(
      {
        DATABASE_URL: place.url,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        WEB_CONCURRENCY: String(WORKERS),
        ...(STATEMENT_TIMES && { FOLIO_STATEMENT_TIMES: STATEMENT_TIMES }),
      },
      undefined,
      [...profile, ...timing],
    );
    servers.push(folio.child);
    const { cookie, csrf } = await signIn(folio.url, EMAIL, PASSWORD);
    signOutAtEnd = () => signOut(folio.url, { cookie, csrf });
    if (args.import) {
      // Reads beside the server's; its checkpoints are the server's to make (one worker, as deployed).
      const db = openDatabase(place.config, { checkpoints: false });
      try {
        const member = { cookie, csrf };
        const rows = Number(args.import);
        const readers = args.readers as Readers;
        if (!['team', 'flat', 'none'].includes(readers))
          throw new Error(`--readers ${readers}: team, flat or none`);
        const reading = { readers, connections: CONNECTIONS, rate: Number(args.rate) };
        const run = args.crm ? crmScenario : benchImport;
        const times = { idleSeconds: DURATION, warmupSeconds: WARMUP };
        const serverCpu = () => cpuSeconds(folio.child.pid!);
        const walFile = place.config.dialect === 'sqlite' ? `${place.config.path}-wal` : undefined;
        await run({ url: folio.url, member, db, rows, reading, serverCpu, walFile, ...times });
      } finally {
        await db.destroy();
      }
      return;
    }
    if (args.bulk) {
      const db = openDatabase(place.config, { checkpoints: false });
      try {
        const { workspace_id: workspaceId } = await db
          .selectFrom('users')
          .select('workspace_id')
          .where('email', '=', EMAIL)
          .executeTakeFirstOrThrow();
        const rss = () => peakRssMb(folio.child.pid!);
        await benchBulk({ url: folio.url, member: { cookie, csrf }, db, workspaceId, rss, load });
      } finally {
        await db.destroy();
      }
      return;
    }
    const headers = { Cookie: cookie };
    const htmx = { ...headers, 'HX-Request': 'true' };

    const firstPage = await (await fetch(`${folio.url}/customers`, { headers })).text();
    const deep = await deepPagePath(folio.url, cookie, 100);

    // Each connection edits a row no other connection holds, as the table's inline editor sends it:
    // every field, the values the edit started from (base_*), the version; only the address changes,
    // so each PUT is a save (a change to the name, email or phone would meet the book's many
    // bench-edited Grace Hoppers and answer the duplicate warning instead).
    interface EditedRow {
      id: number;
      version: number;
      values: CustomerValues;
    }
    const free: EditedRow[] = newest.map(({ id, version, ...stored }) => ({
      id,
      version,
      values: Object.fromEntries(
        CUSTOMER_FIELDS.map((field) => [field, stored[field] ?? '']),
      ) as CustomerValues,
    }));
    const edited = (row: EditedRow): CustomerValues => ({
      ...row.values,
      address: `${row.version + 1} Navy Way`,
    });
    const editBody = (row: EditedRow) =>
      new URLSearchParams({
        ...edited(row),
        ...Object.fromEntries(CUSTOMER_FIELDS.map((field) => [`base_${field}`, row.values[field]])),
        version: String(row.version),
      }).toString();

    // The issue's table first (the framework floor, then pages by growing cost), then the rest.
    const all: Scenario[] = [
      { name: 'healthz', options: { path: '/healthz' } },
      { name: 'login page (no session)', options: { path: '/login' } },
      { name: 'settings/account', options: { headers, path: '/settings/account' } },
      { name: 'record page', options: { headers, path: `/customers/${newest[0]!.id}` } },
      { name: 'first page', options: { headers, path: '/customers' } },
      { name: 'sorted by city', options: { headers, path: '/customers?sort=city&dir=asc' } },
      { name: 'search "smi" (page)', options: { headers, path: '/customers?q=smi' } },
      { name: 'search "smi" (htmx)', options: { headers: htmx, path: '/customers?q=smi' } },
      { name: 'page 100 deep', options: { headers, path: deep } },
      {
        name: 'inline edit (PUT)',
        options: {
          requests: [
            {
              method: 'PUT' as const,
              setupRequest: (request: autocannon.Request, context: object) => {
                const row = free.shift()!;
                (context as { row?: typeof row }).row = row;
                return {
                  ...request,
                  path: `/customers/${row.id}`,
                  headers: {
                    ...htmx,
                    'X-CSRF-Token': csrf,
                    'Content-Type': 'application/x-www-form-urlencoded',
                  },
                  body: editBody(row),
                };
              },
              onResponse: (status: number, _body: string, context: object) => {
                const row = (context as { row: EditedRow }).row;
                if (status === 200) {
                  row.values = edited(row);
                  row.version += 1;
                }
                free.push(row);
              },
            },
          ],
        },
      },
    ];
    const scenarios = all.filter((s) => !args.only || s.name.includes(args.only));

    if (args.against) {
      const env = {
        DATABASE_URL: place.url,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        WEB_CONCURRENCY: '1',
      };
      // GETs only: the PUT's rows and versions are this bench's own pool.
      const gets = scenarios.filter(({ options }) => !options.requests);
      const other = path.resolve(args.against, 'dist/src/cli/server-process.js');
      if (!existsSync(other))
        throw new Error(
          `--against ${args.against}: no built Folio there (${other}); run npx tsc -p . in it`,
        );
      if (gets.length === 0 || !(DURATION > 0))
        throw new Error('--against compares GET scenarios (not the PUT) over a --duration above 0');
      await benchPair({
        startPair: async () => {
          const ours = await startServer(env);
          try {
            return { ours, theirs: await startOtherBuild(args.against!, env) };
          } catch (error) {
            await ours.stop();
            throw error;
          }
        },
        against: args.against,
        scenarios: gets.map(({ name, options }) => ({
          name,
          path: options.path!,
          headers: (options.headers ?? {}) as Record<string, string>,
        })),
        rounds: Math.max(RUNS, 3),
        blocks: 4,
        blockSeconds: DURATION,
        warmupSeconds: WARMUP,
        cpuSeconds,
      });
      return;
    }

    const rows: Row[] = [];
    const loadAtStart = load();
    for (const scenario of scenarios) {
      rows.push(await measureRuns(folio.url, folio.child.pid!, scenario, true));
      // The peak so far, so a scenario that raises it shows which one it is.
      const peak = peakRssMb(folio.child.pid!);
      console.log(`bench: ${scenario.name} done (load average ${load()}; peak RSS ${peak} MB)`);
    }
    const rss = peakRssMb(folio.child.pid!);

    const ceilingServer = await startCeiling(Buffer.byteLength(firstPage));
    servers.push(ceilingServer.child);
    const ceiling = await measureRuns(ceilingServer.url, ceilingServer.child.pid!, {
      name: 'ceiling: bare Hono, fixed string',
      options: {},
    });

    console.log(
      `\nFolio benchmark: ${book.toLocaleString('en-US')} customers on ${ENGINE === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${WORKERS} server process${WORKERS === 1 ? '' : 'es'} (WEB_CONCURRENCY), ${CONNECTIONS} connections, ${DURATION} s per scenario after ${WARMUP} s warm-up${RUNS > 1 ? `, median of ${RUNS} runs` : ''} (autocannon, on the same 2 cores); load average ${loadAtStart} at the start, ${load()} at the end\n`,
    );
    printTable(rows, ceiling);
    for (const row of rows) if (row.statements) printStatements(row.name, row.statements);
    console.log(`\nFolio server peak RSS (all its processes): ${rss} MB`);
  } finally {
    await signOutAtEnd().catch((error: unknown) => console.error('bench: sign-out failed', error));
    for (const server of servers) server.kill('SIGTERM');
    await Promise.all(
      servers.map((server) => new Promise((resolve) => server.once('exit', resolve))),
    );
    await place.drop();
    if (STATEMENT_TIMES) rmSync(STATEMENT_TIMES, { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
