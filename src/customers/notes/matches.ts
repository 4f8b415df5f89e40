// Which note made a search find a customer: shown under the name in the table when the customer's own
// fields do not have every search word. Pure: the route reads the notes, the row shows the excerpt.
import { location } from '../display.js';
import { noteExcerpt, wordsMissingFrom, type Marks } from '../highlight.js';
import type { ListedCustomer } from '../queries.js';

export interface NoteMatch {
  noteId: number;
  /** The note's words around the match, marked (escaped HTML). */
  safeExcerpt: string;
}

/** The customers of a page whose own fields miss a search word, with the words they miss. */
export function foundByNotes(customers: ListedCustomer[], marks: Marks): Map<number, string[]> {
  const found = new Map<number, string[]>();
  for (const customer of customers) {
    const own = [
      customer.first_name,
      customer.last_name,
      customer.email,
      customer.phone,
      location(customer),
    ];
    const missing = wordsMissingFrom(own, marks);
    if (missing.length > 0) found.set(customer.id, missing);
  }
  return found;
}

/** For each of those customers: the newest of its notes (newest first here) that has a missing word. */
export function noteMatches(
  missing: Map<number, string[]>,
  notes: { id: number; customer_id: number; body: string }[],
): Map<number, NoteMatch> {
  const found = new Map<number, NoteMatch>();
  for (const note of notes) {
    const words = missing.get(note.customer_id);
    if (!words || found.has(note.customer_id)) continue;
    const safeExcerpt = noteExcerpt(note.body, words);
    if (safeExcerpt) found.set(note.customer_id, { noteId: note.id, safeExcerpt });
  }
  return found;
}
