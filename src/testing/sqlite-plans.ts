// A SQLite book for plan tests: a migrated in-memory database with one workspace of demo customers,
// every query Kysely runs captured as sent, and EXPLAIN QUERY PLAN on the same connection.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { demoCustomers } from '../cli/demo-customers.js';
import { insertCustomers } from '../customers/bulk.js';
import { migrateToLatest } from '../db/migrator.js';
import { limitsWritten } from '../db/sqlite-limits.js';
import type { Database } from '../db/tables.js';
import { newWorkspace } from './postgres-plans.js';

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** The book (`customers` demo customers in workspace `name`), statistics not gathered, as Folio runs. */
export async function sqlitePlanBook(name: string, customers: number) {
  const sqlite = new SQLite(':memory:');
  const captured: CapturedQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (event.level === 'query')
        captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  await migrateToLatest(db);
  const { workspaceId, userId } = await newWorkspace(db, name);
  const book = [...demoCustomers(customers)];
  await insertCustomers(db, workspaceId, userId, book);
  /** The plan's lines (EXPLAIN QUERY PLAN's details) of a captured query, as Folio's driver sends it. */
  const plan = (query: CapturedQuery): string[] => {
    const { sql, parameters } = limitsWritten(query);
    return (
      sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as {
        detail: string;
      }[]
    ).map((row) => row.detail);
  };
  return { sqlite, db, captured, workspaceId, userId, book, plan };
}
