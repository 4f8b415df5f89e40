// Importing a CSV file over HTTP: upload, guessed mapping and preview, the duplicate policies, the
// form's rules per row, failed rows as CSV, notes from unmapped columns, progress, resume after a
// crash, revert, and a round trip through the export. Small files, batches of 7 rows.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { JOBS } from '../../jobs/registry.js';
import { runNextJob } from '../../jobs/runner.js';
import { one, textOf } from '../../testing/html.js';
import { createNote } from '../notes/queries.js';
import { follow, memberOf } from '../testing.js';
import { book, mappingForm, runJobs, upload, uploaded } from './testing.js';

const GOOGLE =
  'Name,Given Name,Additional Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Address 1 - Street,Address 1 - City,Address 1 - Region,Address 1 - Postal Code,Notes\r\n';

describe('CSV import', () => {
  it('guesses a Google Contacts header row, previews, imports in batches with history events', async () => {
    const t = await book();
    const file =
      '\uFEFF' +
      GOOGLE +
      'Ada Lovelace,Ada,,Lovelace,* Home,ada@example.com,Mobile,+44 20 7946 0000,12 St James Sq,London,,SW1Y 4JH,first programmer\r\n' +
      '"Hopper, Grace",Grace,,Hopper,,grace@example.com,,,"1 Navy Yard\nBuilding 2",Arlington,VA,22202,\r\n' +
      'Bad Row,Bad,,Row,,not-an-email,,,,,,,\r\n';
    const id = await uploaded(t.client, file);
    const { html, form } = await mappingForm(t.client, id);
    expect(textOf(one(html, 'h1'))).toBe('Import “book.csv”');
    expect(html).toContain('3 rows, read as UTF-8, separated by commas.');
    expect(form).toMatchObject({
      col0: '', // a whole name, but first and last name columns are there
      col1: 'first_name',
      col3: 'last_name',
      col5: 'email',
      col7: 'phone',
      col8: 'address',
      col9: 'city',
      col10: 'state',
      col11: 'zipcode',
      col12: '',
    });
    // The preview: the first rows as stored (a line break in a cell becomes a space), or the problem.
    const preview = one(html, '#import-preview');
    expect(textOf(preview)).toContain('1 Navy Yard Building 2');
    expect(textOf(preview)).toContain(
      'Will not be imported: Enter an email address like name@example.com.',
    );
    expect(await t.customers()).toHaveLength(0);

    const started = await t.start(id, { ...form, col12: '', note: 'on', policy: 'skip' });
    expect(started.status).toBe(303);
    const running = await follow(t.client, started);
    expect(running.html).toContain('Importing');
    expect(running.html).toContain('hx-trigger="every 1s"');
    expect(one(running.html, '.no-js-only a').getAttribute('href')).toBe(`/customers/import/${id}`);

    await runJobs(t.db, 1);
    const stored = await t.customers();
    expect(stored.map((c) => [c.first_name, c.last_name, c.email, c.phone, c.address])).toEqual([
      ['Ada', 'Lovelace', 'ada@example.com', '+44 20 7946 0000', '12 St James Sq'],
      ['Grace', 'Hopper', 'grace@example.com', '', '1 Navy Yard Building 2'],
    ]);
    const events = await t.db
      .selectFrom('customer_events')
      .select(['customer_id', 'kind', 'details'])
      .orderBy('id')
      .execute();
    expect(events.filter((e) => e.kind === 'imported')).toHaveLength(2);
    expect(JSON.parse(events[0]!.details!)).toMatchObject({ importId: id });
    // Unmapped columns kept as a note ("Header: value" per non-empty cell).
    const notes = await t.db.selectFrom('customer_notes').select(['customer_id', 'body']).execute();
    expect(notes).toEqual([
      {
        customer_id: stored[0]!.id,
        body: 'Name: Ada Lovelace\nE-mail 1 - Type: * Home\nPhone 1 - Type: Mobile\nNotes: first programmer',
      },
      { customer_id: stored[1]!.id, body: 'Name: Hopper, Grace' },
    ]);

    const done = await (await t.client.get(`/customers/import/${id}`)).text();
    expect(done).not.toContain('hx-trigger="every 1s"');
    expect(textOf(one(done, '.import-counts'))).toContain('Added2');
    const failed = one(done, 'table[aria-labelledby="import-failed-title"] tbody');
    expect(textOf(failed)).toBe('4EmailEnter an email address like name@example.com.');
    const csv = await t.client.get(`/customers/import/${id}/failed.csv`);
    const records: string[][] = parse(Buffer.from(await csv.arrayBuffer()), { bom: true });
    expect(records[0]!.at(-1)).toBe('error');
    expect(records[1]).toEqual([
      'Bad Row',
      'Bad',
      '',
      'Row',
      '',
      'not-an-email',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      'Email: Enter an email address like name@example.com.',
    ]);
    // Listed with the workspace's past imports.
    const list = await (await t.client.get('/customers/import')).text();
    expect(textOf(one(list, '.import-table tbody'))).toContain('book.csv');
    expect(textOf(one(list, '.import-table tbody'))).toContain(
      '2 added, 0 updated, 0 skipped, 1 failed',
    );
  });

  it.each([
    ['skip', ['Ada', 'Old'], 0],
    ['update', ['Ada', 'Newname'], 0],
    ['create', ['Ada', 'Old'], 1],
  ] as const)(
    'duplicate policy %s: an existing customer with the same email (any case)',
    async (policy, first, extra) => {
      const t = await book();
      const existing = await t.seed({
        first_name: 'Ada',
        last_name: 'Old',
        email: 'ada@example.com',
        city: 'Kept City',
      });
      const id = await uploaded(
        t.client,
        'First Name,Last Name,E-mail Address,City\n' +
          'Ada,Newname,ADA@Example.com,\n' +
          'Ada,Again,ada@example.COM,Elsewhere\n' +
          'Bo,New,bo@example.com,Oslo\n',
      );
      const { form } = await mappingForm(t.client, id);
      await t.start(id, { ...form, policy });
      await runJobs(t.db);
      const stored = await t.customers();
      const ada = stored.find((c) => c.id === existing.id)!;
      expect([ada.first_name, ada.last_name]).toEqual(first);
      // Only mapped, filled cells update: the empty City cell left the stored city alone.
      expect(ada.city).toBe('Kept City');
      expect(ada.version).toBe(policy === 'update' ? 2 : 1);
      expect(stored).toHaveLength(2 + extra);
      const imp = await t.importRow(id);
      expect(imp).toMatchObject({
        created_count: 1 + extra,
        updated_count: policy === 'update' ? 1 : 0,
        // The second Ada row (a duplicate within the file), and with skip the first one too.
        skipped_count: policy === 'skip' ? 2 : 1,
      });
      // The second Ada row is a duplicate within the file, whatever the policy.
      const page = await (await t.client.get(`/customers/import/${id}`)).text();
      expect(textOf(one(page, 'table[aria-labelledby="import-skipped-title"]'))).toContain(
        'Row 2 of this file has the same email',
      );
    },
  );

  it('keeps unmapped columns as a note on updated and new customers, found by search with the notes they had', async () => {
    const t = await book();
    const ada = await t.seed({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
    });
    const actor = { workspaceId: t.me.workspaceId, userId: t.me.userId, now: t.clock.now };
    await createNote(t.db, actor, ada.id, 'Met at the Babbage lecture');
    const id = await uploaded(
      t.client,
      'First Name,Last Name,Email,Company\n' +
        'Ada,Lovelace,ada@example.com,Analytical Engines\n' +
        'Grace,Hopper,grace@example.com,Navy\n' +
        'Bo,Plain,bo@example.com,\n',
    );
    const { form } = await mappingForm(t.client, id);
    await t.start(id, { ...form, note: 'on', policy: 'update' });
    await runJobs(t.db);
    expect(await t.importRow(id)).toMatchObject({ created_count: 2, updated_count: 1 });
    const stored = await t.customers();
    const idOf = (first: string) => stored.find((c) => c.first_name === first)!.id;
    const notes = await t.db
      .selectFrom('customer_notes')
      .select(['id', 'customer_id', 'body'])
      .orderBy('id')
      .execute();
    expect(notes.map(({ customer_id, body }) => [customer_id, body])).toEqual([
      [ada.id, 'Met at the Babbage lecture'],
      [ada.id, 'Company: Analytical Engines'],
      [idOf('Grace'), 'Company: Navy'],
    ]);
    // Each new note is in its customer's history, after the import's own event.
    const events = await t.db
      .selectFrom('customer_events')
      .select(['customer_id', 'kind', 'note_id'])
      .where('kind', 'in', ['imported', 'note'])
      .orderBy('id')
      .execute();
    expect(events.slice(1).filter((e) => e.kind === 'note')).toEqual([
      { customer_id: ada.id, kind: 'note', note_id: notes[1]!.id },
      { customer_id: idOf('Grace'), kind: 'note', note_id: notes[2]!.id },
    ]);
    const found = async (q: string) =>
      textOf(one(await (await t.client.get(`/customers?q=${q}`)).text(), '#customer-rows'));
    expect(await found('babbage')).toContain('Lovelace');
    expect(await found('analytical')).toContain('Lovelace');
    expect(await found('navy')).toContain('Hopper');
    expect(await found('navy')).not.toContain('Plain');
  });

  it('reads Windows-1252 with semicolons, says so, and keeps accents', async () => {
    const t = await book();
    const bytes = Buffer.from(
      'First Name;Last Name;Email\r\nJosé;Müller;jose@example.com\r\n',
      'latin1',
    );
    const id = await uploaded(t.client, bytes);
    const { html, form } = await mappingForm(t.client, id);
    expect(html).toContain('read as Windows-1252');
    expect(html).toContain('separated by semicolons');
    await t.start(id, { ...form, policy: 'skip' });
    await runJobs(t.db);
    expect((await t.customers()).map((c) => `${c.first_name} ${c.last_name}`)).toEqual([
      'José Müller',
    ]);
  });

  it.each([
    ['an empty file', '', 'This file is empty.'],
    ['only a header row', 'First Name,Last Name\r\n', 'a header row but no customers'],
    [
      'a binary file',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49]),
      'This is not a CSV file',
    ],
    ['UTF-16', Buffer.from('\uFEFFName\r\nAda\r\n', 'utf16le'), 'UTF-16'],
    [
      'an unbalanced quote',
      'First Name,Last Name\r\n"Ada,Lovelace\r\nBo,Berg\r\n',
      'A quoted cell is never closed',
    ],
    [
      '1,000 columns',
      `${Array.from({ length: 1000 }, (_, i) => `c${i}`).join(',')}\nx\n`,
      'This file has 1,000 columns',
    ],
  ])('refuses %s with a clear message and changes nothing', async (_label, content, message) => {
    const t = await book();
    const response = await upload(t.client, content);
    expect(response.status).toBe(422);
    expect(textOf(one(await response.text(), '.alert-error'))).toContain(message);
    expect(await t.db.selectFrom('imports').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('import_rows').select('row_number').execute()).toEqual([]);
  });

  it('refuses a 25 MB file with 413, and an upload without the token in the address with 403', async () => {
    const t = await book();
    const big = await upload(t.client, new Uint8Array(25 * 1024 * 1024).fill(0x61));
    expect(big.status).toBe(413);
    const forged = await upload(t.client, 'First Name,Last Name\nA,B\n', 'x.csv', 'A'.repeat(43));
    expect(forged.status).toBe(403);
    expect(await t.db.selectFrom('imports').select('id').execute()).toEqual([]);
  });

  it('imports the valid rows of a file with ragged rows, a 100 KB cell, NUL and formula cells', async () => {
    const t = await book();
    const file =
      'First Name,Last Name,Email\n' +
      'Ok,One,\n' +
      'Too,Many,,cells,here\n' +
      `Long,${'x'.repeat(100_000)},\n` +
      'Nul,Ch\u0000ar,\n' +
      '"=HYPERLINK(""http://evil.example"")",Formula,\n' +
      'Short\n';
    const id = await uploaded(t.client, file);
    const { html, form } = await mappingForm(t.client, id);
    // The preview says of the ragged row what the import will.
    expect(textOf(one(html, '#import-preview'))).toContain(
      'Will not be imported: This row has 5 cells and the header row 3',
    );
    await t.start(id, { ...form, policy: 'skip' });
    await runJobs(t.db);
    const stored = await t.customers();
    expect(stored.map((c) => c.first_name)).toEqual(['Ok', '=HYPERLINK("http://evil.example")']);
    const imp = await t.importRow(id);
    expect(imp).toMatchObject({ created_count: 2, failed_count: 4, state: 'done' });
    const page = await (await t.client.get(`/customers/import/${id}`)).text();
    const failed = textOf(one(page, 'table[aria-labelledby="import-failed-title"]'));
    expect(failed).toContain('This row has 5 cells and the header row 3');
    expect(failed).toContain('Use at most 50 characters (this has 100000).');
    expect(failed).toContain('Remove the invisible control character.');
    expect(failed).toContain('Enter a last name.');
  });

  it('resumes after a crash where its last batch committed, importing no row twice', async () => {
    const t = await book();
    const rows = Array.from({ length: 30 }, (_, i) => `P${i},Person,p${i}@example.com\n`).join('');
    const id = await uploaded(t.client, `First Name,Last Name,Email\n${rows}`);
    const { form } = await mappingForm(t.client, id);
    await t.start(id, { ...form, policy: 'skip' });
    // The process dies in the middle of its third batch: that batch rolls back whole.
    let batches = 0;
    const dying = {
      ...JOBS,
      import: {
        batch: async (...args: Parameters<(typeof JOBS)['import']['batch']>) => {
          if ((batches += 1) === 3) throw new Error('killed');
          return JOBS.import!.batch(...args);
        },
      },
    };
    await runNextJob(t.db, dying, {
      owner: 'dying',
      batchSize: 7,
      maxBatch: 7,
      budgetMs: Infinity,
    });
    expect(await t.importRow(id)).toMatchObject({
      done_rows: 14,
      created_count: 14,
      state: 'running',
    });
    await runNextJob(t.db, JOBS, {
      owner: 'next',
      batchSize: 7,
      maxBatch: 7,
      budgetMs: Infinity,
      now: () => Date.now() + 60_000,
    });
    expect(await t.importRow(id)).toMatchObject({
      done_rows: 30,
      created_count: 30,
      state: 'done',
    });
    const emails = (await t.customers()).map((c) => c.email);
    expect(new Set(emails).size).toBe(30);
    expect(emails).toHaveLength(30);
  });

  it('revert deletes what it created and puts back what it overwrote, except what was edited since', async () => {
    const t = await book();
    const kept = await t.seed({ first_name: 'Kept', last_name: 'Old', email: 'kept@example.com' });
    const back = await t.seed({ first_name: 'Back', last_name: 'Old', email: 'back@example.com' });
    const id = await uploaded(
      t.client,
      'First Name,Last Name,Email\nNew,One,new1@example.com\nNew,Two,new2@example.com\nKept,New,kept@example.com\nBack,New,back@example.com\n',
    );
    const { form } = await mappingForm(t.client, id);
    await t.start(id, { ...form, policy: 'update' });
    await runJobs(t.db);
    const created = (await t.customers()).filter((c) => c.first_name === 'New');
    // Edited since the import: the second new customer and the first updated one.
    for (const customer of [created[1]!, { ...kept, version: 2 }]) {
      const edit = await t.client.post(`/customers/${customer.id}`, {
        first_name: customer.first_name,
        last_name: 'Edited',
        email: customer.email,
        version: String(customer.version),
        ...Object.fromEntries(['phone', 'address', 'city', 'state', 'zipcode'].map((f) => [f, ''])),
      });
      expect(edit.status).toBe(303);
    }
    const revert = await t.client.post(`/customers/import/${id}/revert`);
    expect(revert.status).toBe(303);
    await runJobs(t.db);
    const after = await t.customers();
    const byId = new Map(after.map((c) => [c.id, c]));
    expect(byId.get(created[0]!.id)!.deleted_at).not.toBeNull();
    expect(byId.get(created[1]!.id)).toMatchObject({ deleted_at: null, last_name: 'Edited' });
    expect(byId.get(back.id)).toMatchObject({ last_name: 'Old', version: 3 });
    expect(byId.get(kept.id)).toMatchObject({ last_name: 'Edited' });
    const page = await (await t.client.get(`/customers/import/${id}`)).text();
    expect(page).toContain('2 customers edited since the import were left as they are.');
    expect(textOf(one(page, '.import-kept'))).toContain('New Edited');
    expect(await t.importRow(id)).toMatchObject({ state: 'reverted', revert_kept: 2 });
  });

  it('only the importer or an owner reverts; a second import waits for the first', async () => {
    const t = await book();
    const id = await uploaded(t.client, 'First Name,Last Name\nA,B\n');
    const second = await uploaded(t.client, 'First Name,Last Name\nC,D\n');
    const { form } = await mappingForm(t.client, id);
    await t.start(id, { ...form, policy: 'skip' });
    const busy = await t.start(second, { ...form, policy: 'skip' });
    expect(busy.status).toBe(409);
    expect(await busy.text()).toContain('Another import or revert is running');
    await runJobs(t.db);
    await t.db.updateTable('users').set({ role: 'member' }).where('id', '=', t.me.userId).execute();
    await t.db.updateTable('imports').set({ created_by: 999_999 }).where('id', '=', id).execute();
    const refused = await t.client.post(`/customers/import/${id}/revert`);
    expect(refused.status).toBe(403);
    expect((await t.importRow(id)).state).toBe('done');
  });

  it('another workspace’s import is a 404 everywhere', async () => {
    const t = await book();
    const id = await uploaded(t.client, 'First Name,Last Name\nA,B\n');
    const other = await memberOf(t.app, t.db, 'Other Person');
    for (const url of [`/customers/import/${id}`, `/customers/import/${id}/failed.csv`])
      expect((await other.client.get(url)).status).toBe(404);
    expect((await other.client.post(`/customers/import/${id}`, { policy: 'skip' })).status).toBe(
      404,
    );
    expect((await other.client.post(`/customers/import/${id}/revert`)).status).toBe(404);
  });
});
