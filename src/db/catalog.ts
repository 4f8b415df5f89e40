// What a database holds, read from the database itself (not from a list kept in code): its tables,
// their columns, keys and id sequences, on SQLite and on PostgreSQL. Used by db:copy, so a table a
// later migration adds is copied without anyone remembering to list it.
import { SqliteAdapter, sql } from 'kysely';
import type { DB } from './database.js';

export interface TableInfo {
  name: string;
  /** Columns that hold data, in table order (generated columns are left out: the engine computes them). */
  columns: string[];
  /** Generated columns, which the engine computes and no one writes. */
  generated: string[];
  /** Column name -> the engine's type name, lower case ('integer', 'text', 'boolean', 'bigint'...). */
  types: Record<string, string>;
  primaryKey: string[];
  /** Tables this one's foreign keys point at. */
  references: string[];
  /** The column whose values come from an id sequence (SQLite AUTOINCREMENT, PostgreSQL serial), if any. */
  sequenceColumn: string | null;
  /**
   * Tables whose triggers insert this one's rows (PostgreSQL's search terms, made from each customer):
   * derived data, which the database makes itself as those tables' rows arrive.
   */
  filledBy: string[];
}

export interface Catalog {
  engine: 'sqlite' | 'postgres';
  /**
   * The tables that hold Folio's data: base tables, without the migrator's own and without an
   * engine's internal ones (SQLite's FTS5 index and its shadow tables are virtual or shadow tables).
   */
  tables(db: DB): Promise<TableInfo[]>;
  /** The last id the table's sequence handed out (0 when none): ids of deleted rows are not reused. */
  lastId(db: DB, table: TableInfo): Promise<number>;
  /** Moves the table's sequence on to `last`, so the next row gets `last + 1` or more. */
  setLastId(db: DB, table: TableInfo, last: number): Promise<void>;
}

const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/**
 * Table name -> the tables whose triggers insert into it, read from the triggers' code (a SQLite
 * trigger's statement, a PostgreSQL trigger function's body). Only inserts count: a trigger that
 * updates a row (the live-customer counter) keeps a column, not a table's rows.
 */
function fillers(triggers: { on: string; body: string }[]): Map<string, string[]> {
  const filled = new Map<string, string[]>();
  for (const { on, body } of triggers) {
    for (const [, name] of body.matchAll(/\binsert\s+into\s+"?(\w+)"?/gi)) {
      const by = filled.get(name!) ?? [];
      if (name !== on && !by.includes(on)) filled.set(name!, [...by, on].sort());
    }
  }
  return filled;
}

type Rows<T> = Promise<{ rows: T[] }>;

