// Account settings, keyboard: single-key shortcuts can be turned off per person (WCAG 2.1.4), stored on
// users by migration 0007 and reflected on <body> for app.js.
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createMigrator, migrateToLatest } from '../db/migrator.js';
import { openTestDatabase, tableColumns } from '../testing/test-database.js';
import {
  createTestApp,
  signUp,
  TestClient,
  type SignedUp,
  type TestApp,
} from '../testing/harness.js';
import { one } from '../testing/html.js';

const shortcutsBox = (html: string) => one(html, 'input[name="single_key_shortcuts"]');

const MIGRATION = '0007_keyboard_shortcuts';

describe('migration 0007: users.single_key_shortcuts', () => {
  it('adds the column, on for people who existed before it, and takes it away again on the way down', async () => {
    const { db } = await openTestDatabase({ migrated: false });
    const migrator = createMigrator(db);
    const names = (await migrator.getMigrations()).map((migration) => migration.name);
    const before = names[names.indexOf(MIGRATION) - 1]!;
    await migrator.migrateTo(before);
    await db
      .insertInto('workspaces')
      .values({ name: 'Old team', created_at: '2026-01-01T00:00:00.000Z' })
      .execute();
    await sql`insert into users (workspace_id, email, name, password_hash, role, created_at)
              values (1, 'old@example.com', 'Old Timer', 'x', 'owner', '2026-01-01T00:00:00.000Z')`.execute(
      db,
    );

    await migrator.migrateTo(MIGRATION);
    const row = await db
      .selectFrom('users')
      .select('single_key_shortcuts')
      .executeTakeFirstOrThrow();
    expect(row.single_key_shortcuts).toBe(1);
    const columns = await tableColumns(db, 'users');
    expect(columns.find((column) => column.name === 'single_key_shortcuts')).toMatchObject({
      notNull: true,
      defaultValue: '1',
    });

    await migrator.migrateTo(before);
    const after = await tableColumns(db, 'users');
    expect(after.map((column) => column.name)).not.toContain('single_key_shortcuts');
    expect(await db.selectFrom('users').select('email').execute()).toEqual([
      { email: 'old@example.com' },
    ]);
    await migrateToLatest(db);
  });
});

describe('account settings: single-key shortcuts', () => {
  let t: TestApp;
  let person: SignedUp;
  let teammate: SignedUp;
  beforeEach(async () => {
    t = await createTestApp();
    person = await signUp(t.app, { name: 'Grace Hopper', email: 'grace@example.com' });
    teammate = await signUp(t.app, { name: 'Alan Kay', email: 'alan@example.com' });
  });

  const stored = async (email: string) =>
    (
      await t.db
        .selectFrom('users')
        .select('single_key_shortcuts')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).single_key_shortcuts;
  const userId = async (email: string) =>
    (
      await t.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).id;

  it('are on by default: the box is ticked and <body> says nothing', async () => {
    const html = await (await person.client.get('/settings/account')).text();
    expect(one(html, 'form[action="/settings/account/shortcuts"]').tagName).toBe('FORM');
    expect(shortcutsBox(html).attributes).toMatchObject({
      type: 'checkbox',
      id: 'field-single_key_shortcuts',
      checked: '',
    });
    expect(html).not.toContain('data-single-key-shortcuts');
    expect(one(html, 'body').getAttribute('data-user')).toBe(
      String(await userId('grace@example.com')),
    );
  });

  it('an unticked box turns them off for this person only, after a redirect, and <body> tells app.js', async () => {
    const response = await person.client.post('/settings/account/shortcuts', {});
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/settings/account');
    expect(await stored('grace@example.com')).toBe(0);
    expect(await stored('alan@example.com')).toBe(1);

    const html = await (await person.client.get('/settings/account')).text();
    expect(html).toContain('Single-key shortcuts are off.');
    expect(shortcutsBox(html).attributes).toMatchObject({
      type: 'checkbox',
      id: 'field-single_key_shortcuts',
    });
    expect(shortcutsBox(html).hasAttribute('aria-describedby')).toBe(true);
    expect(shortcutsBox(html).hasAttribute('checked')).toBe(false);
    expect(one(html, 'body').getAttribute('data-single-key-shortcuts')).toBe('off');
    const list = await (await person.client.get('/customers')).text();
    expect(one(list, 'body').getAttribute('data-single-key-shortcuts')).toBe('off');
    expect(await (await teammate.client.get('/customers')).text()).not.toContain(
      'data-single-key-shortcuts',
    );

    expect(
      (await person.client.post('/settings/account/shortcuts', { single_key_shortcuts: 'on' }))
        .status,
    ).toBe(303);
    expect(await stored('grace@example.com')).toBe(1);
    expect(await (await person.client.get('/customers')).text()).not.toContain(
      'data-single-key-shortcuts',
    );
  });

  it('refuses a value that is not the checkbox’s with a message, and changes nothing', async () => {
    const response = await person.client.post('/settings/account/shortcuts', {
      single_key_shortcuts: 'off',
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Tick the box or leave it empty, then save.');
    expect(await stored('grace@example.com')).toBe(1);
  });

  it('needs the CSRF token and a signed-in person', async () => {
    expect(
      (await person.client.post('/settings/account/shortcuts', {}, { noCsrf: true })).status,
    ).toBe(403);
    expect(await stored('grace@example.com')).toBe(1);
    const visitor = new TestClient(t.app, '192.0.2.44');
    const anonymous = await visitor.post('/settings/account/shortcuts', {});
    expect([401, 403]).toContain(anonymous.status);
    expect(await stored('grace@example.com')).toBe(1);
  });
});
