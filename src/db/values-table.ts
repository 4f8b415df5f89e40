// Many rows as one table inside a statement, so a batch writes them with one UPDATE ... FROM instead
// of one statement a row. The same SQL on both engines: VALUES names its columns column1, column2 ...
// in SQLite and PostgreSQL alike (SQLite takes no column list after an alias), and every cell is cast
// so that PostgreSQL knows the columns' types (its parameters have none of their own).
import { sql, type RawBuilder } from 'kysely';

export type ValuesColumns = Record<string, 'integer' | 'text'>;
type Cell = string | number | null;

/**
 * `(SELECT column1 AS a, column2 AS b FROM (VALUES (...), ...) AS listed)`, to name after FROM with an
 * alias; rows must not be empty (SQLite's parameter limit, 32,766, bounds their number times columns).
 */
export function valuesTable<C extends ValuesColumns>(
  columns: C,
  rows: Record<keyof C & string, Cell>[],
): RawBuilder<unknown> {
  const names = Object.keys(columns);
  const cast = (name: string, value: Cell) =>
    sql`CAST(${value} AS ${sql.raw(columns[name] === 'integer' ? 'integer' : 'text')})`;
  const records = rows.map(
    (row) => sql`(${sql.join(names.map((name) => cast(name, row[name as keyof C & string])))})`,
  );
  const selected = names.map((name, i) => sql`${sql.raw(`column${i + 1}`)} AS ${sql.id(name)}`);
  return sql`(SELECT ${sql.join(selected)} FROM (VALUES ${sql.join(records)}) AS listed)`;
}
