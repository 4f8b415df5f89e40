// A whole-database snapshot for tests that must prove a refused request wrote nothing.
import type { DB } from '../db/database.js';

const TABLES = [
  'workspaces',
  'users',
  'sessions',
  'invites',
  'customers',
  'customer_notes',
  'customer_events',
  'login_attempts',
  'password_resets',
  'activity',
  'imports',
  'jobs',
  'bulk_actions',
  'customer_merges',
] as const;

export async function snapshot(db: DB): Promise<string> {
  const parts: Record<string, unknown[]> = {};
  for (const table of TABLES)
    parts[table] = await db.selectFrom(table).selectAll().orderBy('id').execute();
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
