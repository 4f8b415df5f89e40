// Moves a whole Folio database to another one, on either engine: every table the migrations made, in
// one pass, ids kept, sequences moved on, the search index rebuilt by the target's own machinery, and
// a count and checksum per table compared at the end. The source is only read.
import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { catalogOf, dependencyOrder, type Catalog, type TableInfo } from './catalog.js';
import type { DB } from './database.js';
import { createMigrator, migrateToLatest } from './migrator.js';

/** A reason not to copy, found before anything was written. */
export class CopyRefused extends Error {
  override name = 'CopyRefused';
}

export type CopyEvent =
  | { kind: 'migrated'; migrations: string[] }
  | { kind: 'skipped'; table: string; reason: string }
  | { kind: 'rows'; table: string; copied: number; total: number };

export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
}

export interface CopyOptions {
  progress?: (event: CopyEvent) => void;
  /** Rows read and written per statement (fewer for wide tables, within the engines' parameter limits). */
  batchRows?: number;
}

/**
 * Columns that triggers on another table keep up to date as that table's rows arrive (SQLite's live
 * customer counter): written again from the source once everything is copied, so the target holds
 * the source's values rather than a count the triggers made on the way.
 */
const KEPT_BY_TRIGGERS: Record<string, string[]> = { workspaces: ['customer_count'] };

/** Both engines accept tens of thousands of parameters per statement; stay well below the lowest. */
const MAX_PARAMETERS = 30_000;

export async function copyDatabase(
  source: DB,
  target: DB,
  options: CopyOptions = {},
): Promise<TableReport[]> {
  const progress = options.progress ?? (() => {});
  const from = catalogOf(source);
  const to = catalogOf(target);
  await refuseUnmigratedSource(source);
  await refuseNonEmptyTarget(target, to);
  const migrated = await migrateToLatest(target);
  progress({ kind: 'migrated', migrations: (migrated.results ?? []).map((r) => r.migrationName) });

  const plan = await planCopy(source, from, target, to, progress);
  const sourceSums = await readSnapshot(source, async (snapshot) =>
    target.transaction().execute(async (trx) => {
      // Checked again inside the transaction: another process may have written meanwhile.
      await refuseNonEmptyTarget(trx, to);
      const sums = new Map<string, Sum>();
      for (const table of plan)
        sums.set(table.name, await copyTable(snapshot, trx, table, options));
      await rewriteTriggerKept(snapshot, trx, plan);
      for (const table of plan) {
        if (!table.sequenceColumn) continue;
        const last = Math.max(await from.lastId(snapshot, table), sums.get(table.name)!.maxId);
        await to.setLastId(trx, table, last);
      }
      return sums;
    }),
  );
  const reports: TableReport[] = [];
  for (const table of plan) {
    const before = sourceSums.get(table.name)!;
    const after = await checksum(target, table, options.batchRows);
    reports.push({
      table: table.name,
      sourceRows: before.rows,
      targetRows: after.rows,
      sourceChecksum: before.hex(),
      targetChecksum: after.hex(),
    });
  }
  return reports;
}

async function refuseUnmigratedSource(source: DB): Promise<void> {
  const migrations = await createMigrator(source).getMigrations();
  const pending = migrations.filter((migration) => !migration.executedAt);
  if (pending.length === migrations.length)
    throw new CopyRefused('the source is not a Folio database (no migrations applied)');
  if (pending.length > 0)
    throw new CopyRefused(
      `the source is not at the latest migration (${pending.map((m) => m.name).join(', ')} pending): ` +
        'run `npm run migrate` with DATABASE_URL set to it first (db:copy never changes the source)',
    );
}

async function refuseNonEmptyTarget(target: DB, catalog: Catalog): Promise<void> {
  const held: string[] = [];
  for (const table of await catalog.tables(target)) {
    const rows = await countRows(target, table.name);
    if (rows > 0) held.push(`${table.name} ${rows.toLocaleString('en-US')}`);
  }
  if (held.length > 0)
    throw new CopyRefused(
      `the target already holds data (rows: ${held.join(', ')}); db:copy only fills an empty database. Nothing was changed.`,
    );
}

/**
 * The tables both databases have, parents first. A table on one side only is engine-specific (SQLite's
 * FTS5 index is a virtual table, left out by the catalog): it is not copied. Nor is a table the
 * target's triggers fill (PostgreSQL's search terms): they make its rows as the customers arrive, so
 * copied ones would collide with them, whichever engine the source is.
 */
async function planCopy(
  source: DB,
  from: Catalog,
  target: DB,
  to: Catalog,
  progress: (event: CopyEvent) => void,
): Promise<TableInfo[]> {
  const sourceTables = new Map((await from.tables(source)).map((table) => [table.name, table]));
  const targetTables = await to.tables(target);
  const plan: TableInfo[] = [];
  for (const table of targetTables) {
    const original = sourceTables.get(table.name);
    if (!original || table.filledBy.length > 0) {
      const reason = !original
        ? `not in the ${from.engine} source`
        : `the target's triggers on ${table.filledBy.join(', ')} make its rows`;
      progress({ kind: 'skipped', table: table.name, reason });
      continue;
    }
    const lost = original.columns.filter(
      (column) => !table.columns.includes(column) && !table.generated.includes(column),
    );
    if (lost.length > 0)
      throw new CopyRefused(`${table.name}.${lost.join(', ')} has no place in the target`);
    if (table.primaryKey.length === 0)
      throw new CopyRefused(`${table.name} has no primary key to page through it by`);
    plan.push({ ...table, columns: table.columns.filter((c) => original.columns.includes(c)) });
  }
  for (const name of sourceTables.keys())
    if (!targetTables.some((table) => table.name === name))
      progress({ kind: 'skipped', table: name, reason: `not in the ${to.engine} target` });
  return dependencyOrder(plan);
}

