// Hot queries built and compiled once per database, then run with each request's values: building a
// Kysely query (nodes, frozen objects, the compiler's visit) costs more CPU than SQLite answering it.
import type { Compilable, CompiledQuery, RootOperationNode } from 'kysely';
import type { DB } from './database.js';

/** A value the query is compiled with, replaced by the caller's value each time it runs. */
const SLOT = '\u0000folio-slot-';

/** The placeholder for the query's i-th value (a string the query takes as a parameter, never SQL). */
const slot = (i: number): string => `${SLOT}${i}`;

/**
 * `build(db, ...values)` once per database and its transactions (both engines: the SQL differs), with a placeholder for
 * each value; the returned function runs it with the caller's values and returns its rows. The values
 * go into the query only as parameters: whatever decides its shape is decided outside (one compiled
 * query per shape). A database with plugins (tests that capture each query as it is built) builds it
 * every time with the real values, as an uncompiled query would be.
 */
export function compiledOnce<V extends unknown[], R>(
  build: (db: DB, ...values: V) => Compilable<R>,
): (db: DB, ...values: V) => Promise<R[]> {
  // By the database's adapter, which its transactions and connections share (a transaction is a
  // Kysely of its own, so keyed by it the reads of every save were built and compiled again).
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; slots: (number | null)[] }>();
  // build's own values, not counting the database.
  const arity = build.length - 1;
  return async (db, ...values) => {
    if (db.getExecutor().plugins.length > 0)
      return (await db.executeQuery(build(db, ...values).compile())).rows;
    const { adapter } = db.getExecutor();
    let entry = compiled.get(adapter);
    if (!entry) {
      const placeholders = Array.from({ length: arity }, (_, i) => slot(i)) as V;
      const query = build(db, ...placeholders).compile();
      const slots = query.parameters.map((p) =>
        typeof p === 'string' && p.startsWith(SLOT) ? Number(p.slice(SLOT.length)) : null,
      );
      entry = { query, slots };
      compiled.set(adapter, entry);
    }
    const { query, slots } = entry;
    const parameters = query.parameters.map((p, i) => (slots[i] === null ? p : values[slots[i]!]));
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };
}

/** The most shapes (row counts) of one statement kept compiled, per database. */
const MOST_SHAPES = 64;

/** The most rows one piece of a many-row statement holds (21 columns: 5,376 parameters). */
export const MOST_ROWS_A_PIECE = 256;

/** The row counts a statement over `count` rows is run in: powers of two, largest first. */
export function pieceSizes(count: number): number[] {
  const sizes: number[] = [];
  for (let left = count; left > 0;) {
    let size = 1;
    while (size * 2 <= Math.min(left, MOST_ROWS_A_PIECE)) size *= 2;
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * A statement over many rows (a multi-row INSERT, an UPDATE ... FROM a VALUES list) run in pieces of a
 * power of two rows (pieceSizes), each piece's shape built and compiled once per engine with a
 * placeholder for each cell and each of `values`, then run with the caller's rows and values.
 * One statement for whatever number of rows came would be a new shape nearly every time: built by
 * Kysely node by node (more CPU than SQLite inserting the rows) and prepared by SQLite afresh, pushing
 * the pages' own statements out of database.ts's cache of prepared statements. Each row must hold
 * exactly `columns`. Returns the pieces' rows, in order.
 */
export function compiledForRows<Row extends object, V extends unknown[], R>(
  columns: readonly (keyof Row & string)[],
  build: (db: DB, rows: Row[], ...values: V) => { compile(): CompiledQuery<R> },
  {
    pieces = pieceSizes,
  }: {
    /** The row counts of the pieces `count` rows are run in (one piece of `count`: one statement, a shape per count). */
    pieces?: (count: number) => number[];
  } = {},
): (db: DB, rows: Row[], ...values: V) => Promise<R[]> {
  // By the engine's adapter: a transaction is a Kysely instance of its own, its adapter is shared.
  type Shape = { query: CompiledQuery<R>; slots: number[] };
  const compiled = new WeakMap<object, Map<number, Shape>>();
  const arity = build.length - 2;
  const shape = (db: DB, size: number) => {
    const adapter = db.getExecutor().adapter;
    let shapes = compiled.get(adapter);
    if (!shapes) compiled.set(adapter, (shapes = new Map<number, Shape>()));
    let entry = shapes.get(size);
    if (!entry) {
      // Cells are slots 0 .. size * columns - 1, row by row; `values` follow.
      const rows = Array.from(
        { length: size },
        (_, i) =>
          Object.fromEntries(columns.map((name, j) => [name, slot(i * columns.length + j)])) as Row,
      );
      const constants = Array.from({ length: arity }, (_, k) =>
        slot(size * columns.length + k),
      ) as V;
      const query = build(db, rows, ...constants).compile();
      const slots = query.parameters.map((p) => {
        if (typeof p !== 'string' || !p.startsWith(SLOT))
          throw new Error(`compiledForRows: a parameter that is no row's cell (${String(p)})`);
        return Number(p.slice(SLOT.length));
      });
      // Kept without its node tree and placeholder values (a 500-row INSERT's held over a megabyte):
      // a run needs the SQL, where each value goes, and the statement's kind (a SELECT may skip the
      // connection's lock, sqlite-waiting.ts).
      const kind = { kind: query.query.kind } as RootOperationNode;
      entry = { query: { ...query, query: kind, parameters: [] }, slots };
      // The oldest shape goes first past MOST_SHAPES (with pieces of any count, counts can be many).
      if (shapes.size >= MOST_SHAPES) shapes.delete(shapes.keys().next().value!);
      shapes.set(size, entry);
    }
    return entry;
  };
  return async (db, rows, ...values) => {
    const plugins = db.getExecutor().plugins.length > 0;
    const results: R[] = [];
    let start = 0;
    for (const size of pieces(rows.length)) {
      const piece = rows.slice(start, start + size);
      start += size;
      if (plugins) {
        // Tests that capture each query as it is built see it built with the real values.
        results.push(...(await db.executeQuery(build(db, piece, ...values).compile())).rows);
        continue;
      }
      const { query, slots } = shape(db, size);
      const cells = piece.flatMap((row) =>
        columns.map((name) => (row as Record<string, unknown>)[name]),
      );
      const parameters = slots.map((i) => (i < cells.length ? cells[i] : values[i - cells.length]));
      results.push(...(await db.executeQuery<R>({ ...query, parameters })).rows);
    }
    return results;
  };
}
