// What makes two customers the same person, in one place for every part of Folio that asks (the
// import's duplicate policy, the duplicates page). Pure functions, no I/O.
import { sortKey } from '../keys.js';

/**
 * An email as duplicates compare it: folded like the stored `email_key` column (case and accents
 * ignored, spaces collapsed; keys.ts), so a match is one seek of the (workspace_id, email_key) index.
 * Empty for no email: customers without one never match by email.
 */
export function emailMatchKey(email: string): string {
  return sortKey(email);
}

/** Whether two emails name the same mailbox by Folio's rule ("Ada@Example.com" is "ada@example.com"). */
export function sameEmail(a: string, b: string): boolean {
  const key = emailMatchKey(a);
  return key !== '' && key === emailMatchKey(b);
}
