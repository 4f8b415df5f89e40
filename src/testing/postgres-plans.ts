// Reading PostgreSQL's EXPLAIN (FORMAT JSON) plans in tests: the nodes of a plan, and what in it reads
// a table whole; and a bare workspace to seed a book into.
import type { DB } from '../db/database.js';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

export function* nodesOf(plan: PlanNode): Generator<PlanNode> {
  yield plan;
  for (const child of plan.Plans ?? []) yield* nodesOf(child);
}

/** What a plan reads whole: sequential scans of the customers or their search terms, sorts over any. */
export function scans(plan: PlanNode): string[] {
  const found: string[] = [];
  for (const node of nodesOf(plan)) {
    const relation = node['Relation Name'];
    if (node['Node Type'] === 'Seq Scan' && /^customer/.test(relation ?? ''))
      found.push(`Seq Scan on ${relation}`);
    if (node['Node Type'] === 'Sort')
      for (const below of nodesOf(node))
        if (below['Node Type'] === 'Seq Scan')
          found.push(`Sort over a Seq Scan on ${below['Relation Name']}`);
  }
  return found;
}

/** A workspace with its owner, for a book to be seeded into. */
export async function newWorkspace(db: DB, name: string) {
  const workspace = await db
    .insertInto('workspaces')
    .values({ name, created_at: '2026-01-01T00:00:00Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({
      workspace_id: workspace.id,
      email: `${name.toLowerCase()}@example.com`,
      name,
      password_hash: 'x',
      role: 'owner',
      created_at: '2026-01-01T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { workspaceId: workspace.id, userId: user.id };
}
