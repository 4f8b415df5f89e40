// The checker thread checks an import's staged rows exactly as check.ts does here, in order. Rows it
// had not answered when it ended are checked here; a row that cannot be checked fails the call.
import { afterAll, describe, expect, it } from 'vitest';
import { checkRow } from './check.js';
import { checkRows, checkerThreadId, rowsAnsweredByChecker, stopChecker } from './checker.js';
import type { Mapping } from './mapping.js';

const headers = ['First Name', 'Last Name', 'E-mail', 'Phone', 'City', 'Company'];
const mapping: Mapping = {
  columns: ['first_name', 'last_name', 'email', 'phone', 'city', ''],
  note: true,
};
const staged = (cells: string[][]) =>
  cells.map((row, i) => ({ row_number: i + 2, cells: JSON.stringify(row) }));
const rows = staged([
  ['Ada', 'Lovelace', 'ADA@Example.com', '+44 20 7946 0000', 'London', 'Analytical'],
  ['Bad', 'Email', 'not-an-email', '', '', ''],
  ['Ragged', 'Row', 'r@example.com', '', 'Oslo', 'Fjord', 'one cell too many'],
  ['Zoë', 'Østergaard', 'zoe@example.dk', '', 'Århus', ''],
  ['', '', '', '', '', ''],
  ['=HYPERLINK("x")', 'Tab\there', 'cy@example.com', '555-0100 ext 7', 'Québec', 'Line\nbreak'],
]);
const here = (given: typeof rows) => given.map((row) => checkRow(row, headers, mapping));

afterAll(stopChecker);

describe('the import checker thread', () => {
  it('checks rows on a thread of its own, as they are checked here, in order', async () => {
    const answered = rowsAnsweredByChecker();
    const checked = await checkRows(rows, headers, mapping);
    expect(checkerThreadId()).toBeTypeOf('number');
    expect(rowsAnsweredByChecker()).toBe(answered + rows.length);
    expect(checked).toEqual(here(rows));
    // The problems and the new customers' rows are there to compare, not all alike.
    expect(checked.map((row) => row.values === undefined)).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
    ]);
  });

  it('checks here the rows a checker that ended had not answered', async () => {
    const many = staged(
      Array.from({ length: 2000 }, (_, i) => [
        `First${i}`,
        `Last${i}`,
        `p${i}@example.com`,
        '',
        'Bergen',
        '',
      ]),
    );
    const answered = rowsAnsweredByChecker();
    const pending = checkRows(many, headers, mapping);
    // Ended at once: checking 2,000 rows takes it tens of milliseconds.
    await stopChecker();
    expect(checkerThreadId()).toBeUndefined();
    expect(await pending).toEqual(here(many));
    expect(rowsAnsweredByChecker()).toBe(answered);
    // The next rows start a new checker.
    expect(await checkRows(rows, headers, mapping)).toEqual(here(rows));
    expect(checkerThreadId()).toBeTypeOf('number');
  });

  it('fails the call for a row that cannot be checked, as checking it here would', async () => {
    const broken = [{ row_number: 2, cells: 'not the cells of a row' }];
    expect(() => here(broken)).toThrow();
    await expect(checkRows(broken, headers, mapping)).rejects.toThrow();
    // The checker goes on.
    expect(await checkRows(rows, headers, mapping)).toEqual(here(rows));
  });
});
