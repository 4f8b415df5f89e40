// `npm run bench -- --import N`: imports a CSV file of N customers through the running server (upload,
// mapping, start, the background job) while others read the first page of the table, and prints
// rows imported per second, the job's batches (how many, how many held the write lock past the 50 ms
// budget, the longest) and the first page's latency idle and during the import.
// Who reads meanwhile (--readers): `team` (the default) asks for --rate first pages a second in all
// (30: a busy team), evenly spaced, the table as others use it while an import runs; `flat` has the
// connections read as fast as the server answers (autocannon), so the import gets only what the
// readers leave of the one process (an overloaded server, not a usable table); `none` imports alone
// (latency is then not measured).
import fs from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { stringify } from 'csv-stringify/sync';
import type { DB } from '../db/database.js';
import { EXPORT_COLUMNS, exportRecord } from '../customers/export/csv.js';
import { CUSTOMER_FIELDS, type CustomerValues } from '../customers/schema.js';
import { demoCustomers } from './demo-customers.js';
import type { Member } from './http-client.js';
import { BUDGET_MS } from '../jobs/runner.js';

interface Latency {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

export type Readers = 'team' | 'flat' | 'none';

export interface ReadingLoad {
  readers: Readers;
  connections: number;
  /** First pages a second in all, with `team` readers. */
  rate: number;
}

const describeLoad = ({ readers, connections, rate }: ReadingLoad) =>
  readers === 'team'
    ? `${rate} first pages a second in all over ${connections} connections (a busy team)`
    : readers === 'flat'
      ? `${connections} connections reading it flat out (an overloaded server)`
      : 'no readers (the import alone)';

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

/** The first page under the reading load until `until` resolves (or for `seconds`). */
function firstPageLoad(
  url: string,
  cookie: string,
  reading: ReadingLoad,
  until: Promise<unknown> | number,
): Promise<Latency> {
  if (reading.readers === 'team') return teamReads(url, cookie, reading, until);
  return new Promise((resolve, reject) => {
    const duration = typeof until === 'number' ? until : 3600;
    const { connections } = reading;
    const instance = autocannon(
      { url: `${url}/customers`, headers: { Cookie: cookie }, connections, duration },
      (error, result) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else
          resolve({
            p50: result.latency.p50,
            p99: result.latency.p99,
            rps: Math.round(result.requests.average),
            errors: result.errors + result.timeouts + result.non2xx,
          });
      },
    );
    if (typeof until !== 'number') void until.finally(() => instance.stop());
  });
}

/** The longest a team's read may take before it counts as an error (so the bench always ends). */
const READ_TIMEOUT_MS = 10_000;

/**
 * A team's reads: one first page every 1/rate s, evenly spaced, over at most `connections` kept-alive
 * connections. autocannon's rate sends each second's requests at once, 16 together at the start of
 * every second, so half its "idle" latency was the burst's queue, not the server. Each latency is
 * counted from the moment the request was due, so one queued behind a slow answer counts its wait.
 */
async function teamReads(
  url: string,
  cookie: string,
  { connections, rate }: ReadingLoad,
  until: Promise<unknown> | number,
): Promise<Latency> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const read = (due: number) =>
    new Promise<void>((resolve) => {
      const request = http.get(
        `${url}/customers`,
        { agent, headers: { Cookie: cookie } },
        (res) => {
          if (res.statusCode !== 200) errors += 1;
          res.resume();
          res.on('end', () => latencies.push(performance.now() - due));
        },
      );
      // A read that never ends would keep the bench from ending: after READ_TIMEOUT_MS it is an error.
      request.setTimeout(READ_TIMEOUT_MS, () => request.destroy(new Error('timed out')));
      request.on('error', () => (errors += 1));
      // Closed once answered, failed or timed out: every read settles.
      request.on('close', () => resolve());
    });
  let over = false;
  const stop =
    typeof until === 'number' ? new Promise((resolve) => setTimeout(resolve, until * 1000)) : until;
  void stop.finally(() => (over = true));
  const started = performance.now();
  const reads: Promise<void>[] = [];
  for (let i = 0; !over; i += 1) {
    const due = started + (i * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    if (!over) reads.push(read(due));
  }
  await Promise.all(reads);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (share: number) =>
    Math.round(latencies[Math.floor(share * (latencies.length - 1))] ?? 0);
  const seconds = (performance.now() - started) / 1000;
  return { p50: at(0.5), p99: at(0.99), rps: Math.round(latencies.length / seconds), errors };
}

/** A teammate's saves: how many, the median and slowest, and how many waited past the budget. */
interface Saves {
  count: number;
  p50: number;
  max: number;
  slow: number;
  failed: number;
}