/** Runs `work` on one unchanging view of the source, whatever is written to it meanwhile. */
function readSnapshot<T>(source: DB, work: (snapshot: DB) => Promise<T>): Promise<T> {
  const builder = source.transaction();
  if (source.getExecutor().adapter instanceof PostgresAdapter)
    return builder.setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
  // SQLite: a deferred transaction reads one snapshot from its first read on (WAL mode).
  return builder.execute(work);
}

async function countRows(db: DB, table: string): Promise<number> {
  const { rows } = await sql<{
    n: number | string;
  }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

type Row = Record<string, unknown>;

/** The table's rows in primary-key order, `size` at a time (keyset paging, so every batch costs the same). */
async function* batches(db: DB, table: TableInfo, size: number): AsyncGenerator<Row[]> {
  const columns = sql.join(table.columns.map((column) => sql.ref(column)));
  const key = sql.join(table.primaryKey.map((column) => sql.ref(column)));
  let after: RawBuilder<unknown> | null = null;
  for (;;) {
    const where: RawBuilder<unknown> = after ? sql`WHERE (${key}) > (${after})` : sql``;
    const { rows }: { rows: Row[] } =
      await sql<Row>`SELECT ${columns} FROM ${sql.table(table.name)} ${where}
        ORDER BY ${key} LIMIT ${size}`.execute(db);
    if (rows.length === 0) return;
    yield rows;
    const last: Row = rows.at(-1)!;
    after = sql.join(table.primaryKey.map((column) => sql`${last[column]}`));
    if (rows.length < size) return;
  }
}

function batchSize(table: TableInfo, batchRows = 1000): number {
  return Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / table.columns.length)));
}

/** A value as the target engine takes it: SQLite has no booleans or dates, PostgreSQL's booleans are not 0/1. */
function forTarget(value: unknown, type: string | undefined, postgres: boolean): unknown {
  if (postgres) return type === 'boolean' && typeof value === 'number' ? value !== 0 : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  return value;
}

async function copyTable(
  source: DB,
  target: DB,
  table: TableInfo,
  options: CopyOptions,
): Promise<Sum> {
  const total = await countRows(source, table.name);
  const sum = new Sum(table);
  const postgres = target.getExecutor().adapter instanceof PostgresAdapter;
  const columns = sql.join(table.columns.map((column) => sql.ref(column)));
  options.progress?.({ kind: 'rows', table: table.name, copied: 0, total });
  for await (const rows of batches(source, table, batchSize(table, options.batchRows))) {
    const values = rows.map((row) => {
      sum.add(row);
      const cells = table.columns.map((column) =>
        forTarget(row[column], table.types[column], postgres),
      );
      return sql`(${sql.join(cells)})`;
    });
    await sql`INSERT INTO ${sql.table(table.name)} (${columns}) VALUES ${sql.join(values)}`.execute(
      target,
    );
    options.progress?.({ kind: 'rows', table: table.name, copied: sum.rows, total });
  }
  return sum;
}

async function rewriteTriggerKept(source: DB, target: DB, plan: TableInfo[]): Promise<void> {
  for (const table of plan) {
    const columns = (KEPT_BY_TRIGGERS[table.name] ?? []).filter((c) => table.columns.includes(c));
    if (columns.length === 0) continue;
    const keyed: TableInfo = { ...table, columns: [...table.primaryKey, ...columns] };
    for await (const rows of batches(source, keyed, 1000)) {
      for (const row of rows) {
        const set = sql.join(columns.map((column) => sql`${sql.ref(column)} = ${row[column]}`));
        const where = sql.join(
          table.primaryKey.map((column) => sql`${sql.ref(column)} = ${row[column]}`),
          sql` AND `,
        );
        await sql`UPDATE ${sql.table(table.name)} SET ${set} WHERE ${where}`.execute(target);
      }
    }
  }
}

async function checksum(db: DB, table: TableInfo, batchRows?: number): Promise<Sum> {
  const sum = new Sum(table);
  for await (const rows of batches(db, table, batchSize(table, batchRows)))
    for (const row of rows) sum.add(row);
  return sum;
}

/** A value written the same way whichever engine read it (PostgreSQL's bigints arrive as strings). */
function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/**
 * A table's row count and checksum: the sum of every row's SHA-256 modulo 2^256, so it does not depend
 * on the order the rows are read in (engines order text keys by their own collations).
 */
class Sum {
  rows = 0;
  maxId = 0;
  private total = 0n;
  constructor(private readonly table: TableInfo) {}

  add(row: Row): void {
    this.rows += 1;
    const digest = createHash('sha256')
      .update(JSON.stringify(this.table.columns.map((column) => canonical(row[column]))))
      .digest('hex');
    this.total = (this.total + BigInt(`0x${digest}`)) % 2n ** 256n;
    if (this.table.sequenceColumn)
      this.maxId = Math.max(this.maxId, Number(row[this.table.sequenceColumn]));
  }

  hex(): string {
    return this.total.toString(16).padStart(64, '0');
  }
}
