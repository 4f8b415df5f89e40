// An import batch finds the book's customers with its rows' emails by seeks in the email index, on a
// database without statistics, as Folio's SQLite runs (no ANALYZE): ordered by id alone, the planner
// walked the workspace's every live customer by id instead (90 ms a batch at 100,000 customers).
import { expect, it } from 'vitest';
import { describeOnSqlite } from '../../testing/test-database.js';
import { sqlitePlanBook } from '../../testing/sqlite-plans.js';
import { insertCustomers } from '../bulk.js';
import { customersByEmail } from './job.js';

describeOnSqlite('the email lookup of an import batch', async () => {
  const { db, captured, workspaceId, userId, book, plan } = await sqlitePlanBook('Emails', 2000);

  it('seeks each email in the email index and finds the oldest customer per email', async () => {
    const email = book.find((customer) => customer.email !== '')!.email;
    // The same person twice: the older one is the match.
    await insertCustomers(db, workspaceId, userId, [{ ...book[0]!, email }]);
    captured.length = 0;
    const found = await customersByEmail(db, workspaceId, [email.toLowerCase(), 'no@example.com']);
    expect([...found.keys()]).toEqual([email.toLowerCase()]);
    expect(found.get(email.toLowerCase())!.id).toBe(
      book.indexOf(book.find((c) => c.email === email)!) + 1,
    );
    expect(captured).toHaveLength(1);
    const lines = plan(captured[0]!);
    expect(lines, lines.join('\n')).toEqual([
      'SEARCH customers USING INDEX customers_workspace_email_key (workspace_id=? AND email_key=?)',
    ]);
  });
});
