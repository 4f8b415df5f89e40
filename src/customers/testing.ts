// Shared setup for the customer route tests: a signed-in member, their ids, and quick ways to seed and read rows.
import { createTestApp, signUp, type TestClient } from '../testing/harness.js';
import { one, textOf, type HTMLElement } from '../testing/html.js';
import type { DB } from '../db/database.js';
import * as queries from './queries.js';
import { EMPTY_VALUES, type CustomerValues } from './schema.js';

export interface Member {
  client: TestClient;
  userId: number;
  workspaceId: number;
  name: string;
}

export async function memberOf(
  app: Awaited<ReturnType<typeof createTestApp>>['app'],
  db: DB,
  name?: string,
): Promise<Member> {
  const signed = await signUp(app, name ? { name } : {});
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', signed.email.toLowerCase())
    .executeTakeFirstOrThrow();
  return {
    client: signed.client,
    userId: user.id,
    workspaceId: user.workspace_id,
    name: signed.name,
  };
}

export async function setup(name = 'Grace Hopper') {
  const test = await createTestApp();
  const me = await memberOf(test.app, test.db, name);
  let tick = 0;
  /** Adds a customer straight into the database, each one a second newer than the last. */
  const seed = (values: Partial<CustomerValues> = {}, owner: Member = me) =>
    queries.createCustomer(
      test.db,
      {
        workspaceId: owner.workspaceId,
        userId: owner.userId,
        now: test.clock.now - 3_600_000 + (tick += 1000),
      },
      { ...EMPTY_VALUES, first_name: 'Ada', last_name: 'Lovelace', ...values },
    );
  const stored = (id: number) =>
    test.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  const all = () => test.db.selectFrom('customers').selectAll().orderBy('id').execute();
  return { ...test, me, client: me.client, seed, stored, all };
}

/** Follows a 303 the way a browser would, returning the page it lands on. */
export async function follow(
  client: TestClient,
  response: Response,
): Promise<{ status: number; html: string; url: string }> {
  const location = response.headers.get('Location');
  if (response.status !== 303 || !location)
    throw new Error(`expected a 303, got ${response.status}`);
  const page = await client.get(location);
  return { status: page.status, html: await page.text(), url: location };
}

/** The <hx-partial> of an htmx answer that is swapped into `target`; what it holds is what is swapped. */
export function partial(body: string | HTMLElement, target: string): HTMLElement {
  return one(body, `hx-partial[hx-target="${target}"]`);
}

/** The <input> for a field, wherever it sits in the page. */
export function input(body: string | HTMLElement, name: string): HTMLElement {
  return one(body, `input[name="${name}"]`);
}

/** The form field (label, input, hint and message) around the element with this id. */
export function fieldBlock(body: string | HTMLElement, id: string): HTMLElement {
  const field = one(body, `#${id}`).closest('div.field');
  if (!field) throw new Error(`#${id} is not inside a div.field`);
  return field;
}

/** What the table's count says ("3 customers", "1,000+ matches"). */
export function countSays(body: string | HTMLElement): string {
  return textOf(one(body, 'p#customer-count.customer-count'));
}
