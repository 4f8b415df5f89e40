// Files in and out: Folio's export imported into an empty workspace gives the same book, the failed
// rows' CSV (neutralised, header row included) imports as the file did, and the table's Import and
// Export links with their keys.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { html as parseHtml, one, textOf } from '../../testing/html.js';
import { CUSTOMER_FIELDS } from '../schema.js';
import { memberOf } from '../testing.js';
import { book, mappingForm, runJobs, uploaded } from './testing.js';

describe('CSV files in and out', () => {
  it('round trip: an export imported into an empty workspace gives the same book', async () => {
    const t = await book();
    // Typed into the form (so stored as the form stores them): every field, accents, commas, quotes,
    // a line break and a tab (the form makes them spaces), formula-looking values, leading apostrophes.
    const typed = [
      {
        first_name: 'Zoë',
        last_name: 'Ábel-Øster',
        email: 'zoe@example.com',
        phone: '+44 20 7946 0000',
        address: '1 "Quoted", Road\r\nSecond floor',
        city: 'Paris, 1er',
        state: '-',
        zipcode: '75001',
      },
      {
        first_name: "'Quoted",
        last_name: '=SUM(A1)',
        email: '',
        phone: '-1 555 0100',
        address: "''Twice\tover",
        city: '@home',
        state: "'=not a formula",
        zipcode: "'",
      },
      {
        first_name: 'O’Brien 😀',
        last_name: 'שלום',
        email: 'ünï@exämple.de',
        phone: '',
        address: '=HYPERLINK("http://evil.example","click")',
        city: 'Zürich',
        state: '+',
        zipcode: '0042',
      },
    ];
    for (const values of typed)
      expect((await t.client.post('/customers', values)).status).toBe(303);
    const csv = Buffer.from(await (await t.client.get('/customers/export.csv')).arrayBuffer());
    const other = await memberOf(t.app, t.db, 'Empty Workspace');
    const id = await uploaded(other.client, csv);
    const { form } = await mappingForm(other.client, id);
    await other.client.post(`/customers/import/${id}`, { ...form, policy: 'skip' });
    await runJobs(t.db);
    const values = (workspaceId: number) =>
      t.db
        .selectFrom('customers')
        .select(CUSTOMER_FIELDS)
        .where('workspace_id', '=', workspaceId)
        .orderBy('first_name')
        .execute();
    const exported = await values(t.me.workspaceId);
    expect(exported).toHaveLength(3);
    expect(exported).toContainEqual({
      ...typed[0],
      address: '1 "Quoted", Road Second floor',
    });
    expect(exported).toContainEqual({ ...typed[1], address: "''Twice over" });
    expect(await values(other.workspaceId)).toEqual(exported);
  });

  it('offers the failed rows as a neutralised CSV, header row included, that imports as the file did', async () => {
    const t = await book();
    const file =
      'First Name,Last Name,Email,"=HYPERLINK(""http://evil.example"")"\r\n' +
      "'+Plus,Row,not-an-email,@cmd\r\n";
    const id = await uploaded(t.client, file);
    const { form } = await mappingForm(t.client, id);
    await t.start(id, { ...form, policy: 'skip' });
    await runJobs(t.db);
    const csv = await t.client.get(`/customers/import/${id}/failed.csv`);
    const bytes = Buffer.from(await csv.arrayBuffer());
    const records: string[][] = parse(bytes, { bom: true });
    expect(records).toEqual([
      ['First Name', 'Last Name', 'Email', `'=HYPERLINK("http://evil.example")`, 'error'],
      [
        "'+Plus",
        'Row',
        'not-an-email',
        "'@cmd",
        'Email: Enter an email address like name@example.com.',
      ],
    ]);
    // Uploaded again, it reads as the first file did: the same header row and cells.
    const again = await uploaded(t.client, bytes);
    const [first, second] = [await t.importRow(id), await t.importRow(again)];
    expect(JSON.parse(second.headers)).toEqual([...JSON.parse(first.headers), 'error']);
    await t.start(again, { ...(await mappingForm(t.client, again)).form, policy: 'skip' });
    await runJobs(t.db);
    const twice = await t.client.get(`/customers/import/${again}/failed.csv`);
    const retried: string[][] = parse(Buffer.from(await twice.arrayBuffer()), { bom: true });
    expect(retried.map((record) => record.slice(0, 4))).toEqual(
      records.map((record) => record.slice(0, 4)),
    );
  });

  it('is linked from the table with its key, and the keyboard map lists I (import) and D (export)', async () => {
    const t = await book();
    const page = parseHtml(await (await t.client.get('/customers')).text());
    const link = one(page, '.customers-header a[data-action="import"]');
    expect(link.getAttribute('href')).toBe('/customers/import');
    expect(textOf(link)).toBe('Import I');
    const map = page.querySelectorAll('#keyboard-map .shortcut').map(textOf);
    expect(map).toContain('IImport customers from a CSV file');
    expect(map).toContain(
      'DDownload the list shown as a CSV file (with a selection: the selected customers)',
    );
  });
});
