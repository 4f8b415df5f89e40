// The CSV export: formula neutralisation, RFC 4180 quoting, the whole list in the table's order (search
// and sort included) across chunks, the file name, and the link on the table.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { one } from '../../testing/html.js';
import { memberOf, setup } from '../testing.js';
import { exportFileName, neutralised, unneutralised } from './csv.js';
import { exportedCustomers } from './queries.js';
import { parseListQuery } from '../listing.js';

describe('formula neutralisation', () => {
  it.each([
    '=HYPERLINK("http://x","y")',
    '+44 20 7946 0000',
    '-1',
    '@SUM(A1)',
    '\tx',
    '\rx',
    "'quoted",
    "'=not a formula",
    "''",
  ])('prefixes %j with an apostrophe, and the importer takes it off again', (cell) => {
    expect(neutralised(cell)).toBe(`'${cell}`);
    expect(unneutralised(neutralised(cell))).toBe(cell);
  });

  it.each(['Ada', '', "O'Brien", '1+1', 'a=b', ' =x'])('leaves %j alone', (cell) => {
    expect(neutralised(cell)).toBe(cell);
    expect(unneutralised(cell)).toBe(cell);
  });

  it("the importer takes off one apostrophe only where Folio's export put it", () => {
    expect(unneutralised("'quoted")).toBe("'quoted");
    expect(unneutralised("''quoted")).toBe("'quoted");
    expect(unneutralised("'''")).toBe("''");
  });

  it('names the file after the workspace and the date', () => {
    expect(exportFileName('Åcme & Söns, Ltd.', '2026-11-25')).toBe(
      'folio-acme-sons-ltd-customers-2026-11-25.csv',
    );
    expect(exportFileName('東京', '2026-11-25')).toBe('folio-customers-2026-11-25.csv');
  });
});

describe('GET /customers/export.csv', async () => {
  const { client, seed, db, me, app } = await setup();
  await seed({ first_name: 'Zoë', last_name: 'Ábel', email: 'zoe@example.com', city: 'Paris' });
  await seed({
    first_name: 'Evil',
    last_name: '=HYPERLINK("http://evil.example","click")',
    phone: '+44 20 7946 0000',
    address: 'Line "one", two',
    city: 'Berlin',
  });
  await seed({ first_name: 'Bob', last_name: 'Berg', city: 'Bonn' });
  await seed({ first_name: 'Cy', last_name: 'Berg', city: '' });

  const download = async (url: string) => {
    const response = await client.get(url);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const records: string[][] = parse(bytes, { bom: true });
    return { response, bytes, records };
  };

  it('streams every row with a BOM, quoted by RFC 4180 and neutralised, as an attachment', async () => {
    const { response, bytes, records } = await download('/customers/export.csv');
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="folio-[a-z0-9-]*customers-2026-11-24\.csv"$/,
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('"Line ""one"", two"');
    expect(bytes.toString('utf8')).toContain('\r\n');
    expect(records[0]).toEqual([
      'First name',
      'Last name',
      'Email',
      'Phone',
      'Address',
      'City',
      'State',
      'ZIP code',
      'Added',
      'Last changed',
    ]);
    // Newest first, as the table's default sort.
    expect(records.slice(1).map((row) => row[0])).toEqual(['Cy', 'Bob', 'Evil', 'Zoë']);
    const evil = records.find((row) => row[0] === 'Evil')!;
    expect(evil[1]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(evil[3]).toBe("'+44 20 7946 0000");
    expect(evil[8]).toMatch(/^2026-11-24T\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('exports the search and sort of the list, not one page', async () => {
    const { records } = await download('/customers/export.csv?q=berg&sort=name&dir=desc');
    expect(records.slice(1).map((row) => row[0])).toEqual(['Cy', 'Bob']);
    const { records: byCity } = await download('/customers/export.csv?sort=city');
    // Empty cities come last in both directions, as in the table.
    expect(byCity.slice(1).map((row) => row[5])).toEqual(['Berlin', 'Bonn', 'Paris', '']);
  });

  it('exports the filter of the list too (with the search), and links to it', async () => {
    const { records } = await download('/customers/export.csv?city=bonn');
    expect(records.slice(1).map((row) => row[0])).toEqual(['Bob']);
    const { records: none } = await download('/customers/export.csv?q=berg&city=paris');
    expect(none.slice(1)).toEqual([]);
    const html = await (await client.get('/customers?city=Bonn&sort=name')).text();
    expect(one(html, 'a[data-action="export"]').getAttribute('href')).toBe(
      '/customers/export.csv?city=Bonn&sort=name',
    );
    expect((await client.get('/customers/export.csv?added_after=2026-99-01')).status).toBe(400);
  });

  it('reads the list in chunks, in the same order as one read', async () => {
    for (let i = 0; i < 7; i += 1) await seed({ first_name: `Many${i}`, last_name: 'Berg' });
    const query = parseListQuery({ q: 'berg', sort: 'name' });
    const chunks = [];
    for await (const chunk of exportedCustomers(db, me.workspaceId, query, 3)) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.length)).toEqual([3, 3, 3]);
    const { records } = await download('/customers/export.csv?q=berg&sort=name');
    expect(chunks.flat().map((row) => row.first_name)).toEqual(
      records.slice(1).map((row) => row[0]),
    );
  });

  it('is linked from the table with the search and sort shown', async () => {
    const html = await (await client.get('/customers?q=berg&sort=name')).text();
    expect(one(html, 'a[data-action="export"]').getAttribute('href')).toBe(
      '/customers/export.csv?q=berg&sort=name',
    );
  });

  it("shows only the workspace's own customers", async () => {
    const other = await memberOf(app, db, 'Other Person');
    await seed({ first_name: 'Secret' }, other);
    expect((await other.client.get('/customers/export.csv')).status).toBe(200);
    const { records } = await download('/customers/export.csv');
    expect(records.flat()).not.toContain('Secret');
  });
});
