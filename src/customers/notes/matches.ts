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

/** For each customer whose own fields miss a search word: the newest of its notes that has one. */
export function noteMatches(
  customers: ListedCustomer[],
  notes: { id: number; customer_id: number; body: string }[],
  marks: Marks,
): Map<number, NoteMatch> {
  const found = new Map<number, NoteMatch>();
  for (const customer of customers) {
    const own = [
      customer.first_name,
      customer.last_name,
      customer.email,
      customer.phone,
      location(customer),
    ];
    const missing = wordsMissingFrom(own, marks);
    if (missing.length === 0) continue;
    for (const note of notes) {
      if (note.customer_id !== customer.id) continue;
      const safeExcerpt = noteExcerpt(note.body, missing);
      if (safeExcerpt) {
        found.set(customer.id, { noteId: note.id, safeExcerpt });
        break;
      }
    }
  }
  return found;
}
