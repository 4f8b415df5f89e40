// Every page on a 390 x 844 phone screen: nothing scrolls sideways, and axe-core finds nothing in the
// light or the dark colour scheme. Runs only in the `phone` project (playwright.config.ts).
// A new page or state: add one entry to PAGES (a path, and optionally what to do there first).
import type { Browser, Cookie, Locator, Page } from '@playwright/test';
import { sql } from 'kysely';
import { databaseUrl, startCluster, type Cluster } from '../src/cli/scratch-cluster.js';
import { startServer, type ServerProcess } from '../src/cli/server-process.js';
import { openDatabase } from '../src/db/database.js';
import { expectNoAxeViolations, expectNoSidewaysScroll } from './axe.js';
import { csrfTokenIn, expect, registerAccount, signInElsewhere, test } from './fixtures.js';

/** What the setup made, for paths that need an id or a token. */
interface Made {
  customerId: number;
  /** A second customer, deleted (still restorable). */
  deletedId: number;
  /** A third, live: merged with the first on the merge page. */
  otherId: number;
  memberId: number;
  inviteToken: string;
  /** An open password reset link's token (for a second member, Rita). */
  resetToken: string;
}

interface PageVisit {
  label: string;
  path: string | ((made: Made) => string);
  /** Visited signed out; every other page as the owner of a small book. */
  signedOut?: boolean;
  /** Only with JavaScript (a keyboard-layer state), or only without it. */
  js?: boolean;
  /** What to do on the page before checking it, to reach a state (a refused form, an open dialog). */
  act?: (page: Page) => Promise<void>;
  /** What this page must look like on a phone, beyond fitting the width. */
  check?: (page: Page) => Promise<void>;
}

/** The box of each element the locator finds. */
const boxes = (locator: Locator) =>
  locator.evaluateAll((elements) =>
    elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect),
  );

/** Compact customer rows: name readable, Edit and Delete on screen, no letter-per-line wrapping. */
async function compactRows(page: Page) {
  const rows = page.locator('#customer-rows > tr.customer-row:not([data-editing])');
  expect(await rows.count()).toBeGreaterThan(0);
  for (const row of await boxes(rows))
    expect(row.height, 'a customer row on a phone').toBeLessThan(100);
  for (const name of await boxes(rows.locator('.customer-name')))
    expect(name.width, 'a name on a phone').toBeGreaterThan(150);
  for (const action of await boxes(rows.locator('[data-action="edit"], [data-action="delete"]')))
    expect(action.right).toBeLessThanOrEqual(390);
}

/** Trash rows as short blocks: the name on its own line, Restore and Delete forever on screen. */
async function compactTrashRows(page: Page) {
  const rows = page.locator('#trash-rows > tr.trash-row');
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(page.locator('#trash-rows > tr.empty-row')).toBeHidden();
  for (const row of await boxes(rows))
    expect(row.height, 'a trash row on a phone').toBeLessThan(160);
  for (const name of await boxes(rows.locator('.customer-name')))
    expect(name.width, 'a name in the trash on a phone').toBeGreaterThan(150);
  for (const action of await boxes(
    rows.locator('[data-action="restore"], [data-action="delete-forever"]'),
  ))
    expect(action.right).toBeLessThanOrEqual(390);
}

/** Every field of the form as wide as the form (one column; no phantom second one). */
async function fullWidthFields(page: Page) {
  const grid = page.locator('.customer-form-grid, .row-editor-grid').first();
  const width = (await grid.boundingBox())!.width;
  for (const input of await boxes(
    grid.locator('.field-first_name input, .field-address input, .field-city input'),
  )) {
    expect(input.width, 'a field on a phone').toBeGreaterThan(width * 0.9);
  }
}

