// `npm run bench -- --statements`: the server starts with `node --import` of this file, which times
// every SQLite statement its main thread runs (better-sqlite3's all, get and run) by SQL text, and
// writes the totals to FOLIO_STATEMENT_TIMES when sent SIGUSR2; the bench asks before and after each
// scenario. A CPU profile samples wall time: it put a third of the record page in SQLite, where the
// statements took a tenth (docs/performance.md, "CPU per request, ninth round").
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';

/** Microseconds and calls, by SQL text. */
export type StatementTotals = Record<string, { micros: number; calls: number }>;

type Run = (...parameters: unknown[]) => unknown;
interface TimedStatement {
  source: string;
  all: Run;
  get: Run;
  run: Run;
}

/** Times the statements made from this prototype from now on; returns their totals so far. */
export function timeStatements(prototype: TimedStatement): () => StatementTotals {
  const totals: StatementTotals = {};
  for (const method of ['all', 'get', 'run'] as const) {
    const untimed = prototype[method];
    prototype[method] = function (this: TimedStatement, ...parameters: unknown[]) {
      const start = process.hrtime.bigint();
      try {
        return untimed.apply(this, parameters);
      } finally {
        const total = (totals[this.source] ??= { micros: 0, calls: 0 });
        total.micros += Number(process.hrtime.bigint() - start) / 1000;
        total.calls += 1;
      }
    };
  }
  return () => structuredClone(totals);
}

/** What changed between two snapshots, per request served meanwhile, largest first. */
export function perRequest(
  before: StatementTotals,
  after: StatementTotals,
  requests: number,
): { sql: string; micros: number; calls: number }[] {
  return Object.entries(after)
    .map(([sql, { micros, calls }]) => ({
      sql,
      micros: (micros - (before[sql]?.micros ?? 0)) / Math.max(1, requests),
      calls: (calls - (before[sql]?.calls ?? 0)) / Math.max(1, requests),
    }))
    .filter((statement) => statement.calls > 0)
    .sort((a, b) => b.micros - a.micros);
}

/** In the bench: the server's totals now, asked of process `pid`, which writes them to `file`. */
export async function askTotals(pid: number, file: string): Promise<StatementTotals> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 5_000; waited += 10) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as StatementTotals;
    } catch {
      // Not written yet (or half written): the server answers between requests.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  throw new Error('bench: the server did not write its statement times (--statements)');
}

/** In the bench: a scenario's costliest statements, µs and calls per request. */
export function printStatements(scenario: string, statements: ReturnType<typeof perRequest>): void {
  const total = statements.reduce((sum, statement) => sum + statement.micros, 0);
  console.log(`\n${scenario}: SQLite on the main thread ${total.toFixed(0)} µs a request`);
  // The costliest five, past the background's rare reads (the job runner's look for work).
  const shown = statements.filter((statement) => statement.calls >= 0.01).slice(0, 5);
  for (const { sql, micros, calls } of shown)
    console.log(
      `  ${micros.toFixed(1).padStart(7)} µs  ${calls.toFixed(2)}x  ${sql.replace(/\s+/g, ' ').slice(0, 110)}`,
    );
}

// In the server (node --import): time the main thread's statements, and write them when asked.
const file = process.env.FOLIO_STATEMENT_TIMES;
if (file && isMainThread) {
  const require = createRequire(import.meta.url);
  const SQLite = require('better-sqlite3') as new (file: string) => {
    prepare(sql: string): TimedStatement;
    close(): void;
  };
  const probe = new SQLite(':memory:');
  const totals = timeStatements(Object.getPrototypeOf(probe.prepare('SELECT 1')) as TimedStatement);
  probe.close();
  process.on('SIGUSR2', () => writeFileSync(file, JSON.stringify(totals())));
}
