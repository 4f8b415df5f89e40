// Hostile data and the Content-Security-Policy in a real browser: what only a browser shows (a script
// that runs, a CSP violation), beyond the HTTP-level escaping tests.
//
// A customer whose every field holds a hostile payload, shown by an account whose own name and workspace
// are hostile too, is visited on every page that shows it (and, with JavaScript, swapped in and out by the
// inline editor, refused with a 422, saved and deleted with Undo). Nothing may open a dialog, run a
// payload (they set window.__xss), or turn into markup; the payload must read as text. With JavaScript
// these run a second time with the CSP switched off in the browser, so escaping alone is what is tested.
// Every page of the app then loads under the CSP with its headers checked, and no other site can frame
// it. The shared fixture (./fixtures.js) fails any test whose page reports a CSP violation or a script
// error.
import type { Page, Response } from '@playwright/test';
import { csrfTokenIn, expect, registerAccount, test } from './fixtures.js';

/** One hostile payload per customer field. Phone takes only digits and + ( ) - . so it gets a real number. */
const HOSTILE = {
  first_name: '<script>window.__xss=1;alert(1)</script>',
  last_name: '"><img src=x onerror=window.__xss=2;alert(1)>',
  // The email rule allows ' = / ` and braces: enough to try breaking out of a single-quoted attribute.
  email: "'/onfocus='window.__xss=3'/autofocus='@example.com",
  phone: '+1 (555) 010-0199',
  address: "{{constructor.constructor('window.__xss=4;alert(1)')()}}",
  city: 'javascript:window.__xss=5;alert(1)',
  state: "'><svg onload=window.__xss=6;alert(1)>",
  zipcode: '<b onclick=alert(1)>',
};
const HOSTILE_NAME = `${HOSTILE.first_name} ${HOSTILE.last_name}`;

/** The same again, for the refused (422) edit: other payloads, and an empty last name so it is refused. */
const HOSTILE_EDIT = {
  first_name: '</textarea><svg onload=window.__xss=7>',
  last_name: '',
  email: '{{constructor.constructor}}@example.com',
  address: '"><script>window.__xss=8;alert(1)</script>',
  city: '<iframe src=javascript:alert(1)>',
  state: "{{constructor.constructor('alert(1)')()}}",
  zipcode: '<b onclick=__xss=12>',
};

/** Values the form must refuse outright: the refusal is the defence for these fields. */
const REFUSED: [field: string, value: string][] = [
  ['email', 'javascript:alert(1)'],
  ['email', '"><svg onload=alert(1)>@example.com'],
  ['email', '<script>alert(1)</script>@example.com'],
  ['phone', '<script>alert(1)</script>'],
  ['phone', 'javascript:alert(1)'],
  ['phone', '"><img src=x onerror=alert(1)>'],
];

const ACCOUNT_NAME = '<script>window.__xss=9</script>Mallory';
const WORKSPACE_NAME = '"><img src=x onerror=window.__xss=10>Team';

/** Every markup-shaped payload seen as text somewhere on a page, so each one can be looked for. */
const SHOWN_ON_RECORD = [
  HOSTILE.first_name,
  HOSTILE.last_name,
  HOSTILE.email,
  HOSTILE.address,
  HOSTILE.city,
  HOSTILE.state,
  HOSTILE.zipcode,
];

interface Hostile {
  id: number;
  url: string;
  dialogs: string[];
}

/**
 * Signs the browser in as a hostile account, adds the hostile customer over HTTP, and starts recording
 * dialogs (alert, confirm, prompt): none may open in these tests. The browser's own "Leave site?" question
 * (beforeunload) is Folio guarding a refused form's typed values, not a payload: the test leaves anyway.
 */
const hostileTest = test.extend<{ hostile: Hostile }>({
  hostile: async ({ page, context, baseURL }, use) => {
    const { cookies } = await registerAccount(baseURL!, {
      name: ACCOUNT_NAME,
      workspace: WORKSPACE_NAME,
    });
    await context.addCookies(cookies);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      if (dialog.type() === 'beforeunload') return void dialog.accept();
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const form = await page.request.get('/customers/new');
    const token = csrfTokenIn(await form.text());
    const created = await page.request.post('/customers', {
      form: { _csrf: token, ...HOSTILE },
      maxRedirects: 0,
    });
    expect(created.status(), await created.text()).toBe(303);
    const id = Number(created.headers().location?.match(/customer-(\d+)/)?.[1]);
    expect(id).toBeGreaterThan(0);
    await use({ id, url: `/customers/${id}`, dialogs });
    expect(dialogs, 'a payload opened a dialog').toEqual([]);
  },
});

