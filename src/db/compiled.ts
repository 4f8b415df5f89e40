// Hot queries built and compiled once per database, then run with each request's values: building a
// Kysely query (nodes, frozen objects, the compiler's visit) costs more CPU than SQLite answering it.
import type { Compilable, CompiledQuery } from 'kysely';
import type { DB } from './database.js';

/** A value the query is compiled with, replaced by the caller's value each time it runs. */
const SLOT = '\u0000folio-slot-';

/** The placeholder for the query's i-th value (a string the query takes as a parameter, never SQL). */
const slot = (i: number): string => `${SLOT}${i}`;

/**
 * `build(db, ...values)` once per database (both engines: the SQL differs), with a placeholder for
 * each value; the returned function runs it with the caller's values and returns its rows. The values
 * go into the query only as parameters: whatever decides its shape is decided outside (one compiled
 * query per shape). A database with plugins (tests that capture each query as it is built) builds it
 * every time with the real values, as an uncompiled query would be.
 */
export function compiledOnce<V extends unknown[], R>(
  build: (db: DB, ...values: V) => Compilable<R>,
): (db: DB, ...values: V) => Promise<R[]> {
  const compiled = new WeakMap<DB, { query: CompiledQuery<R>; slots: (number | null)[] }>();
  // build's own values, not counting the database.
  const arity = build.length - 1;
  return async (db, ...values) => {
    if (db.getExecutor().plugins.length > 0)
      return (await db.executeQuery(build(db, ...values).compile())).rows;
    let entry = compiled.get(db);
    if (!entry) {
      const placeholders = Array.from({ length: arity }, (_, i) => slot(i)) as V;
      const query = build(db, ...placeholders).compile();
      const slots = query.parameters.map((p) =>
        typeof p === 'string' && p.startsWith(SLOT) ? Number(p.slice(SLOT.length)) : null,
      );
      entry = { query, slots };
      compiled.set(db, entry);
    }
    const { query, slots } = entry;
    const parameters = query.parameters.map((p, i) => (slots[i] === null ? p : values[slots[i]!]));
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };
}
