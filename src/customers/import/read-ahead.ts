// The import's staged rows read ahead of its batches. Each batch's preparation (the runner's prepare,
// before the batch's transaction) takes rows that were checked while the batch before it wrote, and
// sends the rows of the next batches to the checker thread (checker.ts) to be checked while this one
// writes. The runner at most doubles a batch, so rows for twice this batch are kept read ahead.
import type { DB } from '../../db/database.js';
import type { Import } from '../../db/tables.js';
import type { CheckedRow } from './check.js';
import { checkRows } from './checker.js';
import { nextRows } from './queries.js';
import type { Mapping } from './mapping.js';

/** Rows read, in order, being checked or checked. */
type Chunk = Promise<CheckedRow[]>;

interface ReadAhead {
  /** The database read from (a process has one; tests have many, with the same import ids). */
  db: DB;
  importId: number;
  /** The row number the next batch's rows follow. */
  after: number;
  /** The last row number read. */
  lastRead: number;
  /** No staged rows follow lastRead. */
  end: boolean;
  /** Rows read and not yet taken. */
  held: number;
  chunks: Chunk[];
}

// One import's at a time: a runner runs one job at a time, and a process has one runner.
let ahead: ReadAhead | undefined;

/**
 * The checked rows of the batch that starts after `position` (at most `limit`), the next ones sent to
 * be checked. Rows read ahead for another import or another position (the job moved on elsewhere:
 * its lease lost and taken back) are dropped, and read again.
 */
export async function rowsReadAhead(
  db: DB,
  imp: Import,
  position: number,
  limit: number,
): Promise<CheckedRow[]> {
  if (ahead?.db !== db || ahead.importId !== imp.id || ahead.after !== position)
    ahead = {
      db,
      importId: imp.id,
      after: position,
      lastRead: position,
      end: false,
      held: 0,
      chunks: [],
    };
  const current = ahead;
  const headers = JSON.parse(imp.headers) as string[];
  const mapping = JSON.parse(imp.mapping!) as Mapping;
  try {
    await readUpTo(current, limit, headers, mapping);
    const rows = await take(current, limit);
    // The reads done before the batch's transaction; the checks go on while it writes.
    await readUpTo(current, 2 * limit, headers, mapping);
    // The last rows taken: nothing kept (nor the database).
    if (current.end && current.held === 0 && ahead === current) ahead = undefined;
    return rows;
  } catch (error) {
    if (ahead === current) ahead = undefined;
    throw error;
  }
}

/** Reads rows after the last read until `wanted` are held (or none are left), and sends them to be checked. */
async function readUpTo(
  current: ReadAhead,
  wanted: number,
  headers: string[],
  mapping: Mapping,
): Promise<void> {
  if (current.end || current.held >= wanted) return;
  const count = wanted - current.held;
  const rows = await nextRows(current.db, current.importId, current.lastRead, count);
  current.end = rows.length < count;
  if (rows.length === 0) return;
  current.lastRead = rows.at(-1)!.row_number;
  current.held += rows.length;
  const checked = checkRows(rows, headers, mapping);
  // Rows never taken (the import cancelled, or another one read ahead) must not fail unheard.
  void checked.catch(() => undefined);
  current.chunks.push(checked);
}

/** The next `limit` rows held, in order, once checked. */
async function take(current: ReadAhead, limit: number): Promise<CheckedRow[]> {
  const taken: CheckedRow[] = [];
  while (taken.length < limit && current.chunks.length > 0) {
    const checked = await current.chunks.shift()!;
    const wanted = limit - taken.length;
    taken.push(...checked.slice(0, wanted));
    // The rest of a chunk are the next batch's first rows.
    if (checked.length > wanted) current.chunks.unshift(Promise.resolve(checked.slice(wanted)));
  }
  current.held -= taken.length;
  current.after = taken.at(-1)?.rowNumber ?? current.after;
  return taken;
}
