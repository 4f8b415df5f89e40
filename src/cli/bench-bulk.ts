// `npm run bench -- --bulk`: bulk actions on the seeded book through the running server, as a person
// starts them from the table's bar: "set State on 10,000" (every customer added on or after the day
// that holds the 10,000th newest, so about 10,000) and "delete all matching" (the whole book), each
// run in the background by the job runner, then each one's Undo. Prints each one's time (the action's
// own start to finish, as stored) and the server's peak RSS after it.
import type { DB } from '../db/database.js';
import type { Member } from './http-client.js';

interface Step {
  name: string;
  customers: number;
  seconds: number;
  wallSeconds: number;
  rssMb: number;
}

/** Posts a bulk form as the no-JS bar does; answers the action's id (its progress page). */
async function start(url: string, member: Member, path: string, fields: Record<string, string>) {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { Cookie: member.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, _csrf: member.csrf }),
    redirect: 'manual',
  });
  const location = response.headers.get('Location') ?? '';
  const id = /^\/customers\/bulk\/(\d+)$/.exec(location)?.[1];
  if (response.status !== 303 || !id)
    throw new Error(`${path} answered ${response.status} ${location}: not a background action`);
  return Number(id);
}

/** Waits for an action (or its Undo) to end; its stored start and end, and how many it changed. */
async function finished(db: DB, id: number, undo: boolean) {
  for (;;) {
    const action = await db
      .selectFrom('bulk_actions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const status = undo ? action.undo_status : action.status;
    if (status !== 'running') {
      if (status !== 'done') throw new Error(`bulk action ${id} ended ${status}: ${action.error}`);
      return action;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One action, or the Undo of the one before it: how it starts. */
interface Plan {
  name: string;
  path: (previous: number) => string;
  fields: Record<string, string>;
  undo: boolean;
}

/** Starts a plan's action and waits for its end: how many it changed, and how long it took as stored. */
async function run(url: string, member: Member, db: DB, plan: Plan, previous: number) {
  const id = await start(url, member, plan.path(previous), plan.fields);
  const action = await finished(db, id, plan.undo);
  // An Undo stores when it was claimed, not when it ended: its end is when it was seen done.
  return plan.undo
    ? { id, customers: action.undo_changed, from: action.undone_at!, to: new Date().toISOString() }
    : { id, customers: action.changed, from: action.created_at, to: action.finished_at! };
}

export async function benchBulk(options: {
  url: string;
  member: Member;
  db: DB;
  workspaceId: number;
  /** The server's peak RSS so far (all its processes), in MB. */
  rss: () => number;
  load: () => string;
}): Promise<void> {
  const { url, member, db, workspaceId, rss, load } = options;
  const tenThousandth = await db
    .selectFrom('customers')
    .select('created_at')
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .offset(9_999)
    .limit(1)
    .executeTakeFirstOrThrow();
  // Days are read in UTC (the bench's member has no time zone of their own).
  const day = tenThousandth.created_at.slice(0, 10);
  const at = String(Date.now());
  const undo = { name: 'Undo of that', path: (id: number) => `/customers/bulk/${id}/undo` };
  const plans: Plan[] = [
    {
      name: `set State on the customers added since ${day}`,
      path: () => '/customers/bulk/set',
      fields: { scope: 'matching', added_after: day, at, field: 'state', value: 'Bench' },
      undo: false,
    },
    { ...undo, fields: {}, undo: true },
    {
      name: 'delete all matching (the whole book)',
      path: () => '/customers/bulk/delete',
      fields: { scope: 'matching', at },
      undo: false,
    },
    { ...undo, fields: {}, undo: true },
  ];
  const loadAtStart = load();
  const rssAtStart = rss();
  const steps: Step[] = [];
  let previous = 0;
  for (const plan of plans) {
    const began = performance.now();
    const { id, customers, from, to } = await run(url, member, db, plan, previous);
    previous = id;
    const wallSeconds = (performance.now() - began) / 1000;
    const seconds = (Date.parse(to) - Date.parse(from)) / 1000;
    steps.push({ name: plan.name, customers, seconds, wallSeconds, rssMb: rss() });
    console.log(`bench: ${plan.name} done in ${wallSeconds.toFixed(1)} s (load average ${load()})`);
  }
  console.log(
    `\nFolio bulk benchmark: load average ${loadAtStart} at the start, ${load()} at the end; server peak RSS ${rssAtStart} MB before the first action\n`,
  );
  console.log('| bulk action | customers | time s | customers/s | server peak RSS MB after |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const step of steps)
    console.log(
      `| ${step.name} | ${step.customers.toLocaleString('en-US')} | ${step.seconds.toFixed(1)} | ${Math.round(step.customers / Math.max(step.seconds, 0.001)).toLocaleString('en-US')} | ${step.rssMb} |`,
    );
}
