// The table's rows as they were last written, by customer. The pages a team opens show the same
// customers again and again (the first page above all), and a row is the dearest part of a page to
// make: its template, escaping and dates, then its UTF-8. A kept row is used only when everything
// it was made from is the same as now: the customer's shown fields, who reads it (locale and zone),
// the search's marks and way back, and the last change as it reads now ("5 minutes ago", the one part
// that moves with the clock). So a kept row is exactly the row the template would write, and nothing
// has to be told when a customer changes.
import { LRUCache } from 'lru-cache';
import type { PageRow } from '../../http/render.js';
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
  /** Its UTF-8, in a buffer of its own (not a slice of Node's shared pool, which it would keep alive). */
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
const kept = new LRUCache<number, KeptRow>({
  max: KEPT_ROWS,
  maxSize: KEPT_BYTES,
  sizeCalculation: (entry) => entry.bytes.length,
});

/**
 * The customers shown lately, by id, with the context their row was last written for: a row is kept
 * the second time it is written for one context. Kept at once, a page of customers shown for the
 * first time (paging on, searching as one types) cost 1.7 times the template: its rows outlived the
 * request, and the young generation's collector copied them.
 */
const seen = new LRUCache<number, RowContext>({ max: 4 * KEPT_ROWS });

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
 * The customer's row: the kept one when it was made from the same customer and context and its last
 * change reads the same now, otherwise `write()`'s, kept when it was written for this context lately
 * (the least recently used rows make room).
 */
export function keptRow(
  customer: ListedCustomer,
  context: RowContext,
  reader: Reader,
  write: () => string,
): PageRow {
  const { now } = reader;
  // Asking marks the row as the most recently used.
  const entry = kept.get(customer.id);
  if (entry !== undefined && entry.context === context && sameFields(entry, customer)) {
    let fresh = entry.from <= now && now < entry.until;
    if (!fresh) {
      const wording = relativeWording(customer.touched_at, reader);
      if (wording.text === entry.lastChange) {
        fresh = true;
        entry.from = now;
        entry.until = wording.until;
      }
    }
    if (fresh) return entry.bytes;
  }
  const html = write();
  if (context.length > LONGEST_CONTEXT) return html;
  if (seen.get(customer.id) !== context) {
    seen.set(customer.id, context);
    return html;
  }
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(html));
  bytes.write(html);
  const wording = relativeWording(customer.touched_at, reader);
  kept.set(customer.id, {
    fields: SHOWN_COLUMNS.map((column) => customer[column]),
    context,
    lastChange: wording.text,
    from: now,
    until: wording.until,
    bytes,
  });
  return bytes;
}

/** How many rows are kept now, and their bytes (for tests). */
export function keptRowsSize(): { rows: number; bytes: number } {
  return { rows: kept.size, bytes: kept.calculatedSize };
}
