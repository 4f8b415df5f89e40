// The import's staged rows read ahead of its batches. Each batch's preparation (the runner's prepare,
// before the batch's transaction) takes its rows, checked on the checker thread (checker.ts) while
// the batch before it wrote, and sends the rows after them to be checked while this batch writes:
// as many as the next batch can hold (the runner at most doubles a batch). The job's thread never
// waits for the checker: rows it has not answered yet when a batch needs them are checked here.
import type { DB } from '../../db/database.js';
import type { Import } from '../../db/tables.js';
import { checkEach, type CheckedRow, type StoredRow } from './check.js';
import { checkRows } from './checker.js';
import type { Mapping } from './mapping.js';
import { nextRows } from './queries.js';

/** Rows read, in order, and once the checker answers, the same rows checked. */
interface Chunk {
  rows: StoredRow[];
  checked?: CheckedRow[];
}

interface ReadAhead {
  /** The database read from (a process has one; tests have many, with the same import ids). */
  db: DB;
  importId: number;
  headers: string[];
  mapping: Mapping;
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

// One import's rows at a time: a process runs one job at a time (one runner).
let ahead: ReadAhead | undefined;
// A second preparation while one is in progress (not Folio's runner: two runners in one process)
// reads its rows itself, so the two never share what was read.
let preparing = false;

/**
 * The checked rows of the batch that starts after `position` (at most `limit`), in file order. Rows
 * read ahead for another position (the job moved on elsewhere: its lease lost and taken back), another
 * import or another database are dropped, and read again.
 */
export async function rowsReadAhead(
  db: DB,
  imp: Import,
  position: number,
  limit: number,
): Promise<CheckedRow[]> {
  if (preparing) return rowsCheckedNow(db, imp, position, limit);
  preparing = true;
  try {
    if (ahead?.db !== db || ahead.importId !== imp.id || ahead.after !== position)
      ahead = {
        db,
        importId: imp.id,
        ...fileOf(imp),
        after: position,
        lastRead: position,
        end: false,
        held: 0,
        chunks: [],
      };
    const current = ahead;
    await readUpTo(current, limit);
    const rows = take(current, limit);
    // Read before the batch's transaction begins; checked while it writes.
    await readUpTo(current, 2 * limit, { onThread: true });
    // The last rows taken: nothing kept (nor the database).
    if (current.end && current.held === 0 && ahead === current) ahead = undefined;
    return rows;
  } catch (error) {
    ahead = undefined;
    throw error;
  } finally {
    preparing = false;
  }
}

/** The staged rows after `position` (at most `limit`), read and checked now, on this thread. */
export async function rowsCheckedNow(
  db: DB,
  imp: Import,
  position: number,
  limit: number,
): Promise<CheckedRow[]> {
  const { headers, mapping } = fileOf(imp);
  return checkEach(await nextRows(db, imp.id, position, limit), headers, mapping);
}

/** The import's headers and mapping, stored as JSON (fixed once it runs). */
function fileOf(imp: Import): { headers: string[]; mapping: Mapping } {
  return {
    headers: JSON.parse(imp.headers) as string[],
    mapping: JSON.parse(imp.mapping!) as Mapping,
  };
}

/**
 * Reads rows after the last read until `wanted` are held (or none are left); with `onThread`, sends
 * them to the checker (rows needed at once are checked here, when taken).
 */
async function readUpTo(current: ReadAhead, wanted: number, { onThread = false } = {}) {
  if (current.end || current.held >= wanted) return;
  const count = wanted - current.held;
  // Only what checkRow reads goes to the checker.
  const rows = (await nextRows(current.db, current.importId, current.lastRead, count)).map(
    ({ row_number, cells }) => ({ row_number, cells }),
  );
  current.end = rows.length < count;
  if (rows.length === 0) return;
  current.lastRead = rows.at(-1)!.row_number;
  current.held += rows.length;
  const chunk: Chunk = { rows };
  current.chunks.push(chunk);
  if (onThread)
    // Unanswered (the checker failed, or a row it cannot check), the rows are checked here when
    // taken: a row that cannot be checked fails the batch it belongs to, not an earlier one.
    checkRows(rows, current.headers, current.mapping).then(
      (checked) => (chunk.checked = checked),
      () => undefined,
    );
}

/** The next `limit` rows held, in order: as the checker answered, or checked here. */
function take(current: ReadAhead, limit: number): CheckedRow[] {
  const taken: CheckedRow[] = [];
  while (taken.length < limit && current.chunks.length > 0) {
    const { rows, checked } = current.chunks[0]!;
    const count = Math.min(limit - taken.length, rows.length);
    taken.push(
      ...(checked?.slice(0, count) ??
        checkEach(rows.slice(0, count), current.headers, current.mapping)),
    );
    // The rest of a chunk are the next batch's first rows.
    if (count === rows.length) current.chunks.shift();
    else current.chunks[0] = { rows: rows.slice(count), checked: checked?.slice(count) };
  }
  current.held -= taken.length;
  current.after = taken.at(-1)?.rowNumber ?? current.after;
  return taken;
}
