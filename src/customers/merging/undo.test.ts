// Undoing a merge: both records back as they were (rows, notes and events), from the toast or the
// timeline, with or without JavaScript; refused (nothing changes) once the kept record was edited.
// And a merged record's history: what a merge moved in is read only, and every row is reached by index.
import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { one, texts } from '../../testing/html.js';
import { snapshot } from '../../testing/snapshot.js';
import { itOnSqlite } from '../../testing/test-database.js';
import * as queries from '../queries.js';
import { valuesAfter } from '../history/queries.js';
import { valuesOf } from '../schema.js';
import { follow, memberOf } from '../testing.js';
import { mergeRecords, undoMerge } from './queries.js';
import { rowsOf, twoAdas } from './testing.js';

describe('undoing a merge', () => {
  it('undo puts both records back as they were: rows, notes and events', async () => {
    const { client, db, a, b, form, all, me } = await twoAdas();
    const before = {
      rows: await all(),
      notes: [await rowsOf(db, 'customer_notes', a.id), await rowsOf(db, 'customer_notes', b.id)],
      events: [
        await rowsOf(db, 'customer_events', a.id),
        await rowsOf(db, 'customer_events', b.id),
      ],
    };
    await client.post(`/customers/${a.id}/merge`, { ...form, keep: 'b' });
    const merge = await db.selectFrom('customer_merges').selectAll().executeTakeFirstOrThrow();
    expect(merge).toMatchObject({ kept_id: b.id, merged_id: a.id });
    // From the timeline's entry, without JavaScript.
    const timeline = await (await client.get(`/customers/${b.id}`)).text();
    const button = one(timeline, '.timeline-merged form');
    expect(button.getAttribute('action')).toBe(`/customers/merges/${merge.id}/undo`);
    const undone = await client.post(`/customers/merges/${merge.id}/undo`);
    expect(undone.status).toBe(303);
    const landed = await follow(client, undone);
    expect(texts(landed.html, '#flash .toast-text')).toEqual([
      'Merge undone: Ada Lovelace and Ada Lovelace are two records again.',
    ]);

    const after = await all();
    // Every column as it was, but what the undo itself is: a change by me now (B, the kept one, got
    // a version for the merge and one for its undo) and A's return from the trash.
    const bookkeeping = ['version', 'updated_at', 'updated_by', 'touched_at'] as const;
    const strip = (row: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(row).filter(([k]) => !(bookkeeping as readonly string[]).includes(k)),
      );
    expect(after.map(strip)).toEqual(before.rows.map(strip));
    expect(after.find((r) => r.id === b.id)!.version).toBe(
      before.rows.find((r) => r.id === b.id)!.version + 2,
    );
    expect(after.find((r) => r.id === a.id)!.version).toBe(
      before.rows.find((r) => r.id === a.id)!.version,
    );
    expect(after.every((r) => r.updated_by === me.userId)).toBe(true);
    expect([
      await rowsOf(db, 'customer_notes', a.id),
      await rowsOf(db, 'customer_notes', b.id),
    ]).toEqual(before.notes);
    // Each record's own events, unchanged, then the merge and its undo.
    const eventsA = await rowsOf(db, 'customer_events', a.id);
    const eventsB = await rowsOf(db, 'customer_events', b.id);
    expect(eventsA.slice(0, before.events[0]!.length)).toEqual(before.events[0]);
    expect(eventsB.slice(0, before.events[1]!.length)).toEqual(before.events[1]);
    expect(eventsA.slice(before.events[0]!.length).map((e) => e.kind)).toEqual([
      'merged',
      'restored',
    ]);
    expect(eventsB.slice(before.events[1]!.length).map((e) => e.kind)).toEqual([
      'merged',
      'changed',
    ]);
    // The merge entry says it was undone and offers no second Undo; a second Undo is refused.
    const page = await (await client.get(`/customers/${b.id}`)).text();
    expect(one(page, '.timeline-merged').textContent).toContain('undone since');
    expect(page).not.toContain('Undo merge');
    const again = await client.post(`/customers/merges/${merge.id}/undo`);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('That merge was already undone.');
  });

  it('undo is refused, changing nothing, once the kept record was edited since', async () => {
    const { client, db, a, form, stored, me, clock } = await twoAdas();
    await client.post(`/customers/${a.id}/merge`, form);
    const merge = await db.selectFrom('customer_merges').selectAll().executeTakeFirstOrThrow();
    const kept = (await stored(a.id))!;
    const actor = { workspaceId: me.workspaceId, userId: me.userId, now: clock.now };
    await queries.updateCustomer(db, actor, a.id, kept.version, {
      ...valuesOf(kept),
      city: 'Oxford',
    });
    const before = await snapshot(db);
    for (const htmx of [false, true]) {
      const refused = await client.request(
        'POST',
        `/customers/merges/${merge.id}/undo`,
        {},
        { htmx },
      );
      expect(refused.status).toBe(409);
      expect(await refused.text()).toContain(
        'Ada Lovelace was changed since the merge (by Grace Hopper). Undoing it now would lose that change, so nothing was undone.',
      );
    }
    expect(await snapshot(db)).toBe(before);
  });

  it('with htmx a merge and its undo answer HX-Redirect to the kept record', async () => {
    const { client, a, b, form, db } = await twoAdas();
    const merged = await client.request('POST', `/customers/${a.id}/merge`, form, { htmx: true });
    expect(merged.status).toBe(204);
    expect(merged.headers.get('HX-Redirect')).toBe(`/customers/${a.id}`);
    const merge = await db.selectFrom('customer_merges').selectAll().executeTakeFirstOrThrow();
    const undone = await client.request(
      'POST',
      `/customers/merges/${merge.id}/undo`,
      {},
      {
        htmx: true,
      },
    );
    expect(undone.status).toBe(204);
    expect(
      (
        await db
          .selectFrom('customers')
          .select('deleted_at')
          .where('id', '=', b.id)
          .executeTakeFirstOrThrow()
      ).deleted_at,
    ).toBeNull();
  });

  it("another workspace's merge cannot be undone (404, nothing changes)", async () => {
    const { client, a, form, db, app } = await twoAdas();
    await client.post(`/customers/${a.id}/merge`, form);
    const merge = await db.selectFrom('customer_merges').selectAll().executeTakeFirstOrThrow();
    const stranger = await memberOf(app, db, 'Stranger');
    const before = await snapshot(db);
    const response = await stranger.client.post(`/customers/merges/${merge.id}/undo`);
    expect(response.status).toBe(404);
    expect(await snapshot(db)).toBe(before);
  });
});

