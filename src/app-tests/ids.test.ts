// Ids past what a row can have (PostgreSQL's serial ids are 32-bit): a URL is not found, a form or a
// cursor is refused, and nothing reaches the database as an out-of-range number (it answered 500 on
// PostgreSQL). Runs on both engines.
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../customers/listing.js';
import { MAX_ID } from '../http/params.js';
import { createTestApp, signUp } from '../testing/harness.js';

describe('ids past 32 bits', async () => {
  const { app, db } = await createTestApp();
  const me = await signUp(app, { name: 'Id Owner' });
  expect(
    (await me.client.post('/customers', { first_name: 'Ada', last_name: 'Lovelace' })).status,
  ).toBe(303);
  const { id } = await db.selectFrom('customers').select('id').executeTakeFirstOrThrow();
  const tooBig = [String(MAX_ID + 1), '9999999999', '999999999999999'];

  it.each(tooBig)('%s in a URL is not found, on every route with an id', async (big) => {
    const requests: [string, string][] = [
      ['GET', `/customers/${big}`],
      ['GET', `/customers/${big}/edit`],
      ['GET', `/customers/${big}/timeline`],
      ['GET', `/customers/${big}/merge?with=${id}`],
      ['POST', `/customers/${big}/delete`],
      ['POST', `/customers/${big}/restore`],
      ['POST', `/customers/${big}/notes`],
      ['POST', `/customers/${id}/history/${big}/restore`],
      ['POST', `/customers/merges/${big}/undo`],
      ['GET', `/customers/bulk/${big}`],
      ['POST', `/customers/bulk/${big}/undo`],
      ['GET', `/customers/${big}/delete-forever`],
      ['GET', `/customers/import/${big}`],
    ];
    for (const [method, path] of requests)
      expect(
        (await me.client.request(method, path, method === 'GET' ? undefined : {})).status,
        `${method} ${path}`,
      ).toBe(404);
  });

  it.each(tooBig)('%s in a form or a cursor is refused with a 400', async (big) => {
    const merge = await me.client.get(`/customers/${id}/merge?with=${big}`);
    expect(merge.status).toBe(400);
    const form = new URLSearchParams([
      ['_csrf', me.client.csrfToken!],
      ['at', String(Date.now())],
      ['id', String(id)],
      ['id', big],
    ]);
    const bulk = await me.client.request('POST', '/customers/bulk/delete', form.toString(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(bulk.status).toBe(400);
    expect(await bulk.text()).toContain('not a customer');
    const list = await me.client.get(
      `/customers?after=${encodeCursor({ key: 'ada', id: Number(big) })}&sort=name`,
    );
    expect(list.status).toBe(400);
    expect(
      await db.selectFrom('customers').select('deleted_at').where('id', '=', id).executeTakeFirst(),
    ).toEqual({ deleted_at: null });
  });

  it('the largest id a row can have is still an id (not found here, not refused)', async () => {
    expect((await me.client.get(`/customers/${MAX_ID}`)).status).toBe(404);
    expect((await me.client.get(`/customers/${id}/merge?with=${MAX_ID}`)).status).toBe(404);
  });
});