const sqliteCatalog: Catalog = {
  engine: 'sqlite',
  async tables(db) {
    const { rows: tables } =
      await (sql`SELECT name, (SELECT sql FROM sqlite_schema s WHERE s.name = t.name) AS ddl
        FROM pragma_table_list() t
        WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
        ORDER BY name`.execute(db) as Rows<{ name: string; ddl: string }>);
    const { rows: triggers } = await (sql`SELECT tbl_name AS "on", sql AS body FROM sqlite_schema
        WHERE type = 'trigger'`.execute(db) as Rows<{ on: string; body: string }>);
    const filled = fillers(triggers);
    const result: TableInfo[] = [];
    for (const { name, ddl } of tables) {
      if (MIGRATOR_TABLES.has(name)) continue;
      // hidden: 2 and 3 are generated columns.
      const { rows: columns } = await (sql`SELECT name, lower(type) AS type, pk, hidden
          FROM pragma_table_xinfo(${name}) ORDER BY cid`.execute(db) as Rows<{
        name: string;
        type: string;
        pk: number;
        hidden: number;
      }>);
      const { rows: keys } = await (sql`SELECT DISTINCT "table" AS target
          FROM pragma_foreign_key_list(${name})`.execute(db) as Rows<{ target: string }>);
      const stored = columns.filter((column) => column.hidden === 0);
      const primaryKey = columns
        .filter((column) => column.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((column) => column.name);
      result.push({
        name,
        columns: stored.map((column) => column.name),
        generated: columns.filter((column) => column.hidden >= 2).map((column) => column.name),
        types: Object.fromEntries(stored.map((column) => [column.name, column.type])),
        primaryKey,
        references: keys.map((key) => key.target),
        sequenceColumn: /\bautoincrement\b/i.test(ddl) ? (primaryKey[0] ?? null) : null,
        filledBy: filled.get(name) ?? [],
      });
    }
    return result;
  },
  async lastId(db, table) {
    if (!table.sequenceColumn) return 0;
    const { rows } = await (sql`SELECT seq FROM sqlite_sequence WHERE name = ${table.name}`.execute(
      db,
    ) as Rows<{ seq: number }>);
    return Number(rows[0]?.seq ?? 0);
  },
  async setLastId(db, table, last) {
    if (!table.sequenceColumn) return;
    const updated = await sql`UPDATE sqlite_sequence SET seq = max(seq, ${last})
        WHERE name = ${table.name}`.execute(db);
    if (Number(updated.numAffectedRows ?? 0) === 0)
      await sql`INSERT INTO sqlite_sequence (name, seq) VALUES (${table.name}, ${last})`.execute(
        db,
      );
  },
};

const postgresCatalog: Catalog = {
  engine: 'postgres',
  async tables(db) {
    const { rows: tables } = await (sql`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
        ORDER BY table_name`.execute(db) as Rows<{ name: string }>);
    const { rows: triggers } = await (sql`SELECT c.relname AS "on", p.prosrc AS body
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE NOT t.tgisinternal
          AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`.execute(
      db,
    ) as Rows<{ on: string; body: string }>);
    const filled = fillers(triggers);
    const result: TableInfo[] = [];
    for (const { name } of tables) {
      if (MIGRATOR_TABLES.has(name)) continue;
      const relation = sql`(quote_ident(current_schema()) || '.' || quote_ident(${name}))::regclass`;
      const { rows: all } = await (sql`SELECT column_name AS name, data_type AS type,
          is_generated = 'ALWAYS' AS generated,
          pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident(${name}), column_name) AS sequence
          FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ${name}
          ORDER BY ordinal_position`.execute(db) as Rows<{
        name: string;
        type: string;
        generated: boolean;
        sequence: string | null;
      }>);
      const columns = all.filter((column) => !column.generated);
      const { rows: keys } = await (sql`SELECT a.attname AS name FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
          WHERE i.indrelid = ${relation} AND i.indisprimary
          ORDER BY array_position(i.indkey::int2[], a.attnum)`.execute(db) as Rows<{
        name: string;
      }>);
      const { rows: references } = await (sql`SELECT DISTINCT c.relname AS target
          FROM pg_constraint k JOIN pg_class c ON c.oid = k.confrelid
          WHERE k.conrelid = ${relation} AND k.contype = 'f'`.execute(db) as Rows<{
        target: string;
      }>);
      result.push({
        name,
        columns: columns.map((column) => column.name),
        generated: all.filter((column) => column.generated).map((column) => column.name),
        types: Object.fromEntries(columns.map((column) => [column.name, column.type])),
        primaryKey: keys.map((key) => key.name),
        references: references.map((reference) => reference.target),
        sequenceColumn: columns.find((column) => column.sequence)?.name ?? null,
        filledBy: filled.get(name) ?? [],
      });
    }
    return result;
  },
  async lastId(db, table) {
    if (!table.sequenceColumn) return 0;
    const { rows } = await (sql`SELECT pg_sequence_last_value(
          pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident(${table.name}), ${table.sequenceColumn})::regclass) AS last`.execute(
      db,
    ) as Rows<{ last: string | number | null }>);
    return Number(rows[0]?.last ?? 0);
  },
  async setLastId(db, table, last) {
    if (!table.sequenceColumn || last < 1) return;
    await sql`SELECT setval(pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident(${table.name}), ${table.sequenceColumn}), ${last}, true)`.execute(
      db,
    );
  },
};

export function catalogOf(db: DB): Catalog {
  return db.getExecutor().adapter instanceof SqliteAdapter ? sqliteCatalog : postgresCatalog;
}

/**
 * The tables in an order that inserts every row after the rows it refers to (parents first); ties
 * in name order, so the order is the same on every run. Throws on a cycle, which Folio's schema has not.
 */
export function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (table) =>
        !placed.has(table.name) &&
        table.references.every(
          (parent) => parent === table.name || placed.has(parent) || !byName.has(parent),
        ),
    );
    if (ready.length === 0) {
      const left = tables.filter((table) => !placed.has(table.name)).map((table) => table.name);
      throw new Error(`foreign keys form a cycle among ${left.join(', ')}`);
    }
    for (const table of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}