describe('a merged record’s history', () => {
  it('moved events are read only: putting back reads the kept record’s own changes only', async () => {
    const { client, db, a, b, form, stored } = await twoAdas();
    await client.post(`/customers/${a.id}/merge`, form);
    const events = await rowsOf(db, 'customer_events', a.id);
    const first = events[0]!;
    // As it was right after its creation: B's changes (moved in) are not A's to take back.
    const kept = (await stored(a.id))!;
    const values = await valuesAfter(db, a.id, first.id, valuesOf(kept));
    expect(values).toMatchObject({ city: 'London', zipcode: '', state: '' });
    // B's own change of the zip code, moved in: the one field "Put back" would take back.
    const moved = events.find(
      (e) => e.merged_from === b.id && e.changes !== null && 'zipcode' in JSON.parse(e.changes),
    );
    expect(moved).toBeDefined();
    const putBack = await client.post(`/customers/${a.id}/history/${moved!.id}/restore`, {
      field: 'zipcode',
      version: String(kept.version),
    });
    expect(putBack.status).toBe(404);
  });

  it('the record merged away, restored from the trash, is no longer offered back; deleted forever, it is named no more', async () => {
    const { client, a, b, form } = await twoAdas();
    expect((await client.post(`/customers/${a.id}/merge`, form)).status).toBe(303);
    const timeline = async () => (await client.get(`/customers/${a.id}`)).text();
    expect(texts(await timeline(), '.merge-line p')).toEqual([
      'Merged in: Ada Lovelace (in the trash)',
    ]);
    expect((await client.post(`/customers/${b.id}/restore`)).status).toBe(303);
    const restored = await timeline();
    expect(texts(restored, '.merge-line p')).toEqual(['Merged in: Ada Lovelace']);
    expect(texts(restored, '.merge-line button')).toEqual([]);
    expect(texts(restored, '.timeline-origin')[0]).toBe('On Ada Lovelace, before a merge');

    expect((await client.post(`/customers/${b.id}/delete`)).status).toBe(303);
    expect((await client.post(`/customers/${b.id}/delete-forever`)).status).toBe(303);
    const erased = await timeline();
    const origins = texts(erased, '.timeline-origin');
    expect(origins.length).toBeGreaterThan(0);
    for (const origin of origins)
      expect(origin).toBe('On a record since deleted forever, before a merge');
    expect(texts(erased, '.timeline-origin a')).toEqual([]);
  });

  it('the record merged away says where it went, on its page and in the trash, until restored alone', async () => {
    const { client, db, a, b, form, clock } = await twoAdas();
    expect((await client.post(`/customers/${a.id}/merge`, form)).status).toBe(303);
    const merge = await db.selectFrom('customer_merges').selectAll().executeTakeFirstOrThrow();
    const page = await client.get(`/customers/${b.id}`);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(texts(html, 'h1')).toEqual(['Ada Lovelace was merged into Ada Lovelace']);
    expect(one(html, '.confirm-panel p a').getAttribute('href')).toBe(`/customers/${a.id}`);
    // Undo the merge first (both back as they were), or restore this one alone.
    const forms = one(html, '.confirm-panel').querySelectorAll('form');
    expect(forms.map((f) => f.getAttribute('action'))).toEqual([
      `/customers/merges/${merge.id}/undo`,
      `/customers/${b.id}/restore`,
    ]);
    expect(texts(html, '.confirm-panel button')).toEqual([
      'Undo the merge',
      'Restore this record alone',
    ]);
    const trash = await (await client.get('/customers/trash')).text();
    expect(texts(trash, `#trash-${b.id} .trash-merged`)).toEqual([', merged into Ada Lovelace']);
    expect(one(trash, `#trash-${b.id} .trash-merged a`).getAttribute('href')).toBe(
      `/customers/${a.id}`,
    );

    // Restored alone and deleted again, it is a plain deleted record: that deletion is not the merge's.
    clock.now += 60_000;
    expect((await client.post(`/customers/${b.id}/restore`)).status).toBe(303);
    expect((await client.post(`/customers/${b.id}/delete`)).status).toBe(303);
    const again = await (await client.get(`/customers/${b.id}`)).text();
    expect(texts(again, 'h1')).toEqual(['Ada Lovelace was deleted']);
    const trashAgain = await (await client.get('/customers/trash')).text();
    expect(texts(trashAgain, `#trash-${b.id} .trash-merged`)).toEqual([]);
  });

  itOnSqlite(
    'merge and undo reach every row they read or move through an index (no scan)',
    async () => {
      const { db, a, b, me, clock } = await twoAdas();
      // Every statement the merge and its undo run, compiled as sent, parameters and all.
      const captured: CompiledQuery[] = [];
      const executor = db.getExecutor();
      const watched = db.withPlugin({
        transformQuery(args) {
          captured.push(executor.compileQuery(args.node, args.queryId));
          return args.node;
        },
        transformResult: (args) => Promise.resolve(args.result),
      });
      const actor = { workspaceId: me.workspaceId, userId: me.userId, now: clock.now };
      const attempt = await mergeRecords(watched, actor, { a: a.id, b: b.id }, (x, y) =>
        x && y ? { outcome: 'merge', keep: 'a', values: valuesOf(x) } : { outcome: 'missing' },
      );
      expect((await undoMerge(watched, actor, attempt.merge!.id)).outcome).toBe('undone');
      const plans = await Promise.all(
        captured
          .filter((q) => !/^(begin|commit|rollback)/i.test(q.sql))
          .map(async (q) => {
            const { rows } = await db.executeQuery<{ detail: string }>(
              CompiledQuery.raw(`EXPLAIN QUERY PLAN ${q.sql}`, [...q.parameters]),
            );
            return `${q.sql}\n${rows.map((row) => row.detail).join('\n')}`;
          }),
      );
      expect(plans.length).toBeGreaterThan(10);
      for (const plan of plans) expect(plan).not.toMatch(/\bSCAN (?!CONSTANT)/);
    },
  );
});
