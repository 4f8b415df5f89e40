// The folded first name inside a customer's name_key ("last \u0001 first \u0002 city"), written
// exactly as each engine's index on it (migrations/0011) is, so a range on it is an index seek. It
// runs on to the city ("first \u0002 city"): a prefix range finds the first name, an exact match would
// not. The one place the trash's SQL differs between engines.
import { SqliteAdapter, sql, type RawBuilder } from 'kysely';
import type { DB } from '../../db/database.js';

export function firstNameKey(db: DB): RawBuilder<string> {
  return db.getExecutor().adapter instanceof SqliteAdapter
    ? sql<string>`substr(name_key, instr(name_key, char(1)) + 1)`
    : sql<string>`split_part(name_key, chr(1), 2)`;
}
