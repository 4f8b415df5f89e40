// A customer whose every field is hostile is shown as text on every page and fragment that shows it.
import { describe, expect, it } from 'vitest';
import { createTestApp, signUp } from '../testing/harness.js';
import { withKeys } from '../customers/keys.js';

const PAYLOADS = [
  '<script>alert("xss")</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)' x='",
  'javascript:alert(document.cookie)',
  '{{constructor.constructor("alert(1)")()}}',
  '</textarea><svg onload=alert(1)>',
];

/**
 * Markup that would run script: an inline <script>, an on* handler on any tag, or a javascript: URL.
 * Attribute values are blanked first (Kita always double-quotes them and escapes quotes inside), so a
 * payload sitting harmlessly inside a value is not mistaken for a tag.
 */
function liveMarkup(html: string): string[] {
  const problems: string[] = [];
  const outsideValues = html.replace(/="[^"]*"/g, '=""');
  for (const [tag, name, attributes] of outsideValues.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    if (name!.toLowerCase() === 'script' && !/\ssrc=/.test(attributes!)) problems.push(tag);
    if (/\son[a-z]+\s*=/i.test(attributes!)) problems.push(tag);
  }
  for (const [, url] of html.matchAll(/\s(?:href|src|action|formaction)="([^"]*)"/g)) {
    const decoded = url!
      .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
      .replace(/&amp;/g, '&');
    if (/^\s*(javascript|data|vbscript):/i.test(decoded)) problems.push(url!);
  }
  return problems;
}

describe('hostile customer data is always escaped', async () => {
  const { app, db, clock } = await createTestApp();
  const me = await signUp(app, { name: '<b>Owner</b>', workspace: '<i>Team</i>' });
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', me.email.toLowerCase())
    .executeTakeFirstOrThrow();
  const at = new Date(clock.now).toISOString();
  const ids: number[] = [];
  // Straight into the database, past validation: the views must be safe whatever is stored.
  for (const [i, payload] of PAYLOADS.entries()) {
    const row = await db
      .insertInto('customers')
      .values({
        workspace_id: user.workspace_id,
        ...withKeys({
          first_name: payload,
          last_name: payload,
          email: i === 3 ? payload : `${payload}@example.com`,
          phone: payload,
          address: payload,
          city: payload,
          state: payload,
          zipcode: payload,
        }),
        created_at: at,
        updated_at: at,
        touched_at: at,
        created_by: user.id,
        updated_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }

  const pages = (id: number) => [
    '/customers',
    '/customers?q=alert',
    '/customers?q=script&sort=name',
    '/customers?sort=city&dir=desc',
    `/customers/${id}`,
    `/customers/${id}/edit`,
    `/customers/${id}/delete`,
    '/settings/account',
    '/settings/team',
  ];

  it.each(
    ids.flatMap((id) => pages(id).flatMap((url) => [[url, false] as const, [url, true] as const])),
  )('GET %s (htmx: %s) shows the payloads as text', async (url, htmx) => {
    const response = await me.client.get(url, { htmx });
    expect(response.status).toBeLessThan(400);
    const html = await response.text();
    expect(liveMarkup(html)).toEqual([]);
  });

  it('shows the payload escaped, not dropped', async () => {
    const html = await (await me.client.get(`/customers/${ids[0]}`)).text();
    expect(html).toContain('&lt;script>alert(&#34;xss&#34;)&lt;/script>');
  });

  it('shows hostile customers, and who deleted them, as text in the trash', async () => {
    const at = new Date(clock.now - 60_000).toISOString();
    const deleted = ids.slice(2);
    await db
      .updateTable('customers')
      .set({ deleted_at: at, deleted_by: user.id })
      .where('id', 'in', deleted)
      .execute();
    const urls = [
      '/customers/trash',
      `/customers/trash?q=${encodeURIComponent(PAYLOADS[0]!)}`,
      '/customers/trash?q=zzz%3Cscript%3E',
      ...deleted.map((id) => `/customers/${id}/delete-forever`),
    ];
    for (const url of urls)
      for (const htmx of [false, true]) {
        const response = await me.client.get(url, { htmx });
        expect(response.status, url).toBe(200);
        expect(liveMarkup(await response.text()), url).toEqual([]);
      }
    const trash = await (await me.client.get('/customers/trash')).text();
    expect(trash).toContain('&lt;b>Owner&lt;/b>');
  });

  it('re-renders hostile input escaped after a refused (422) and a conflicting (409) save', async () => {
    const id = ids[1]!;
    const hostile = {
      first_name: PAYLOADS[0]!,
      last_name: 'x'.repeat(60),
      email: PAYLOADS[1]!,
      city: PAYLOADS[5]!,
      version: '1',
    };
    for (const htmx of [false, true]) {
      const invalid = await me.client.request('PUT', `/customers/${id}`, hostile, { htmx });
      expect(invalid.status).toBe(422);
      const html = await invalid.text();
      expect(liveMarkup(html)).toEqual([]);
    }
    await db.updateTable('customers').set({ version: 5 }).where('id', '=', id).execute();
    const validButHostile = { ...hostile, last_name: PAYLOADS[2]!, email: '' };
    const stale = await me.client.request('PUT', `/customers/${id}`, validButHostile, {
      htmx: true,
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(liveMarkup(html)).toEqual([]);
  });
});