/**
 * Nothing hostile became live: no dialog, no payload ran (each sets window.__xss), no inline script,
 * no element with an on* or hx-on handler, no javascript: URL, no element a payload would have made.
 */
async function expectInert(page: Page, hostile: Hostile, javaScriptEnabled: boolean) {
  expect(hostile.dialogs, 'a payload opened a dialog').toEqual([]);
  if (javaScriptEnabled) {
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
      'a payload ran',
    ).toBeUndefined();
  }
  await expect(page.locator('script:not([src])')).toHaveCount(0);
  await expect(page.locator('img[src="x"], iframe, svg[onload], b[onclick]')).toHaveCount(0);
  await expect(
    page.locator('[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]'),
  ).toHaveCount(0);
  // Attribute names cannot be wildcarded in CSS; read them from the markup the browser parsed instead.
  const html = await page.content();
  const attributeNames = [...html.replace(/="[^"]*"/g, '=""').matchAll(/<[a-zA-Z][^>]*>/g)].flatMap(
    ([tag]) =>
      [...tag.matchAll(/\s([^\s=>/"']+)(?==|\s|\/?>)/g)].map(([, name]) => name!.toLowerCase()),
  );
  expect(
    attributeNames.filter((name) => /^(on|hx-on)/.test(name)),
    'an event-handler attribute appeared',
  ).toEqual([]);
}

/** The text appears as text, somewhere visible. */
async function expectText(page: Page, text: string) {
  await expect(
    page.getByText(text, { exact: false }).first(),
    `"${text}" is shown as text`,
  ).toBeVisible();
}

const rowOf = (page: Page, id: number) => page.locator(`#customer-${id}`);

// Twice: under the CSP as served, and with the CSP switched off in the browser, so escaping alone has to
// hold (there a payload that slipped through would really run and open its dialog).
for (const bypassCSP of [false, true]) {
  hostileTest.describe(
    `a customer made of hostile payloads${bypassCSP ? ', with the CSP off (escaping alone)' : ''}`,
    () => {
      hostileTest.use({ bypassCSP });
      hostileTest.skip(
        ({ javaScriptEnabled }) => bypassCSP && !javaScriptEnabled,
        'without JavaScript nothing could run anyway',
      );

      hostileTest(
        'is text on the table, the record, the edit page, the delete page and the settings',
        async ({ browser, baseURL, page, hostile, javaScriptEnabled }) => {
          await page.goto('/customers');
          const row = rowOf(page, hostile.id);
          await expect(row.locator('.customer-name bdi')).toHaveText(HOSTILE_NAME);
          await expect(row.locator('.col-email')).toHaveText(HOSTILE.email);
          await expect(row.locator('.col-email a')).toHaveAttribute(
            'href',
            `mailto:${HOSTILE.email}`,
          );
          await expect(row.locator('.col-location')).toContainText(HOSTILE.city);
          await expect(row.getByRole('link', { name: `Edit ${HOSTILE_NAME}` })).toBeVisible();
          // The account's own hostile name and workspace in the header, as text.
          await expectText(page, ACCOUNT_NAME);
          await expectText(page, WORKSPACE_NAME);
          await expectInert(page, hostile, javaScriptEnabled);

          // A search that matches the payload's text lists it the same way.
          await page.goto('/customers?q=script');
          await expect(rowOf(page, hostile.id).locator('.customer-name bdi')).toHaveText(
            HOSTILE_NAME,
          );
          await expectInert(page, hostile, javaScriptEnabled);

          await page.goto(hostile.url);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(HOSTILE_NAME);
          for (const payload of SHOWN_ON_RECORD) await expectText(page, payload);
          await expect(page.getByRole('link', { name: HOSTILE.email })).toHaveAttribute(
            'href',
            `mailto:${HOSTILE.email}`,
          );
          await expectInert(page, hostile, javaScriptEnabled);

          await page.goto(`${hostile.url}/edit`);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Edit ${HOSTILE_NAME}`);
          for (const [field, value] of Object.entries(HOSTILE))
            await expect(page.locator(`form [name="${field}"]`)).toHaveValue(value);
          await expectInert(page, hostile, javaScriptEnabled);

          await page.goto(`${hostile.url}/delete`);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(
            `Delete ${HOSTILE_NAME}?`,
          );
          await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText(
            HOSTILE_NAME,
          );
          await expectInert(page, hostile, javaScriptEnabled);

          for (const url of ['/settings/account', '/settings/team']) {
            await page.goto(url);
            await expectText(page, ACCOUNT_NAME);
            await expectInert(page, hostile, javaScriptEnabled);
          }
          await expectText(page, WORKSPACE_NAME);

          // The workspace name also greets whoever follows an invite link, signed out.
          const token = csrfTokenIn(await page.content());
          const invited = await page.request.post('/settings/team/invites', {
            form: { _csrf: token },
            maxRedirects: 0,
          });
          expect(invited.status()).toBe(303);
          await page.goto('/settings/team');
          const link = await page.locator('#new-invite-link').inputValue();
          expect(link).toContain('/register?invite=');
          const guestContext = await browser.newContext({ baseURL, javaScriptEnabled, bypassCSP });
          const guest = await guestContext.newPage();
          const guestProblems: string[] = [];
          guest.on('dialog', (dialog) => {
            guestProblems.push(`dialog ${dialog.message()}`);
            void dialog.dismiss();
          });
          guest.on('console', (message) => {
            if (/Content Security Policy|Refused to/i.test(message.text()))
              guestProblems.push(message.text());
          });
          await guest.goto(new URL(link).pathname + new URL(link).search);
          await expect(guest.locator('.lead')).toHaveText(
            `You were invited to join ${WORKSPACE_NAME}.`,
          );
          await expectInert(guest, { ...hostile, dialogs: guestProblems }, javaScriptEnabled);
          await guestContext.close();
        },
      );

      hostileTest(
        'comes back as text from a refused edit page, and the delete and restore messages',
        async ({ page, hostile, javaScriptEnabled }) => {
          await page.goto(`${hostile.url}/edit`);
          for (const [field, value] of Object.entries(HOSTILE_EDIT))
            await page.locator(`form [name="${field}"]`).fill(value);
          const [refused] = await Promise.all([
            page.waitForResponse(
              (response) =>
                response.request().method() === 'POST' && response.url().endsWith(hostile.url),
            ),
            page.getByRole('button', { name: 'Save changes' }).click(),
          ]);
          expect(refused.status()).toBe(422);
          await expect(page.getByText('Enter a last name.')).toBeVisible();
          for (const [field, value] of Object.entries(HOSTILE_EDIT))
            await expect(page.locator(`form [name="${field}"]`)).toHaveValue(value);
          // The heading still names the stored customer, not the refused input.
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Edit ${HOSTILE_NAME}`);
          await expectInert(page, hostile, javaScriptEnabled);

          // Nothing was saved.
          await page.goto(hostile.url);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(HOSTILE_NAME);

          // Delete by the confirm page, then Restore from the message: the name is text in both messages.
          await page.goto(`${hostile.url}/delete`);
          await page.getByRole('button', { name: 'Delete customer' }).click();
          await expect(page.locator('#flash')).toContainText(`Deleted ${HOSTILE_NAME}.`);
          await expectInert(page, hostile, javaScriptEnabled);
          await page.locator('#flash').getByRole('button', { name: 'Restore' }).click();
          await expect(page.locator('#flash')).toContainText(`Restored ${HOSTILE_NAME}.`);
          await expect(rowOf(page, hostile.id).locator('.customer-name bdi')).toHaveText(
            HOSTILE_NAME,
          );
          await expectInert(page, hostile, javaScriptEnabled);
        },
      );

      hostileTest(
        'stays text through the inline editor: open, refuse (422), save, delete and undo',
        async ({ page, hostile, javaScriptEnabled }) => {
          hostileTest.skip(
            !javaScriptEnabled,
            'the inline editor and its fragments need JavaScript',
          );
          await page.goto('/customers');
          await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
          const row = rowOf(page, hostile.id);

          // Open: the editor row is swapped in by htmx with every value in its field.
          await row.getByRole('link', { name: `Edit ${HOSTILE_NAME}` }).click();
          const editing = page.locator('tr[data-editing]');
          await expect(editing.locator('[name="first_name"]')).toBeFocused();
          for (const [field, value] of Object.entries(HOSTILE))
            await expect(editing.locator(`[name="${field}"]`)).toHaveValue(value);
          await expect(editing.getByRole('heading')).toHaveText(`Editing ${HOSTILE_NAME}`);
          await expectInert(page, hostile, javaScriptEnabled);

          // Refuse: hostile input with an empty last name comes back as a 422 fragment, values kept as typed.
          for (const [field, value] of Object.entries(HOSTILE_EDIT))
            await editing.locator(`[name="${field}"]`).fill(value);
          const [refused] = await Promise.all([
            page.waitForResponse((response) => response.request().method() === 'PUT'),
            editing.getByRole('button', { name: 'Save changes' }).click(),
          ]);
          expect(refused.status()).toBe(422);
          await expect(editing.getByText('Enter a last name.')).toBeVisible();
          await expect(editing.locator('[name="last_name"]')).toBeFocused();
          for (const [field, value] of Object.entries(HOSTILE_EDIT))
            await expect(editing.locator(`[name="${field}"]`)).toHaveValue(value);
          await expectInert(page, hostile, javaScriptEnabled);

          // A refused phone is a 422 too, with its own message.
          await editing.locator('[name="last_name"]').fill('<svg onload=window.__xss=11>');
          await editing.locator('[name="phone"]').fill('<script>alert(1)</script>');
          const [refusedPhone] = await Promise.all([
            page.waitForResponse((response) => response.request().method() === 'PUT'),
            editing.locator('[name="phone"]').press('Enter'),
          ]);
          expect(refusedPhone.status()).toBe(422);
          await expect(
            editing.getByText(
              'Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.',
            ),
          ).toBeVisible();
          await expect(editing.locator('[name="phone"]')).toHaveValue('<script>alert(1)</script>');
          await expectInert(page, hostile, javaScriptEnabled);

          // Save: the hostile-but-valid edit comes back as a display row, as text.
          await editing.locator('[name="phone"]').fill(HOSTILE.phone);
          const [saved] = await Promise.all([
            page.waitForResponse((response) => response.request().method() === 'PUT'),
            editing.locator('[name="phone"]').press('Enter'),
          ]);
          expect(saved.status()).toBe(200);
          await expect(editing).toHaveCount(0);
          const newName = `${HOSTILE_EDIT.first_name} <svg onload=window.__xss=11>`;
          await expect(row.locator('.customer-name bdi')).toHaveText(newName);
          await expect(row.locator('.col-location')).toContainText(HOSTILE_EDIT.city);
          await expect(page.locator('#flash')).toContainText(`Saved ${newName}.`);
          await expectInert(page, hostile, javaScriptEnabled);

          // Delete in place and Undo: the toast names the customer as text.
          await row.getByRole('link', { name: `Delete ${newName}` }).click();
          await expect(page.locator('#flash')).toContainText(`Deleted ${newName}.`);
          await expect(rowOf(page, hostile.id).locator('.customer-name')).toHaveCount(0);
          await expectInert(page, hostile, javaScriptEnabled);
          await page.locator('#flash').getByRole('button', { name: /Undo/ }).click();
          await expect(row.locator('.customer-name bdi')).toHaveText(newName);
          await expectInert(page, hostile, javaScriptEnabled);

          // The inline new row refuses hostile input the same way, and then adds it as text.
          await page.keyboard.press('Escape');
          await page.getByRole('link', { name: 'New customer' }).click();
          const newRow = page.locator('#customer-new');
          await expect(newRow.locator('[name="first_name"]')).toBeFocused();
          await newRow.locator('[name="first_name"]').fill(HOSTILE.state);
          await newRow.locator('[name="email"]').fill('javascript:alert(1)');
          const [refusedNew] = await Promise.all([
            page.waitForResponse((response) => response.request().method() === 'POST'),
            newRow.locator('[name="first_name"]').press('Enter'),
          ]);
          expect(refusedNew.status()).toBe(422);
          await expect(newRow.getByText('Enter a last name.')).toBeVisible();
          await expect(
            newRow.getByText('Enter an email address like name@example.com.'),
          ).toBeVisible();
          await expect(newRow.locator('[name="first_name"]')).toHaveValue(HOSTILE.state);
          await expect(newRow.locator('[name="email"]')).toHaveValue('javascript:alert(1)');
          await expectInert(page, hostile, javaScriptEnabled);
          await newRow.locator('[name="last_name"]').fill(HOSTILE.zipcode);
          await newRow.locator('[name="email"]').fill(HOSTILE.email);
          await newRow.locator('[name="email"]').press('Enter');
          await expect(newRow).toHaveCount(0);
          await expect(page.locator('#flash')).toContainText(
            `Added ${HOSTILE.state} ${HOSTILE.zipcode}.`,
          );
          await expect(page.locator('#customer-count')).toHaveText('2 customers');
          await expectInert(page, hostile, javaScriptEnabled);

          // And after a reload, the whole table as a page once more.
          await page.reload();
          await expect(page.locator('#customer-rows .customer-name bdi')).toHaveText([
            `${HOSTILE.state} ${HOSTILE.zipcode}`,
            newName,
          ]);
          await expectInert(page, hostile, javaScriptEnabled);
        },
      );

      hostileTest(
        'fields that cannot hold a payload refuse it with a 422 and store nothing',
        async ({ page, hostile }) => {
          const token = csrfTokenIn(await (await page.request.get('/customers/new')).text());
          for (const [field, value] of REFUSED) {
            const create = await page.request.post('/customers', {
              form: { _csrf: token, first_name: 'Refused', last_name: 'Input', [field]: value },
              maxRedirects: 0,
            });
            expect(create.status(), `${field} = ${value}`).toBe(422);
            const edit = await page.request.post(hostile.url, {
              form: { _csrf: token, ...HOSTILE, version: '1', [field]: value },
              maxRedirects: 0,
            });
            expect(edit.status(), `${field} = ${value}`).toBe(422);
          }
          // With the browser too: the form page shows the refusal and keeps the value as typed.
          await page.goto('/customers/new');
          await page.locator('form [name="first_name"]').fill(HOSTILE.first_name);
          await page.locator('form [name="last_name"]').fill(HOSTILE.last_name);
          await page.locator('form [name="email"]').fill('"><svg onload=alert(1)>@example.com');
          await page.locator('form [name="phone"]').fill('"><img src=x onerror=alert(1)>');
          await page.getByRole('button', { name: 'Add customer' }).click();
          await expect(
            page.getByText('Enter an email address like name@example.com.'),
          ).toBeVisible();
          await expect(
            page.getByText(
              'Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.',
            ),
          ).toBeVisible();
          await expect(page.locator('form [name="email"]')).toHaveValue(
            '"><svg onload=alert(1)>@example.com',
          );
          await expect(page.locator('form [name="phone"]')).toHaveValue(
            '"><img src=x onerror=alert(1)>',
          );
          await expect(page.locator('svg[onload], img[src="x"]')).toHaveCount(0);

          await page.goto('/customers');
          await expect(page.locator('#customer-count')).toHaveText('1 customer');
          await page.goto(hostile.url);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(HOSTILE_NAME);
          await expect(page.locator('.record-details')).toContainText(HOSTILE.email);
          await expect(page.locator('.record-details')).toContainText(HOSTILE.phone);
        },
      );
    },
  );
}

// --- check 6: the pages work under the CSP ----------------------------------------------------------

/** The headers every HTML response carries (HSTS is production-only and the e2e server runs as test). */
function expectSecurityHeaders(response: Response | null, url: string) {
  expect(response, `${url} answered`).not.toBeNull();
  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  const directives = new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values] as const),
  );
  expect(csp, `${url}: CSP`).not.toMatch(
    /unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic|\*/,
  );
  expect(directives.get('default-src'), `${url}: default-src`).toEqual(["'self'"]);
  expect(directives.get('script-src'), `${url}: script-src`).toEqual(["'self'"]);
  expect(directives.get('style-src'), `${url}: style-src`).toEqual(["'self'"]);
  expect(directives.get('object-src'), `${url}: object-src`).toEqual(["'none'"]);
  expect(directives.get('base-uri'), `${url}: base-uri`).toEqual(["'none'"]);
  expect(directives.get('form-action'), `${url}: form-action`).toEqual(["'self'"]);
  expect(directives.get('frame-ancestors'), `${url}: frame-ancestors`).toEqual(["'none'"]);
  expect(headers['x-content-type-options'], `${url}: nosniff`).toBe('nosniff');
  expect(headers['referrer-policy'], `${url}: Referrer-Policy`).toBe('same-origin');
  expect(headers['x-frame-options'], `${url}: X-Frame-Options`).toBe('DENY');
}