/**
 * A teammate saving one customer every `everyMs` until `until` settles, as the table's inline editor
 * does (PUT, every field with the values it started from, the version; the address changes each
 * time), each save timed from sending to its answer. A save needs the write lock, so this is what the
 * import's batches, and the WAL checkpoints beside them, make everyone else wait for. The customer is
 * the book's oldest: the import only adds customers (its file's emails are new).
 */
async function teammateSaves(
  url: string,
  member: Member,
  db: DB,
  until: Promise<unknown>,
  everyMs = 500,
): Promise<Saves> {
  const read = () =>
    db
      .selectFrom('customers')
      .select(['id', 'version', ...CUSTOMER_FIELDS])
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
  let row = await read();
  let over = false;
  void until.finally(() => (over = true));
  const times: number[] = [];
  let failed = 0;
  while (!over) {
    const values = Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, row[f]])) as CustomerValues;
    const address = `${row.version + 1} Navy Way`;
    const body = new URLSearchParams({
      ...values,
      address,
      ...Object.fromEntries(CUSTOMER_FIELDS.map((f) => [`base_${f}`, values[f]])),
      version: String(row.version),
    });
    const sent = performance.now();
    const answer = await fetch(`${url}/customers/${row.id}`, {
      method: 'PUT',
      headers: {
        Cookie: member.cookie,
        'HX-Request': 'true',
        'X-CSRF-Token': member.csrf,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body,
      signal: AbortSignal.timeout(READ_TIMEOUT_MS),
    }).catch(() => undefined);
    await answer?.arrayBuffer();
    const ms = performance.now() - sent;
    if (answer?.status === 200) {
      times.push(ms);
      row = { ...row, address, version: row.version + 1 };
    } else {
      failed += 1;
      row = await read();
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - ms)));
  }
  times.sort((a, b) => a - b);
  const p50 = Math.round(times[Math.floor((times.length - 1) / 2)] ?? 0);
  const max = Math.round(times.at(-1) ?? 0);
  const slow = times.filter((ms) => ms > BUDGET_MS).length;
  return { count: times.length, p50, max, slow, failed };
}

