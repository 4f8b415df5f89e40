// A whole-database snapshot for tests that must prove a refused request wrote nothing.
import { sql } from 'kysely';
import type { DB } from '../db/database.js';

/** Each table and its primary key's columns (the order its rows are listed in). */
const TABLES = {
  workspaces: ['id'],
  users: ['id'],
  sessions: ['id'],
  invites: ['id'],
  customers: ['id'],
  customer_notes: ['id'],
  customer_events: ['id'],
  login_attempts: ['id'],
  password_resets: ['id'],
  activity: ['id'],
  imports: ['id'],
  import_rows: ['import_id', 'row_number'],
  jobs: ['id'],
  bulk_actions: ['id'],
  bulk_action_customers: ['bulk_action_id', 'customer_id'],
  customer_merges: ['id'],
  customer_merge_moves: ['merge_id', 'kind', 'row_id'],
} as const;

export async function snapshot(db: DB): Promise<string> {
  const parts: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(TABLES) as [keyof typeof TABLES, readonly string[]][])
    parts[table] = await key
      .reduce((query, column) => query.orderBy(sql.ref(column)), db.selectFrom(table).selectAll())
      .execute();
  return JSON.stringify(parts);
}

/** A route's path as it is written to a person: `:id{[0-9]{1,15}}` (a parameter with its pattern) as `:id`. */
export function plainPath(path: string): string {
  return path.replace(/(:[a-zA-Z]+)\{(?:[^{}]|\{[^{}]*\})*\}/g, '$1');
}

/** Every route the app registers, with its method and plain path, except Hono's catch-all middleware entries. */
export function registeredRoutes(app: {
  routes: { method: string; path: string }[];
}): { method: string; path: string }[] {
  const seen = new Set<string>();
  return app.routes
    .filter((route) => route.method !== 'ALL')
    .filter((route) => {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(({ method, path }) => ({ method, path: plainPath(path) }));
}
