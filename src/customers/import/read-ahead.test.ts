// A batch's rows read ahead (read-ahead.ts) are the rows after its position, checked as check.ts
// checks them, whatever the sizes the runner asks for, and rows read ahead for another position or
// another import are not handed over.
import { afterAll, describe, expect, it } from 'vitest';
import { checkRow } from './check.js';
import { rowsAnsweredByChecker, stopChecker } from './checker.js';
import { nextRows } from './queries.js';
import { rowsReadAhead } from './read-ahead.js';
import type { Mapping } from './mapping.js';
import { book, mappingForm, uploaded } from './testing.js';

afterAll(stopChecker);

const file = (prefix: string, count: number) =>
  'First Name,Last Name,Email,City\n' +
  Array.from({ length: count }, (_, i) =>
    // Every fifth row fails the form's rules.
    i % 5 === 4
      ? `${prefix}${i},Bad,not-an-email,Oslo`
      : `${prefix}${i},Last,${prefix}${i}@example.com,Oslo`,
  ).join('\n') +
  '\n';

async function running(t: Awaited<ReturnType<typeof book>>, content: string) {
  const id = await uploaded(t.client, content);
  const { form } = await mappingForm(t.client, id);
  expect((await t.start(id, { ...form, policy: 'create' })).status).toBe(303);
  const imp = await t.importRow(id);
  expect(imp.state).toBe('running');
  return imp;
}

describe('rows read ahead of an import’s batches', () => {
  it('hands each batch the checked rows after its position, for any sizes, to the end', async () => {
    const t = await book();
    const imp = await running(t, file('a', 40));
    const headers = JSON.parse(imp.headers) as string[];
    const mapping = JSON.parse(imp.mapping!) as Mapping;
    const direct = async (after: number, limit: number) =>
      (await nextRows(t.db, imp.id, after, limit)).map((row) => checkRow(row, headers, mapping));
    // Rows are numbered as a spreadsheet numbers them: the header is row 1, the 40 rows 2 to 41.
    let position = 0;
    for (const limit of [3, 6, 12, 2, 5, 100]) {
      const rows = await rowsReadAhead(t.db, imp, position, limit);
      expect(rows).toEqual(await direct(position, limit));
      position = rows.at(-1)?.rowNumber ?? position;
    }
    expect(position).toBe(41);
    expect(await rowsReadAhead(t.db, imp, 41, 10)).toEqual([]);
    // Failed rows are checked as failed, with their problems.
    expect((await direct(0, 5)).at(-1)?.problems?.[0]?.field).toBe('Email');
  });

  it('sends the rows after a batch to the checker, as many as the next batch can hold', async () => {
    const t = await book();
    const imp = await running(t, file('a', 40));
    // Rows sent by the test before are not answered from now on: they would be counted here.
    await stopChecker();
    const answered = rowsAnsweredByChecker();
    await rowsReadAhead(t.db, imp, 0, 3);
    // The next batch at up to twice the size: rows 5 to 10, checked on the checker's thread.
    await expect.poll(rowsAnsweredByChecker, { timeout: 10_000 }).toBe(answered + 6);
    expect((await rowsReadAhead(t.db, imp, 4, 6)).map((row) => row.rowNumber)).toEqual([
      5, 6, 7, 8, 9, 10,
    ]);
  });

  it('gives overlapping preparations (two runners in one process) each their own rows', async () => {
    const t = await book();
    const imp = await running(t, file('a', 20));
    const numbers = async (after: number, limit: number) =>
      (await rowsReadAhead(t.db, imp, after, limit)).map((row) => row.rowNumber);
    expect(await Promise.all([numbers(0, 2), numbers(0, 2)])).toEqual([
      [2, 3],
      [2, 3],
    ]);
    expect(await numbers(3, 4)).toEqual([4, 5, 6, 7]);
  });

  it('reads again for a position it did not read ahead for, and keeps imports apart', async () => {
    const t = await book();
    const first = await running(t, file('a', 30));
    const rowsOf = async (db: typeof t.db, imp: typeof first, after: number, limit: number) =>
      (await rowsReadAhead(db, imp, after, limit)).map((row) => row.values?.first_name ?? null);
    expect(await rowsOf(t.db, first, 0, 4)).toEqual(['a0', 'a1', 'a2', 'a3']);
    // The job moved on elsewhere (another runner took it and went further).
    expect(await rowsOf(t.db, first, 12, 3)).toEqual(['a11', 'a12', 'a13']);
    // Back where a runner that lost the job would be.
    expect(await rowsOf(t.db, first, 5, 2)).toEqual([null, 'a5']);
    // Another database's import in between, with the same id (tests make many databases in one
    // process): its own rows, then the first's again from where it is.
    const other = await book();
    const second = await running(other, file('b', 10));
    expect(second.id).toBe(first.id);
    expect(await rowsOf(other.db, second, 0, 3)).toEqual(['b0', 'b1', 'b2']);
    expect(await rowsOf(t.db, first, 7, 3)).toEqual(['a6', 'a7', 'a8']);
  });
});