/** The largest the file grows (sampled every 250 ms) until `until` settles; 0 when there is none. */
async function largestFile(file: string | undefined, until: Promise<unknown>): Promise<number> {
  if (!file) return 0;
  let over = false;
  void until.finally(() => (over = true));
  let largest = 0;
  while (!over) {
    largest = Math.max(largest, fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return largest;
}

/** A file like Folio's own export, of `rows` demo customers (distinct emails: all are created). */
function csvFile(rows: number): Buffer {
  const records = [...demoCustomers(rows, 7)].map((customer, i) =>
    exportRecord({
      ...customer,
      // Demo customers without an email stay without one (a prefix alone is not an address).
      email: customer.email && `import${i}-${customer.email}`.slice(0, 100),
      updated_at: customer.created_at,
    }),
  );
  return Buffer.from(
    stringify(records, { bom: true, header: true, columns: EXPORT_COLUMNS.map((c) => c.header) }),
  );
}

/** fetch's failure to write on a kept-alive connection the server had closed meanwhile. */
const staleConnection = (error: unknown) =>
  ['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(
    (error as { cause?: { code?: string } }).cause?.code ?? '',
  );

/** Uploads a file as the browser does; the import's id and its mapping page's address. */
export async function uploadFile(url: string, member: Member, file: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  const post = () =>
    fetch(`${url}/customers/import?_csrf=${member.csrf}`, {
      method: 'POST',
      headers: { Cookie: member.cookie },
      body: form,
      redirect: 'manual',
    });
  // fetch reuses the sign-in's connections, which the server closes after 5 idle seconds, about
  // as long as building a 100,000-row file takes: the write fails (EPIPE) before the server has read
  // a request, on each such connection in turn, and then a new one is opened.
  let uploaded: Response | undefined;
  for (let attempt = 1; !uploaded; attempt += 1) {
    try {
      uploaded = await post();
    } catch (error) {
      if (attempt >= 5 || !staleConnection(error)) throw error;
    }
  }
  const location = uploaded.headers.get('Location');
  if (uploaded.status !== 303 || !location)
    throw new Error(`upload answered ${uploaded.status}: ${(await uploaded.text()).slice(0, 300)}`);
  return { id: Number(location.split('/').at(-1)), location };
}

/** Posts a form of the import's pages (the mapping, revert) as a browser without JavaScript does. */
export async function postForm(url: string, member: Member, path: string, form: object) {
  const answer = await fetch(url + path, {
    method: 'POST',
    headers: { Cookie: member.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form, _csrf: member.csrf }),
    redirect: 'manual',
  });
  if (answer.status !== 303) throw new Error(`${path} answered ${answer.status}`);
}

async function startImport(url: string, member: Member, file: Buffer): Promise<number> {
  const { id, location } = await uploadFile(url, member, file, 'bench.csv');
  // Folio's headers: the eight fields in form order, then Added and Last changed (not imported).
  const fields = Object.fromEntries(CUSTOMER_FIELDS.map((target, i) => [`col${i}`, target]));
  await postForm(url, member, location, { ...fields, col8: '', col9: '', policy: 'skip' });
  return id;
}

/** How the import's job ran: its batches, those past the runner's budget, the longest. */
const importBatches = (db: DB, importId: number) =>
  db
    .selectFrom('jobs')
    .innerJoin('imports', 'imports.job_id', 'jobs.id')
    .select(['jobs.longest_batch_ms', 'jobs.batch_count', 'jobs.slow_batch_count'])
    .where('imports.id', '=', importId)
    .executeTakeFirstOrThrow();

export async function benchImport(options: {
  url: string;
  member: Member;
  db: DB;
  rows: number;
  reading: ReadingLoad;
  /** Seconds of the idle measurement, after `warmupSeconds` of the same load not measured. */
  idleSeconds: number;
  warmupSeconds: number;
  /** CPU seconds the server's processes have used so far (all threads). */
  serverCpu: () => number;
  /** SQLite's WAL file, whose size is followed during the import. */
  walFile?: string;
}): Promise<void> {
  const { url, member, db, rows, reading } = options;
  const readers = reading.readers !== 'none';
  // A server just started answers its first pages slowly (compiling, caches filling): not idle figures.
  if (readers && options.warmupSeconds > 0)
    await firstPageLoad(url, member.cookie, reading, options.warmupSeconds);
  const idleLoad = readers
    ? firstPageLoad(url, member.cookie, reading, options.idleSeconds)
    : new Promise((resolve) => setTimeout(resolve, options.idleSeconds * 1000));
  const idleSaves = teammateSaves(url, member, db, idleLoad);
  const idle = readers && ((await idleLoad) as Latency);
  const savesIdle = await idleSaves;
  const loadAtStart = load();
  const file = csvFile(rows);
  const uploading = performance.now();
  const id = await startImport(url, member, file);
  const uploadSeconds = (performance.now() - uploading) / 1000;
  const cpuBefore = options.serverCpu();
  let finished: { started_at: string | null; finished_at: string | null; state: string };
  const done = (async () => {
    for (;;) {
      finished = await db
        .selectFrom('imports')
        .select(['started_at', 'finished_at', 'state', 'created_count', 'failed_count'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (finished.state !== 'running') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  const savesDuring = teammateSaves(url, member, db, done);
  const walLargest = largestFile(options.walFile, done);
  const during = readers && (await firstPageLoad(url, member.cookie, reading, done));
  await done;
  const saves = { idle: savesIdle, during: await savesDuring };
  const walMb = (await walLargest) / 1024 / 1024;
  const cpu = options.serverCpu() - cpuBefore;
  const batches = await importBatches(db, id);
  const seconds = (Date.parse(finished!.finished_at!) - Date.parse(finished!.started_at!)) / 1000;
  const mb = (file.length / 1024 / 1024).toFixed(1);
  console.log(
    `\nFolio import benchmark: ${rows.toLocaleString('en-US')} rows (${mb} MB), upload and staging ${uploadSeconds.toFixed(1)} s, import ${seconds.toFixed(1)} s (${finished!.state}): ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s; ${batches.batch_count.toLocaleString('en-US')} batches, ${batches.slow_batch_count} of them over ${BUDGET_MS} ms, the longest ${batches.longest_batch_ms ?? '?'} ms (write lock held, BEGIN to COMMIT; on SQLite the job thread too)`,
  );
  // Against the wall-clock time: how much of the machine the server had (a core is 100%).
  console.log(
    `Server CPU from the start of the import to its end: ${cpu.toFixed(1)} s (${((cpu * 1000) / rows).toFixed(2)} ms a row, readers included; ${Math.round((cpu / seconds) * 100)}% of a core)`,
  );
  console.log(
    `Readers of the first page: ${describeLoad(reading)}; load average ${loadAtStart} at the start, ${load()} at the end`,
  );
  const told = ({ count, p50, max, slow, failed }: Saves) =>
    `${count} saves, p50 ${p50} ms, slowest ${max} ms, ${slow} past ${BUDGET_MS} ms${failed ? `, ${failed} failed` : ''}`;
  console.log(
    `A teammate saving a customer every 0.5 s: idle ${told(saves.idle)}; during the import ${told(saves.during)}`,
  );
  if (options.walFile)
    console.log(`The WAL file at its largest during the import: ${walMb.toFixed(0)} MB`);
  console.log('');
  if (!idle || !during) return;
  console.log('| first page | p50 ms | p99 ms | req/s | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [label, row] of [
    [`idle (${options.idleSeconds} s)`, idle],
    ['during the import', during],
  ] as const)
    console.log(`| ${label} | ${row.p50} | ${row.p99} | ${row.rps} | ${row.errors} |`);
}
