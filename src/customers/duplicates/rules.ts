// What makes two customers the same person, in one place for every part of Folio that asks (the
// import's duplicate policy, the form's warning, the duplicates page): the same folded email; the same
// phone digits (7 or more); the same folded full name and city. Each rule compares a stored key
// (keys.ts, migrations/0014), so every rule is one index seek. Pure functions, no I/O.
import { customerKeys, sortKey, type SearchedValues } from '../keys.js';

export type DuplicateRule = 'email' | 'phone' | 'name_city';
export const DUPLICATE_RULES: readonly DuplicateRule[] = ['email', 'phone', 'name_city'];

/** How each rule reads in a sentence: "the same email". */
export const RULE_WORDS: Record<DuplicateRule, string> = {
  email: 'the same email',
  phone: 'the same phone number',
  name_city: 'the same name and city',
};

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

/** The keys of the rules a customer can match by: a rule whose key is empty matches nobody. */
export interface DuplicateKeys {
  email?: string;
  phone?: string;
  name_city?: { name_key: string; city_key: string };
}

export function duplicateKeys(values: SearchedValues): DuplicateKeys {
  const keys = customerKeys(values);
  const found: DuplicateKeys = {};
  if (keys.email_key) found.email = keys.email_key;
  if (keys.phone_key) found.phone = keys.phone_key;
  // A name is its last and first name folded ("lovelace\u0001ada", then the city): both empty is no name.
  if (keys.city_key && (values.first_name.trim() || values.last_name.trim()))
    found.name_city = { name_key: keys.name_key, city_key: keys.city_key };
  return found;
}

/** The same keys from a customer's stored key columns (written by keys.ts on every save). */
export function storedDuplicateKeys(stored: {
  first_name: string;
  last_name: string;
  email_key: string;
  phone_key: string;
  name_key: string;
  city_key: string;
}): DuplicateKeys {
  const found: DuplicateKeys = {};
  if (stored.email_key) found.email = stored.email_key;
  if (stored.phone_key) found.phone = stored.phone_key;
  if (stored.city_key && (stored.first_name.trim() || stored.last_name.trim()))
    found.name_city = { name_key: stored.name_key, city_key: stored.city_key };
  return found;
}

/** Which rules two customers' values match by (none: not duplicates). */
export function rulesMatched(a: SearchedValues, b: SearchedValues): DuplicateRule[] {
  const x = duplicateKeys(a);
  const y = duplicateKeys(b);
  return DUPLICATE_RULES.filter((rule) => {
    if (rule === 'name_city')
      return (
        x.name_city !== undefined &&
        x.name_city.name_key === y.name_city?.name_key &&
        x.name_city.city_key === y.name_city.city_key
      );
    return x[rule] !== undefined && x[rule] === y[rule];
  });
}

/** "the same email and the same phone number" */
export function rulesInWords(match: { rules: readonly DuplicateRule[] }): string {
  const words = match.rules.map((rule) => RULE_WORDS[rule]);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0]!;
}
