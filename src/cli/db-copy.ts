// `npm run db:copy -- --from sqlite:data/folio.db --to postgres://...`: moves a whole Folio book to an
// empty database on either engine (see db/copy.ts), printing progress and a count and checksum per table.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDatabaseUrl, type DatabaseConfig } from '../config.js';
import { copyDatabase, CopyRefused, type CopyEvent, type TableReport } from '../db/copy.js';
import { describePostgresUrl, openDatabase } from '../db/database.js';

const USAGE =
  'usage: npm run db:copy -- --from sqlite:data/folio.db --to postgres://user:pass@host:5432/folio';

/** A database fit to print: a PostgreSQL URL's host, port and database, never its password. */
export function describeDatabase(config: DatabaseConfig): string {
  return config.dialect === 'sqlite'
    ? `sqlite:${config.path}`
    : `postgres://${describePostgresUrl(config.url)}`;
}

function reporter(write: (line: string) => void): (event: CopyEvent) => void {
  const started = new Map<string, number>();
  let lastLine = 0;
  return (event) => {
    if (event.kind === 'migrated') {
      write(
        event.migrations.length === 0
          ? 'target already migrated'
          : `target migrated: ${event.migrations.join(', ')}`,
      );
    } else if (event.kind === 'skipped') {
      write(`${event.table}: not copied (${event.reason}; the target builds its own)`);
    } else if (event.copied === 0) {
      started.set(event.table, performance.now());
    } else if (event.copied === event.total) {
      const seconds = (performance.now() - (started.get(event.table) ?? 0)) / 1000;
      write(
        `${event.table}: ${event.total.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s`,
      );
    } else if (performance.now() - lastLine > 1000) {
      lastLine = performance.now();
      write(
        `${event.table}: ${event.copied.toLocaleString('en-US')} of ${event.total.toLocaleString('en-US')} rows`,
      );
    }
  };
}

export function reportTable(reports: TableReport[]): string[] {
  const lines = [
    `${'table'.padEnd(20)} ${'source rows'.padStart(12)} ${'target rows'.padStart(12)}  checksum`,
  ];
  for (const r of reports) {
    const same = r.sourceRows === r.targetRows && r.sourceChecksum === r.targetChecksum;
    lines.push(
      `${r.table.padEnd(20)} ${r.sourceRows.toLocaleString('en-US').padStart(12)} ${r.targetRows.toLocaleString('en-US').padStart(12)}  ${same ? `same ${r.sourceChecksum.slice(0, 16)}` : `DIFFERS ${r.sourceChecksum.slice(0, 16)} / ${r.targetChecksum.slice(0, 16)}`}`,
    );
  }
  return lines;
}

/** Runs the command; returns the exit code (0 copied and verified, 1 refused or different, 2 bad usage). */
export async function main(
  argv: string[],
  write = (line: string) => console.log(`db:copy: ${line}`),
): Promise<number> {
  let from: DatabaseConfig;
  let to: DatabaseConfig;
  let values: { from?: string; to?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' } },
    }));
    if (!values.from || !values.to) throw new Error('--from and --to are both needed');
    from = parseDatabaseUrl(values.from);
    to = parseDatabaseUrl(values.to);
  } catch (error) {
    process.stderr.write(
      `db:copy: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
    );
    return 2;
  }
  if (from.dialect === 'sqlite' && (from.path === ':memory:' || !existsSync(from.path))) {
    process.stderr.write(`db:copy: no database file at ${from.path}\n`);
    return 1;
  }
  write(`from ${describeDatabase(from)} to ${describeDatabase(to)}`);
  const source = openDatabase(from);
  const target = openDatabase(to);
  const started = performance.now();
  try {
    const reports = await copyDatabase(source, target, { progress: reporter(write) });
    for (const line of reportTable(reports)) write(line);
    const differ = reports.filter(
      (r) => r.sourceRows !== r.targetRows || r.sourceChecksum !== r.targetChecksum,
    );
    const rows = reports.reduce((sum, r) => sum + r.targetRows, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (differ.length > 0) {
      write(`FAILED: ${differ.map((r) => r.table).join(', ')} differ from the source`);
      return 1;
    }
    write(
      `done in ${seconds} s: ${reports.length} tables, ${rows.toLocaleString('en-US')} rows; every count and checksum matches`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      error instanceof CopyRefused
        ? `db:copy: refused: ${message}\n`
        : `db:copy: failed: ${message}\n`,
    );
    return 1;
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
