// The table's rows as they were last written, by customer, in UTF-8. The pages a team opens show the
// same customers again and again (the first page above all), and a row is the dearest part of a page
// to make: its template, escaping and dates, then its bytes. A kept row is used only when everything
// it was made from is the same as now: the customer's shown fields, who reads it (locale and zone),
// the search's marks and way back, and the last change as it reads now ("5 minutes ago", the one part
// that moves with the clock). So a kept row is exactly the row the template would write, and nothing
// has to be told when a customer changes.
import { utf8 } from '../../http/render.js';
import type { Reader } from '../../views/format.js';
import { relativeWording } from '../../views/when.js';
import type { ListedCustomer } from '../list-queries.js';
import { SHOWN_COLUMNS } from '../query-parts.js';

/** What a row shows besides the customer's fields: the same for every row of one list. */
export type RowContext = string;

interface KeptRow {
  /** The customer's SHOWN_COLUMNS (what a row is made from), in order. */
  fields: (string | number)[];
  context: RowContext;
  /** The last change as the row says it ("5 minutes ago"), and the moments between which it holds. */
  lastChange: string;
  from: number;
  until: number;
  bytes: Uint8Array;
}

/** At most so many rows, and so many bytes of them: about 1.5 KB each, so some 40 pages of 50. */
export const KEPT_ROWS = 2_000;
export const KEPT_BYTES = 4 * 1024 * 1024;

/**
 * A context longer than this (a search of many words, or of letters each encoded in nine characters
 * in the way back) is not kept: such a search is rarely shown twice, and its rows are many times the
 * size of a plain one's.
 */
const LONGEST_CONTEXT = 300;

/** By customer id, least recently used first. One row a customer: the context it was last shown in. */
const kept = new Map<number, KeptRow>();
let keptBytes = 0;

/** The context of a list's rows: the reader's locale and zone, the marks and the way back. */
export function rowContext(parts: {
  locale: string;
  timeZone: string;
  back: string;
  words: readonly string[];
  runs: readonly string[];
}): RowContext {
  return JSON.stringify([parts.locale, parts.timeZone, parts.back, parts.words, parts.runs]);
}

function sameFields(row: KeptRow, customer: ListedCustomer): boolean {
  for (let i = 0; i < SHOWN_COLUMNS.length; i += 1)
    if (row.fields[i] !== customer[SHOWN_COLUMNS[i]!]) return false;
  return true;
}

/**
 * The customer's row in UTF-8: the kept one when it was made from the same customer and context and
 * its last change reads the same now, otherwise `write()`'s, kept for next time (the least recently
 * used rows make room).
 */
export function keptRow(
  customer: ListedCustomer,
  context: RowContext,
  reader: Reader,
  write: () => string,
): Uint8Array {
  const { now } = reader;
  const row = kept.get(customer.id);
  if (row !== undefined && row.context === context && sameFields(row, customer)) {
    let fresh = row.from <= now && now < row.until;
    if (!fresh) {
      const wording = relativeWording(customer.touched_at, reader);
      if (wording.text === row.lastChange) {
        fresh = true;
        row.from = now;
        row.until = wording.until;
      }
    }
    if (fresh) {
      // Last in the map: the least recently used rows go first.
      kept.delete(customer.id);
      kept.set(customer.id, row);
      return row.bytes;
    }
  }
  const html = write();
  if (context.length > LONGEST_CONTEXT) return utf8(html);
  // A buffer of its own, not a slice of Node's shared pool, which one kept row would keep alive.
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(html));
  bytes.write(html);
  if (row !== undefined) forget(customer.id, row);
  for (const [id, oldest] of kept) {
    if (kept.size < KEPT_ROWS && keptBytes + bytes.length <= KEPT_BYTES) break;
    forget(id, oldest);
  }
  const wording = relativeWording(customer.touched_at, reader);
  kept.set(customer.id, {
    fields: SHOWN_COLUMNS.map((column) => customer[column]),
    context,
    lastChange: wording.text,
    from: now,
    until: wording.until,
    bytes,
  });
  keptBytes += bytes.length;
  return bytes;
}

function forget(id: number, row: KeptRow): void {
  kept.delete(id);
  keptBytes -= row.bytes.length;
}

/** How many rows are kept now, and their bytes (for tests). */
export function keptRowsSize(): { rows: number; bytes: number } {
  return { rows: kept.size, bytes: keptBytes };
}