/** Collects securitypolicyviolation events in the page, a second witness next to the console messages. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
}

async function expectNoViolations(page: Page, javaScriptEnabled: boolean, url: string) {
  if (!javaScriptEnabled) return; // the console messages (fixture) are the witness without JavaScript
  const seen = await page.evaluate(
    () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
  );
  expect(seen, `${url}: CSP violations`).toEqual([]);
}

/** The page's own stylesheet was allowed and applied (a blocked one would leave the default font). */
async function expectStyled(page: Page, url: string) {
  const sheets = await page.locator('link[rel="stylesheet"]').count();
  expect(sheets, `${url}: stylesheet link`).toBeGreaterThan(0);
  await expect(page.locator('body'), `${url}: app.css applied`).not.toHaveCSS(
    'font-family',
    /^"?Times New Roman"?$|^serif$/,
  );
}

test('every page loads under the CSP, with the strict headers and no violations', async ({
  browser,
  page,
  account,
  baseURL,
  javaScriptEnabled,
}) => {
  void account;
  await watchViolations(page);

  // Signed out, in a context of its own (with the same console watch as the fixture page).
  const anonymous = await browser.newContext({ baseURL, javaScriptEnabled });
  const guest = await anonymous.newPage();
  const guestProblems: string[] = [];
  guest.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text()))
      guestProblems.push(message.text());
  });
  guest.on('pageerror', (error) => guestProblems.push(error.message));
  await watchViolations(guest);
  for (const [url, status, heading] of [
    ['/login', 200, 'Sign in'],
    ['/register', 200, 'Create'],
    ['/no-such-page', 404, 'not found'],
  ] as const) {
    const response = await guest.goto(url);
    expect(response?.status(), url).toBe(status);
    expectSecurityHeaders(response, url);
    await expect(guest.getByRole('heading', { level: 1 })).toContainText(new RegExp(heading, 'i'));
    await expectStyled(guest, url);
    await expectNoViolations(guest, javaScriptEnabled, url);
  }
  // A refused sign-in re-renders the form (422) under the same policy.
  await guest.goto('/login');
  await guest.getByLabel('Email').fill('nobody@example.com');
  await guest.getByLabel('Password').fill('wrong password here');
  const [refused] = await Promise.all([
    guest.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/login'),
    ),
    guest.getByRole('button', { name: /sign in/i }).click(),
  ]);
  expect([401, 422]).toContain(refused.status());
  expectSecurityHeaders(refused, 'POST /login');
  await expectNoViolations(guest, javaScriptEnabled, 'POST /login');
  await anonymous.close();
  expect(guestProblems, 'signed-out pages reported CSP violations or script errors').toEqual([]);

  // Signed in: a customer to show, then every page.
  const token = csrfTokenIn(await (await page.request.get('/customers/new')).text());
  const created = await page.request.post('/customers', {
    form: {
      _csrf: token,
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.com',
      city: 'Arlington',
    },
    maxRedirects: 0,
  });
  expect(created.status()).toBe(303);
  const id = Number(created.headers().location?.match(/customer-(\d+)/)?.[1]);
  const pages: [url: string, status: number][] = [
    ['/customers', 200],
    ['/customers?q=grace&sort=name&dir=desc', 200],
    ['/customers/new', 200],
    [`/customers/${id}`, 200],
    [`/customers/${id}/edit`, 200],
    [`/customers/${id}/delete`, 200],
    ['/settings/account', 200],
    ['/settings/team', 200],
    ['/customers/999999999', 404],
    ['/no-such-page', 404],
  ];
  for (const [url, status] of pages) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(status);
    expectSecurityHeaders(response, url);
    await expect(page.getByRole('heading', { level: 1 }), url).toBeVisible();
    await expectStyled(page, url);
    if (javaScriptEnabled && status === 200) {
      // htmx and the keyboard layer loaded from /static and started: scripts run under script-src 'self'.
      await expect(page.locator('html[data-keyboard="ready"]'), url).toHaveCount(1);
      expect(
        await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx),
        url,
      ).toBe('object');
    }
    await expectNoViolations(page, javaScriptEnabled, url);
  }

  // The static assets carry nosniff and are served as what they are.
  for (const asset of await page
    .locator('script[src], link[rel="stylesheet"]')
    .evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('src') ?? node.getAttribute('href') ?? ''),
    )) {
    const response = await page.request.get(asset);
    expect(response.status(), asset).toBe(200);
    expect(response.headers()['x-content-type-options'], asset).toBe('nosniff');
    expect(response.headers()['content-type'], asset).toMatch(
      asset.endsWith('.css') || asset.includes('.css') ? /^text\/css/ : /javascript/,
    );
  }
});