/** Uploads a small contacts file with long headers and values, a bad row and a duplicate: the mapping page. */
async function uploadContacts(page: Page) {
  const file = [
    'Given Name,Family Name,E-mail 1 - Value,Address 1 - Formatted,Organization 1 - Name',
    'Maximiliana,Featherstonehaugh-Wolfeschlegelsteinhausen,maximiliana.featherstonehaugh@example.com,"1600 Amphitheatre Parkway, Mountain View, CA 94043",Extraordinarily Long Company Name Incorporated',
    'Bad,Row,not-an-email,,',
    'Again,Dup,maximiliana.featherstonehaugh@example.com,,',
  ].join('\n');
  await page.getByLabel('CSV file').setInputFiles({
    name: 'a-rather-long-file-name-from-google-contacts-export.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(file),
  });
  await page.getByRole('button', { name: 'Upload and choose columns' }).click();
  await expect(page.locator('#import-preview')).toBeVisible();
}

const PAGES: PageVisit[] = [
  { label: 'customer list', path: '/customers', check: compactRows },
  { label: 'customer list sorted by city', path: '/customers?sort=city&dir=asc' },
  { label: 'search results', path: '/customers?q=wolfe', check: compactRows },
  { label: 'search without matches', path: '/customers?q=zzzzqx' },
  {
    label: 'filters open, with chips, nothing matching',
    path: '/customers?state=Zz&city=Nowhere%20at%20all&added_after=2026-01-01&added_before=2026-12-31',
  },
  {
    label: 'customer list with a selection and its bar',
    path: '/customers',
    js: true,
    act: async (page) => {
      await page.locator('input.select-row').first().check();
      await page.locator('input.select-row').nth(1).check();
      await expect(page.locator('#bulk-count')).toHaveText('2 customers selected');
      await expect(page.getByRole('form', { name: 'Selected customers' })).toBeVisible();
    },
    check: compactRows,
  },
  {
    label: 'customer list with its bulk bar (no JavaScript)',
    path: '/customers',
    js: false,
    act: async (page) => {
      await page.locator('input.select-row').first().check();
      await expect(page.getByRole('form', { name: 'Selected customers' })).toBeVisible();
    },
  },
  {
    label: 'keyboard map',
    path: '/customers',
    js: true,
    act: async (page) => {
      await page.getByRole('button', { name: /Shortcuts/ }).click();
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    },
  },
  {
    label: 'inline new customer row',
    path: '/customers',
    js: true,
    act: async (page) => {
      await page.getByRole('link', { name: 'New customer' }).click();
      await expect(page.getByLabel('First name')).toBeFocused();
    },
  },
  {
    label: 'inline editor',
    path: '/customers',
    js: true,
    act: async (page) => {
      await page.locator('[data-action="edit"]').first().click();
      await expect(page.getByLabel('First name')).toBeFocused();
    },
    check: fullWidthFields,
  },
  { label: 'new customer', path: '/customers/new' },
  {
    label: 'new customer, refused (422)',
    path: '/customers/new',
    act: async (page) => {
      await page.getByLabel('Email (optional)').fill('not an address');
      await page.getByRole('button', { name: 'Add customer' }).click();
      await expect(page.locator('.field-error').first()).toBeVisible();
    },
  },
  { label: 'customer record', path: ({ customerId }) => `/customers/${customerId}` },
  {
    label: 'edit customer',
    path: ({ customerId }) => `/customers/${customerId}/edit`,
    check: fullWidthFields,
  },
  { label: 'delete confirm', path: ({ customerId }) => `/customers/${customerId}/delete` },
  {
    label: 'edit page, a field both changed (409)',
    path: ({ customerId }) => `/customers/${customerId}/edit`,
    act: async (page) => {
      const form = Object.fromEntries(
        await page
          .locator('form.stack input')
          .evaluateAll((inputs) =>
            inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value]),
          ),
      );
      expect(
        (
          await page.request.post(page.url().replace(/\/edit$/, ''), {
            form: { ...form, city: 'Elsewhere' },
            maxRedirects: 0,
          })
        ).status(),
      ).toBe(303);
      await page.getByLabel('City (optional)').fill('Somewhere else');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect(page.getByRole('group', { name: /City: changed by both/ })).toBeVisible();
    },
  },
  {
    label: 'edit page, customer deleted meanwhile (409)',
    path: '/customers/new',
    act: async (page) => {
      // Its own customer, so a retry starts from a live one.
      const token = csrfTokenIn(await page.content());
      const added = await page.request.post('/customers', {
        form: { _csrf: token, first_name: 'Dora', last_name: 'Deleted-meanwhile' },
        maxRedirects: 0,
      });
      const id = added.headers().location!.match(/customer-(\d+)/)![1];
      await page.goto(`/customers/${id}/edit`);
      expect(
        (
          await page.request.post(`/customers/${id}/delete`, {
            form: { _csrf: token },
            maxRedirects: 0,
          })
        ).status(),
      ).toBe(303);
      await page.getByLabel('City (optional)').fill('Somewhere');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect(page.getByRole('button', { name: 'Restore with these values' })).toBeVisible();
    },
  },
  { label: 'deleted customer (410)', path: ({ deletedId }) => `/customers/${deletedId}` },
  { label: 'trash', path: '/customers/trash', check: compactTrashRows },
  {
    label: 'trash with a selection and its bar',
    path: '/customers/trash',
    js: true,
    act: async (page) => {
      await page.locator('#trash-rows input.select-row').first().check();
      await expect(page.locator('#bulk-count')).toHaveText('1 customer selected');
      await expect(page.getByRole('form', { name: 'Selected customers' })).toBeVisible();
    },
    check: compactTrashRows,
  },
  { label: 'likely duplicates', path: '/customers/duplicates' },
  {
    label: 'merge two records',
    path: ({ customerId, otherId }) => `/customers/${customerId}/merge?with=${otherId}`,
  },
  {
    label: 'customer record with a likely duplicate',
    path: ({ customerId }) => `/customers/${customerId}`,
    act: async (page) => {
      // Someone with the first customer's email, added anyway: the record offers to merge them.
      const added = await page.request.post('/customers', {
        form: {
          _csrf: csrfTokenIn(await page.content()),
          first_name: 'Maxi',
          last_name: 'Duplicate',
          email: PEOPLE[0]!.email,
          duplicates_ok: 'yes',
        },
        maxRedirects: 0,
      });
      expect(added.status()).toBe(303);
      await page.reload();
      await expect(page.getByRole('region', { name: 'Looks like the same person' })).toBeVisible();
    },
  },
  {
    label: 'merge two records, one changed meanwhile (409)',
    path: ({ customerId, otherId }) => `/customers/${customerId}/merge?with=${otherId}`,
    act: async (page) => {
      // The page as if shown before a change to the other record: its version is behind.
      await page
        .locator('input[name="b_version"]')
        .evaluate((input) => void ((input as HTMLInputElement).value = '999'));
      await page.getByRole('button', { name: 'Merge records' }).click();
      await expect(page.getByRole('alert')).toContainText('was changed after this page');
    },
  },
  {
    label: 'a record merged away (410): where it went, Undo the merge',
    path: '/customers',
    act: async (page) => {
      // Two records of one person, added here (each run its own), merged on the merge page.
      const email = `mira.${Date.now()}@example.com`;
      const add = async (last_name: string) => {
        const added = await page.request.post('/customers', {
          form: {
            _csrf: csrfTokenIn(await page.content()),
            first_name: 'Mira',
            last_name,
            email,
            duplicates_ok: 'yes',
          },
          maxRedirects: 0,
        });
        expect(added.status()).toBe(303);
        return Number(/#customer-(\d+)$/.exec(added.headers()['location'] ?? '')?.[1]);
      };
      const kept = await add('Merge');
      const away = await add('Merged-Away-With-A-Long-Name');
      await page.goto(`/customers/${kept}/merge?with=${away}`);
      await page.getByRole('button', { name: 'Merge records' }).click();
      await expect(page.locator('#flash')).toContainText('Merged');
      await page.goto(`/customers/${away}`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('was merged into');
      await expect(page.getByRole('button', { name: 'Undo the merge' })).toBeFocused();
    },
  },
  { label: 'trash search without matches', path: '/customers/trash?q=zzzzqx' },
  {
    label: 'delete forever confirm',
    path: ({ deletedId }) => `/customers/${deletedId}/delete-forever`,
  },
  { label: 'import: upload and past imports', path: '/customers/import' },
  { label: 'import: columns and preview', path: '/customers/import', act: uploadContacts },
  {
    label: 'import: result with failed and skipped rows',
    path: '/customers/import',
    act: async (page) => {
      await uploadContacts(page);
      await page.getByRole('button', { name: /^Import \d+ rows$/ }).click();
      await expect(async () => {
        await page.reload();
        await expect(page.locator('.import-counts')).toContainText('Added1', { timeout: 500 });
      }).toPass({ timeout: 10_000 });
    },
  },
  { label: 'unknown customer (404)', path: '/customers/999999999' },
  {
    label: 'team',
    path: '/settings/team',
    // The tables fit without scrolling inside their boxes either.
    check: async (page) => {
      for (const box of await page.locator('.table-scroll').all()) {
        expect(
          await box.evaluate((element) => element.scrollWidth - element.clientWidth),
          'a Team table scrolls sideways',
        ).toBeLessThanOrEqual(0);
      }
    },
  },
  {
    label: 'remove member confirm',
    path: ({ memberId }) => `/settings/team/members/${memberId}/remove`,
  },
  {
    label: 'team with a new reset link',
    path: '/settings/team',
    act: async (page) => {
      await page.getByRole('button', { name: /Reset password of Tom/ }).click();
      await expect(page.locator('#new-reset-link')).toBeVisible();
    },
  },
  {
    label: 'hand over confirm',
    path: ({ memberId }) => `/settings/team/members/${memberId}/transfer`,
  },
  { label: 'team activity log', path: '/settings/team/activity' },
  { label: 'leave team (owner: hand over first)', path: '/settings/team/leave' },
  { label: 'delete team', path: '/settings/team/delete' },
  {
    label: 'delete team, refused (422)',
    path: '/settings/team/delete',
    act: async (page) => {
      await page.getByLabel("Type the team's name to confirm").fill('not the name');
      await page.getByRole('button', { name: 'Delete the team and everything in it' }).click();
      await expect(page.locator('.field-error')).toBeVisible();
    },
  },
  {
    label: 'team, rename refused (422)',
    path: '/settings/team',
    act: async (page) => {
      await page.getByLabel('Team name').fill('');
      await page.getByRole('button', { name: 'Rename team' }).click();
      await expect(page.locator('.field-error')).toBeVisible();
    },
  },
  { label: 'account, with the sessions list', path: '/settings/account' },
  { label: 'delete account (owner: hand over first)', path: '/settings/account/delete' },
  {
    label: 'account, password refused (422)',
    path: '/settings/account',
    act: async (page) => {
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page.locator('.field-error').first()).toBeVisible();
    },
  },
  {
    label: 'customer record, keyboard map',
    path: ({ customerId }) => `/customers/${customerId}`,
    js: true,
    act: async (page) => {
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    },
  },
  {
    label: 'unsaved edit offered back after a reload',
    path: '/customers',
    js: true,
    act: async (page) => {
      await page.getByRole('link', { name: 'New customer' }).click();
      await page.getByLabel('First name').fill('Grace');
      page.once('dialog', (dialog) => void dialog.accept()); // the browser's "Leave site?": leave
      await page.reload();
      await expect(page.getByRole('region', { name: 'Unsaved edits' })).toContainText('Grace');
    },
  },
  {
    label: 'unsaved changes question',
    path: '/customers',
    js: true,
    act: async (page) => {
      await page.locator('[data-action="edit"]').first().click();
      await page.locator('tr[data-editing] input[name="city"]').fill('Somewhere else');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name: 'Unsaved changes' })).toBeVisible();
    },
  },
  // Last of the owner's pages: single-key shortcuts stay off for this account from here on.
  {
    label: 'account, single-key shortcuts turned off',
    path: '/settings/account',
    act: async (page) => {
      await page.getByRole('checkbox', { name: 'Use single-key shortcuts' }).uncheck();
      await page.getByRole('button', { name: 'Save keyboard setting' }).click();
      await expect(page.locator('#flash')).toContainText('Single-key shortcuts are off.');
    },
  },
  {
    label: 'keyboard map, single-key shortcuts off',
    path: '/settings/account',
    js: true,
    act: async (page) => {
      await page.getByRole('checkbox', { name: 'Use single-key shortcuts' }).uncheck();
      await page.getByRole('button', { name: 'Save keyboard setting' }).click();
      await page.goto('/customers');
      await page.getByRole('button', { name: /Shortcuts/ }).click();
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText(
        'Single-key shortcuts are off for you',
      );
    },
  },
  { label: 'unknown page (404)', path: '/no/such/page' },
  { label: 'sign in', path: '/login', signedOut: true },
  {
    label: 'sign in, refused',
    path: '/login',
    signedOut: true,
    act: async (page) => {
      await page.getByLabel('Email').fill('nobody@example.com');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
    },
  },
  {
    label: 'sign in after a session ended with an edit unsaved',
    path: '/login',
    signedOut: true,
    js: true,
    act: async (page) => {
      await page.evaluate(() =>
        sessionStorage.setItem('folio.sessionEnded', 'Maximiliane Wolfeschlegelsteinhausen'),
      );
      await page.reload();
      await expect(page.getByRole('alert')).toContainText('Your session ended before your changes');
    },
  },
  { label: 'register', path: '/register', signedOut: true },
  {
    label: 'register through an invite',
    path: ({ inviteToken }) => `/register?invite=${inviteToken}`,
    signedOut: true,
  },
  {
    label: 'dead invite link',
    path: '/register?invite=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    signedOut: true,
  },
  {
    label: 'password reset link',
    path: ({ resetToken }) => `/reset-password?token=${resetToken}`,
    signedOut: true,
  },
  {
    label: 'dead password reset link',
    path: '/reset-password?token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    signedOut: true,
  },
];

