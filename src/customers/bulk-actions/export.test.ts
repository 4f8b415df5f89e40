// Exporting the selected customers as CSV from the bulk bar: exactly the ticked ones, the page, or every
// match of the search and filter as it was when the selection was made, in the table's order, through
// the export's own file (BOM, RFC 4180, formulas neutralised).
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { one } from '../../testing/html.js';
import { snapshot } from '../../testing/snapshot.js';
import * as customers from '../queries.js';
import { EMPTY_VALUES } from '../schema.js';
import { memberOf } from '../testing.js';
import { bulkSetup } from './testing.js';

describe('export the selected as CSV', () => {
  it('downloads exactly the ticked customers, in the table’s sort, as the export writes them', async () => {
    const { seed, post } = await bulkSetup();
    const zed = await seed({ first_name: 'Zed', last_name: 'Abel', phone: '+44 20 7946 0000' });
    await seed({ first_name: 'Left', last_name: 'Out' });
    const amy = await seed({ first_name: 'Amy', last_name: 'Zorn', city: 'Köln' });
    const response = await post('/customers/bulk/export.csv', { sort: 'name', dir: 'desc' }, [
      zed.id,
      amy.id,
    ]);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="folio-[a-z0-9-]*customers-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: string[][] = parse(bytes, { bom: true });
    expect(records[0]![0]).toBe('First name');
    // Name Z-A sorts by last name: Zorn, then Abel.
    expect(records.slice(1).map((row) => [row[0], row[3], row[5]])).toEqual([
      ['Amy', '', 'Köln'],
      ['Zed', "'+44 20 7946 0000", ''],
    ]);
  });

  it('downloads the page, or every match of the search and filter made before the moment', async () => {
    const { db, me, seed, post, at } = await bulkSetup();
    const ny = await seed({ first_name: 'Nia', last_name: 'Smith', state: 'NY' });
    await seed({ first_name: 'Cal', last_name: 'Smith', state: 'CA' });
    const other = await seed({ first_name: 'Ola', last_name: 'Jones', state: 'NY' });
    await customers.createCustomer(
      db,
      { workspaceId: me.workspaceId, userId: me.userId, now: at + 60_000 },
      { ...EMPTY_VALUES, first_name: 'Late', last_name: 'Smith', state: 'NY' },
    );
    const names = async (response: Response) => {
      expect(response.status).toBe(200);
      const records: string[][] = parse(Buffer.from(await response.arrayBuffer()), { bom: true });
      return records.slice(1).map((row) => row[0]);
    };
    const page = await post('/customers/bulk/export.csv', {
      scope: 'page',
      page: `${ny.id},${other.id}`,
    });
    expect(await names(page)).toEqual(['Ola', 'Nia']);
    const matching = await post('/customers/bulk/export.csv', {
      scope: 'matching',
      q: 'smith',
      state: 'ny',
    });
    expect(await names(matching)).toEqual(['Nia']);
    const everyone = await post('/customers/bulk/export.csv', { scope: 'matching', sort: 'name' });
    expect(await names(everyone)).toEqual(['Ola', 'Cal', 'Nia']);
  });

  it('refuses another workspace’s id (404), an empty selection and a broken filter, and changes nothing', async () => {
    const { app, db, seed, post } = await bulkSetup();
    const mine = await seed();
    const stranger = await memberOf(app, db, 'Sam Stranger');
    const theirs = await seed({ first_name: 'Private' }, stranger);
    const before = await snapshot(db);
    const foreign = await post('/customers/bulk/export.csv', {}, [mine.id, theirs.id]);
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain('Private');
    expect((await post('/customers/bulk/export.csv', {})).status).toBe(422);
    const broken = await post('/customers/bulk/export.csv', {
      scope: 'matching',
      added_before: '9999-12-31',
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('between the years 1900 and 9998');
    expect(await snapshot(db)).toBe(before);
  });

  it('is a plain submit in the bar, which carries the table’s sort', async () => {
    const { client, seed } = await bulkSetup();
    await seed();
    const html = await (await client.get('/customers?sort=city&dir=desc')).text();
    const button = one(html, '#bulk button[data-bulk-action="export"]');
    expect(button.getAttribute('formaction')).toBe('/customers/bulk/export.csv');
    expect(button.getAttribute('hx-post')).toBeUndefined();
    expect(one(html, '#bulk-list input[name="sort"]').getAttribute('value')).toBe('city');
    expect(one(html, '#bulk-list input[name="dir"]').getAttribute('value')).toBe('desc');
    expect(one(html, '#bulk-list input[name="back"]').getAttribute('value')).toBe(
      '/customers?sort=city&dir=desc',
    );
  });
});