test('the interactive pages work under the CSP: keyboard map, inline editor, toasts', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'the interactive layer needs JavaScript');
  void account;
  await watchViolations(page);
  await page.goto('/customers');
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  const newRow = page.locator('#customer-new');
  await expect(newRow.locator('[name="first_name"]')).toBeFocused();
  await page.keyboard.type('Grace');
  await page.keyboard.press('Enter'); // refused: no last name
  await expect(newRow.getByText('Enter a last name.')).toBeVisible();
  await newRow.locator('[name="last_name"]').fill('Hopper');
  await newRow.locator('[name="last_name"]').press('Enter');
  await expect(page.locator('#flash')).toContainText('Added Grace Hopper.');
  await page.keyboard.press('Delete');
  await expect(page.locator('#flash')).toContainText('Deleted Grace Hopper.');
  await page.keyboard.press('u');
  await expect(page.locator('#flash')).toContainText('Restored Grace Hopper.');
  await page.screenshot({ caret: 'initial' });
  await expectNoViolations(page, true, '/customers (interactive)');
});

test('no other site can frame Folio (frame-ancestors none, X-Frame-Options DENY)', async ({
  context,
  baseURL,
}) => {
  // A page of its own, not the fixture's: the refusal to frame is what this test wants to see.
  const framer = await context.newPage();
  // Which response headers each frame's copy of /login loses on the way.
  const variants: Record<string, string[]> = {
    real: [],
    'csp-only': ['x-frame-options'],
    'xfo-only': ['content-security-policy'],
    control: ['content-security-policy', 'x-frame-options'],
  };
  await framer.route('http://framer.test/', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: Object.keys(variants)
        .map((name) => `<iframe id="${name}" src="${baseURL}/login?frame=${name}"></iframe>`)
        .join(''),
    }),
  );
  // Each frame gets the very same page with some anti-framing headers taken off. The control, with both
  // off, has to load: so a frame that does not is refused by the headers it kept and nothing else.
  await framer.route(`${baseURL}/login?frame=*`, async (route) => {
    const name = new URL(route.request().url()).searchParams.get('frame')!;
    const response = await route.fetch();
    const headers = { ...response.headers() };
    for (const header of variants[name]!) delete headers[header];
    await route.fulfill({ response, headers });
  });
  await framer.goto('http://framer.test/');
  await expect(
    framer.frameLocator('#control').getByRole('button', { name: 'Sign in' }),
  ).toBeVisible();
  for (const name of ['real', 'csp-only', 'xfo-only']) {
    await expect(
      framer.frameLocator(`#${name}`).locator('form'),
      `the ${name} frame is refused`,
    ).toHaveCount(0);
  }
  await framer.close();
});