// Long values on purpose: they are what pushes a narrow layout sideways.
const PEOPLE = [
  {
    first_name: 'Maximiliane',
    last_name: 'Wolfeschlegelsteinhausen',
    email: 'maximiliane.wolfeschlegelsteinhausen@example-corporation.com',
    phone: '+49 30 1234 5678',
    city: 'Garmisch-Partenkirchen',
    state: 'Bavaria',
  },
  {
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'ada@example.com',
    phone: '+44 20 7946 0958',
    city: 'London',
    state: '',
  },
  {
    first_name: 'Grace',
    last_name: 'Hopper',
    email: '',
    phone: '+1 212 555 0100',
    city: 'New York',
    state: 'NY',
  },
];

/** A few customers (the pager is checked with a big book in customers-finding), an open invite and a member, made over HTTP. */
async function setUp(page: Page, baseURL: string): Promise<Made> {
  await page.goto('/customers/new');
  const token = csrfTokenIn(await page.content());
  const ids: number[] = [];
  for (const person of PEOPLE) {
    const response = await page.request.post('/customers', {
      form: { _csrf: token, ...person },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    ids.push(Number(response.headers().location!.match(/customer-(\d+)/)![1]));
  }
  const [customerId, deletedId, otherId] = ids as [number, number, number];
  expect(
    (
      await page.request.post(`/customers/${deletedId}/delete`, {
        form: { _csrf: token },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(303);
  const inviteFor = async () => {
    const response = await page.request.post('/settings/team/invites', {
      form: { _csrf: token },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    const link = await page
      .goto('/settings/team')
      .then(() => page.locator('#new-invite-link').inputValue());
    return link.match(/invite=([a-z2-7]+)/)![1]!;
  };
  await registerAccount(baseURL, {
    invite: await inviteFor(),
    name: 'Tom Teammate-with-a-rather-long-name',
  });
  const memberHref = await page
    .goto('/settings/team')
    .then(() => page.locator('a[href*="/members/"]').first().getAttribute('href'));
  const memberId = Number(memberHref!.match(/members\/(\d+)/)![1]);
  // A second member with an open reset link (a newer link for the same person would replace it).
  await registerAccount(baseURL, { invite: await inviteFor(), name: 'Rita Reset' });
  await page.goto('/settings/team');
  await page.getByRole('button', { name: 'Reset password of Rita Reset' }).click();
  const resetToken = new URL(await page.locator('#new-reset-link').inputValue()).searchParams.get(
    'token',
  )!;
  return { customerId, deletedId, otherId, memberId, inviteToken: await inviteFor(), resetToken };
}

// One owner's book, made once for each run of pages below; each page is its own test (its own time
// budget, its own failure).
let made: Made;
let owner: Cookie[];

async function setUpOwner({ browser, baseURL }: { browser: Browser; baseURL: string | undefined }) {
  const registered = await registerAccount(baseURL!);
  owner = registered.cookies;
  // A second session, so the account page shows the sessions list with its sign-out buttons.
  await (
    await signInElsewhere(
      baseURL!,
      registered.account,
      'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
    )
  ).dispose();
  const context = await browser.newContext({ baseURL });
  await context.addCookies(owner);
  made = await setUp(await context.newPage(), baseURL!);
  await context.close();
}

// The pages in runs of PAGES_PER_RUN, in PAGES' order, each run in one worker after one setUpOwner
// (about 3 s: four sign-ups and the book). In fully parallel mode, a beforeAll outside such a group
// runs again for every test.
const PAGES_PER_RUN = 10;
for (let first = 0; first < PAGES.length; first += PAGES_PER_RUN) {
  test.describe(() => {
    test.describe.configure({ mode: 'default' });
    test.beforeAll(setUpOwner);
    for (const visit of PAGES.slice(first, first + PAGES_PER_RUN)) {
      test(`${visit.label} fits a 390 px screen and passes axe in light and dark`, async ({
        page,
        context,
        javaScriptEnabled,
      }) => {
        test.skip(
          visit.js !== undefined && visit.js !== javaScriptEnabled,
          visit.js ? 'needs JavaScript' : 'without JavaScript only',
        );
        if (!visit.signedOut) await context.addCookies(owner);
        await page.goto(typeof visit.path === 'string' ? visit.path : visit.path(made));
        if (javaScriptEnabled)
          await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
        if (visit.act) await visit.act(page);
        if (visit.check) await visit.check(page);
        await expectNoSidewaysScroll(page, visit.label);
        await expectNoAxeViolations(page, visit.label);
      });
    }
  });
}

// The page a person gets while the database cannot be reached (503). The suite's servers must stay up,
// so a server of its own runs on a throwaway PostgreSQL cluster, which is stopped for the visit.
test.describe('with the database down', () => {
  let cluster: Cluster | undefined;
  let server: ServerProcess | undefined;
  let member: Cookie[] = [];

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    cluster = startCluster();
    const admin = openDatabase({ dialect: 'postgres', url: cluster.adminUrl, poolMax: 1 });
    await sql`CREATE DATABASE folio_unavailable`.execute(admin);
    await admin.destroy();
    server = await startServer({
      DATABASE_URL: databaseUrl(cluster.adminUrl, 'folio_unavailable'),
      NODE_ENV: 'production',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'error', // the outage's warnings are expected here
    });
    member = (await registerAccount(server.url)).cookies;
    cluster.pause();
  });

  test.afterAll(async () => {
    await server?.stop();
    cluster?.stop();
  });

  test('database unavailable (503) fits a 390 px screen and passes axe in light and dark', async ({
    page,
    context,
  }) => {
    await context.addCookies(member);
    const response = await page.goto(`${server!.url}/customers`);
    expect(response!.status()).toBe(503);
    await expect(page.getByText('Folio cannot reach its database just now')).toBeVisible();
    await expectNoSidewaysScroll(page, 'database unavailable (503)');
    await expectNoAxeViolations(page, 'database unavailable (503)');
  });
});
