// A bulk action's batches walk its selection in id order: for every customer of the book, or the whole
// trash, each batch is one range of one index, never a read and sort of the workspace's customers
// (at 100,000 customers that made deleting them all take hours). On a database without statistics, as
// Folio's SQLite runs (no ANALYZE), where the planner once chose another index and a sort.
import { describe, expect, it } from 'vitest';
import { describeOnSqlite } from '../../testing/test-database.js';
import { sqlitePlanBook } from '../../testing/sqlite-plans.js';
import type { BulkAction } from '../../db/tables.js';
import { NO_FILTER } from '../listing.js';
import { nextIds } from './queries.js';

describeOnSqlite('the walk of a bulk action', async () => {
  const { db, captured, workspaceId, plan } = await sqlitePlanBook('Walk', 2000);

  const at = '2026-11-26T00:00:00.000Z';
  describe.each([
    ['every customer', { list: { q: '', filter: NO_FILTER, timeZone: 'UTC' } }],
    ['the whole trash', { trash: { q: '' } }],
  ])('of %s', (_name, selection) => {
    it('reads one range of an index by id, with no sort', async () => {
      captured.length = 0;
      const action = {
        workspace_id: workspaceId,
        cursor: 500,
        selection: JSON.stringify(selection),
        selected_at: at,
      } as BulkAction;
      await nextIds(db, action, 200, Date.parse(at));
      const walks = captured.filter((query) => /order by/.test(query.sql));
      expect(walks).toHaveLength(1);
      const lines = plan(walks[0]!);
      expect(lines, lines.join('\n')).toEqual([
        expect.stringMatching(
          /^SEARCH customers USING ((COVERING )?INDEX customers_workspace_(live|deleted)_id \(workspace_id=\? AND id>\?\)|INTEGER PRIMARY KEY \(rowid>\?\))$/,
        ),
      ]);
    });
  });
});
