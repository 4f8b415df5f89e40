// Hot queries built and compiled once per database, then run with each request's values: building a
// Kysely query (nodes, frozen objects, the compiler's visit) costs more CPU than SQLite answering it.
import type { Compilable, CompiledQuery } from 'kysely';
import type { DB } from './database.js';

/** A value the query is compiled with, replaced by the caller's value each time it runs. */
const SLOT = '\u0000folio-slot-';

/** The placeholder for the query's i-th value (a string the query takes as a parameter, never SQL). */
export const slot = (i: number): string => `${SLOT}${i}`;

/**
 * `build(db)` once per database (both engines: the SQL differs), with `slot(i)` where value i goes.
 * The returned function runs it with those values and returns its rows.
 */
export function compiledOnce<R>(
  build: (db: DB) => Compilable<R>,
): (db: DB, ...values: unknown[]) => Promise<R[]> {
  const compiled = new WeakMap<DB, { query: CompiledQuery<R>; slots: (number | null)[] }>();
  return async (db, ...values) => {
    let entry = compiled.get(db);
    if (!entry) {
      const query = build(db).compile();
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
