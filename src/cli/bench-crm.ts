// `npm run bench -- --import N --crm`: what a team arriving from another CRM does, end to end over
// HTTP on the bench's book: imports a HubSpot-style export of N contacts with a few bad rows, rows
// repeating an email of the file and rows matching customers already in the book (the mapping Folio
// guesses, the other columns kept as a note, duplicates updating), checks every count against the
// file as it was built, reverts the import and checks the book is as before, then exports the book
// and checks every customer is in the file. Prints the time of each step; throws on any difference.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { DB } from '../db/database.js';
import { guessMapping } from '../customers/import/mapping.js';
import { CUSTOMER_FIELDS, valuesOf } from '../customers/schema.js';
import { postForm, uploadFile } from './bench-import.js';
import { demoCustomers } from './demo-customers.js';
import type { Member } from './http-client.js';

const HEADERS = [
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Street Address',
  'City',
  'State/Region',
  'Postal Code',
  'Company Name',
  'Lifecycle Stage',
];

type Kind = 'created' | 'updated' | 'skipped' | 'failed';

/** The file, and what each of its rows should become. */
function crmFile(rows: number, existing: string[]) {
  const kinds: Kind[] = [];
  const records: string[][] = [];
  for (const [i, customer] of [...demoCustomers(rows, 11)].entries()) {
    let email = customer.email && `crm${i}-${customer.email}`;
    let kind: Kind = 'created';
    const previous = records[i - 1]?.[2];
    if (i < existing.length) [email, kind] = [existing[i]!.toUpperCase(), 'updated'];
    else if (i % 500 === 499) [email, kind] = ['not-an-email', 'failed'];
    else if (i % 333 === 332 && kinds[i - 1] === 'created' && previous)
      // The same person twice in the file, the email in other case: the first row wins.
      [email, kind] = [previous.toUpperCase(), 'skipped'];
    kinds.push(kind);
    records.push([
      customer.first_name,
      // Every other bad row lacks its last name too.
      kind === 'failed' && i % 1000 === 999 ? '' : customer.last_name,
      email,
      customer.phone,
      customer.address,
      customer.city,
      customer.state,
      customer.zipcode,
      `Company ${i % 40}`,
      i % 3 === 0 ? 'Customer' : 'Lead',
    ]);
  }
  const file = Buffer.from(stringify(records, { bom: true, header: true, columns: HEADERS }));
  const count = (kind: Kind) => kinds.filter((k) => k === kind).length;
  const expected = {
    created_count: count('created'),
    updated_count: count('updated'),
    skipped_count: count('skipped'),
    failed_count: count('failed'),
  };
  return { file, expected };
}

async function waitFor(db: DB, id: number, state: string) {
  for (;;) {
    const imp = await db
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (imp.state === state || imp.state === 'failed') return imp;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function same(label: string, got: unknown, want: unknown): void {
  const [a, b] = [JSON.stringify(got), JSON.stringify(want)];
  console.log(`| ${label} | ${a === b ? 'as expected' : `DIFFERS: ${a} instead of ${b}`} |`);
  if (a !== b) process.exitCode = 1;
}

export async function crmScenario(options: { url: string; member: Member; db: DB; rows: number }) {
  const { url, member, db, rows } = options;
  const book = () =>
    db
      .selectFrom('customers')
      .select(['id', 'version', ...CUSTOMER_FIELDS])
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
  const before = await book();
  const matched = before.filter((c) => c.email !== '').slice(0, 50);
  const { file, expected } = crmFile(rows, [...new Set(matched.map((c) => c.email))].slice(0, 50));
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const { id, location } = await uploadFile(url, member, file, 'hubspot-contacts.csv');
  const form = Object.fromEntries(guessMapping(HEADERS).columns.map((t, i) => [`col${i}`, t]));
  await postForm(url, member, location, { ...form, note: 'on', policy: 'update' });
  const imported = await waitFor(db, id, 'done');
  const job = (Date.parse(imported.finished_at!) - Date.parse(imported.started_at!)) / 1000;
  console.log(
    `\nA ${rows.toLocaleString('en-US')}-row HubSpot export: done ${seconds()} s after the upload began (the job ${job.toFixed(1)} s, ${Math.round(rows / job).toLocaleString('en-US')} rows/s)`,
  );
  console.log('| check | result |\n| --- | --- |');
  same('guessed mapping', form, {
    ...Object.fromEntries(CUSTOMER_FIELDS.map((field, i) => [`col${i}`, field])),
    col8: '',
    col9: '',
  });
  const { created_count, updated_count, skipped_count, failed_count, state } = imported;
  console.log(`| expected: ${JSON.stringify(expected)} | |`);
  same(
    'counts',
    { state, created_count, updated_count, skipped_count, failed_count },
    {
      state: 'done',
      ...expected,
    },
  );
  const failedCsv = await fetch(`${url}${location}/failed.csv`, {
    headers: { Cookie: member.cookie },
  });
  const failedRows: string[][] = parse(Buffer.from(await failedCsv.arrayBuffer()), { bom: true });
  same('failed rows CSV (header + rows)', failedRows.length, expected.failed_count + 1);
  same('book after the import', (await book()).length, before.length + expected.created_count);

  await postForm(url, member, `${location}/revert`, {});
  await waitFor(db, id, 'reverted');
  console.log(`| reverted at ${seconds()} s | |`);
  const after = await book();
  same(
    'book after the revert (values)',
    after.map((c) => valuesOf(c)),
    before.map((c) => valuesOf(c)),
  );

  const exported = await fetch(`${url}/customers/export.csv`, {
    headers: { Cookie: member.cookie },
  });
  const records: string[][] = parse(Buffer.from(await exported.arrayBuffer()), { bom: true });
  console.log(`| exported at ${seconds()} s | |`);
  same('export (header + every customer)', records.length, after.length + 1);
}
