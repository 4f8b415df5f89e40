// Time zones: dates read in the person's zone (UTC until one is known), chosen in Account settings or
// guessed by the browser at sign-in.
import { describe, expect, it } from 'vitest';
import { html as parse, one, textOf, texts } from '../testing/html.js';
import { setup } from '../customers/testing.js';

describe("dates in the reader's time zone", () => {
  it('shows the Added day and the last change in the signed-in person’s zone, UTC when none', async () => {
    const { client, db, me, seed, clock } = await setup();
    // 23:30 UTC on Nov 24 is already Nov 25 in Berlin.
    clock.now = Date.parse('2026-11-24T23:30:00.000Z') + 3_600_000 - 1000;
    const ada = await seed();
    expect(ada.created_at).toBe('2026-11-24T23:30:00.000Z');
    const day = async () =>
      texts(
        parse(await (await client.get('/customers')).text()),
        `time[datetime="${ada.created_at}"]`,
      );
    const record = async () =>
      textOf(parse(await (await client.get(`/customers/${ada.id}`)).text()));

    expect(await day()).toEqual(['Nov 24, 2026']);
    expect(await record()).toContain('Last changed 59 minutes ago (Nov 24, 2026, 11:30 PM UTC)');

    await db
      .updateTable('users')
      .set({ time_zone: 'Europe/Berlin' })
      .where('id', '=', me.userId)
      .execute();
    expect(await day()).toEqual(['Nov 25, 2026']);
    expect(await record()).toContain('Nov 25, 2026, 12:30 AM GMT+1');
    expect(await record()).not.toContain('UTC');

    // A stored name this server's Intl does not list reads as UTC rather than failing the page.
    await db
      .updateTable('users')
      .set({ time_zone: 'Mars/Olympus' })
      .where('id', '=', me.userId)
      .execute();
    expect(await day()).toEqual(['Nov 24, 2026']);
  });

  it("dates the team's activity relative to the app's clock, exact in the reader's zone", async () => {
    const { client, db, me, clock } = await setup();
    await db
      .updateTable('users')
      .set({ time_zone: 'Asia/Calcutta' })
      .where('id', '=', me.userId)
      .execute();
    clock.now += 2 * 3_600_000;
    const page = parse(await (await client.get('/settings/team/activity')).text());
    const when = one(page, 'tbody tr:last-child td:first-child time.when');
    expect(textOf(when)).toBe('2 hours ago (Nov 24, 2026, 5:30 PM GMT+5:30)');
  });
});
