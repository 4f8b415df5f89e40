// A batch writes its rows' outcomes with one UPDATE over a list of (import, row number) pairs. On a
// database without statistics, as Folio's SQLite runs (no ANALYZE), the planner read the import's
// every staged row and looked each up in the list when the import's id was a value beside the list:
// each batch then cost more the further the import went (12 ms at row 80,000 of 100,000). With the
// id in the list, the list is read once and each pair is one seek of the primary key.
import { expect, it } from 'vitest';
import { describeOnSqlite } from '../../testing/test-database.js';
import { sqlitePlanBook } from '../../testing/sqlite-plans.js';
import { updateOutcomes } from './job.js';

describeOnSqlite("the UPDATE of an import batch's outcomes", async () => {
  const { db, captured, plan } = await sqlitePlanBook('Outcomes', 10);

  it('reads the listed rows and seeks each one by import and row number', async () => {
    const rows = Array.from({ length: 64 }, (_, i) => ({
      import_id: 7,
      row_number: 1000 + i,
      outcome: 'created',
      customer_id: i + 1,
      problems: null,
      before: null,
      version_after: 1,
      email_key: `row${i}@example.com`,
    }));
    captured.length = 0;
    await updateOutcomes(db, rows);
    expect(captured).toHaveLength(1);
    const lines = plan(captured[0]!);
    expect(lines, lines.join('\n')).toEqual([
      'MATERIALIZE listed',
      'SCAN 64 CONSTANT ROWS',
      'SCAN listed',
      'SEARCH import_rows USING COVERING INDEX sqlite_autoindex_import_rows_1 (import_id=? AND row_number=?)',
    ]);
  });
});
