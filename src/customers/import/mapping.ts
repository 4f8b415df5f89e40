// Which of Folio's fields each column of a file goes to: guessed from the header names (English and
// the header rows of common exports: Google Contacts, Outlook, HubSpot, Twenty, Folio itself), then
// chosen by the person; and a file's record turned into a customer's values by that choice.
import { unneutralised } from '../export/csv.js';
import { fold } from '../keys.js';
import {
  CUSTOMER_FIELDS,
  FIELD_LABELS,
  type CustomerField,
  type CustomerValues,
} from '../schema.js';

/** A column's destination: a field, a whole name split into first and last, or nothing. */
export type Target = CustomerField | 'name' | '';

export interface Mapping {
  /** One target per column of the file, in column order. */
  columns: Target[];
  /** Keep the columns not imported (their non-empty cells) as a note on each customer. */
  note: boolean;
}

export const TARGET_LABELS: Record<Exclude<Target, ''>, string> = {
  ...FIELD_LABELS,
  name: 'Whole name (split into first and last)',
};
export const TARGETS = [...CUSTOMER_FIELDS, 'name'] as const;

/** Header names as compared: folded, punctuation as spaces ("E-mail Address" -> "e mail address"). */
function plain(header: string): string {
  return fold(header)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Each field's names, compared after plain(). Exports add prefixes for which address or phone it is
// ("Business City", "Address 1 - City", "Address / City"); those are taken off before a second look.
const NAMES: Record<Exclude<Target, ''>, string[]> = {
  first_name: ['first name', 'firstname', 'first', 'given name', 'givenname', 'forename', 'fname'],
  last_name: ['last name', 'lastname', 'last', 'surname', 'family name', 'familyname', 'lname'],
  name: [
    'name',
    'full name',
    'fullname',
    'contact name',
    'display name',
    'customer name',
    'contact',
  ],
  email: [
    'email',
    'e mail',
    'email address',
    'e mail address',
    'mail',
    'emails',
    'primary email',
    'e mail 1',
    'email 1',
  ],
  phone: [
    'phone',
    'phone number',
    'telephone',
    'tel',
    'mobile',
    'mobile phone',
    'mobile phone number',
    'cell',
    'cell phone',
    'primary phone',
    'primary phone number',
    'phones',
    'phone 1',
  ],
  address: ['address', 'street', 'street address', 'address 1', 'address line 1', 'address1'],
  city: ['city', 'town', 'locality'],
  state: ['state', 'province', 'region', 'state region', 'state province', 'county'],
  zipcode: ['zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'post code', 'postal'],
};
const PREFIXES =
  /^(?:business|home|work|other|mailing|billing|primary|address \d+|name|emails|phones|address)\s+/;
const SUFFIXES = /\s+(?:value|1)$/;

const BY_NAME = new Map<string, Exclude<Target, ''>>(
  Object.entries(NAMES).flatMap(([target, names]) =>
    names.map((name) => [name, target as Exclude<Target, ''>] as const),
  ),
);

/** The field a header names, or '' when it names none Folio keeps. */
export function guessTarget(header: string): Target {
  let name = plain(header);
  for (let step = 0; step < 3; step += 1) {
    const found = BY_NAME.get(name);
    if (found) return found;
    // "Address 1 - Street" -> "street"; "E-mail 1 - Value" -> "e mail" -> "email"; "Name / First Name" -> "first name"
    const shorter = name.replace(SUFFIXES, '').replace(PREFIXES, '');
    if (shorter === name) break;
    name = shorter;
  }
  return '';
}

/** Guesses for every column; a field goes to the first column that names it (Outlook has three phones). */
export function guessMapping(headers: string[]): Mapping {
  const taken = new Set<Target>();
  const columns = headers.map((header) => {
    const target = guessTarget(header);
    if (target === '' || taken.has(target)) return '';
    taken.add(target);
    return target;
  });
  // A whole-name column is only a guess when no first or last name column is.
  if (taken.has('name') && (taken.has('first_name') || taken.has('last_name')))
    return { columns: columns.map((target) => (target === 'name' ? '' : target)), note: false };
  return { columns, note: false };
}

/** "Ada Lovelace" -> Ada / Lovelace; "Lovelace, Ada" -> Ada / Lovelace; "Ada King Lovelace" -> Ada King / Lovelace. */
export function splitName(name: string): { first: string; last: string } {
  const text = name.trim().replace(/\s+/g, ' ');
  const comma = text.indexOf(',');
  if (comma >= 0) return { first: text.slice(comma + 1).trim(), last: text.slice(0, comma).trim() };
  const space = text.lastIndexOf(' ');
  if (space < 0) return { first: text, last: '' };
  return { first: text.slice(0, space), last: text.slice(space + 1) };
}

export interface MappedRecord {
  /** The values as the file has them (neutralised cells restored), before the form's rules. */
  values: CustomerValues;
  /** The unmapped columns' non-empty cells, "Header: value" a line each. */
  note: string;
}

/** A record of the file as a customer's values, by the mapping. */
export function mapRecord(cells: string[], headers: string[], mapping: Mapping): MappedRecord {
  const values = Object.fromEntries(CUSTOMER_FIELDS.map((field) => [field, ''])) as CustomerValues;
  const kept: string[] = [];
  let name = '';
  mapping.columns.forEach((target, index) => {
    const cell = unneutralised(cells[index] ?? '');
    if (target === '') {
      if (mapping.note && cell.trim() !== '')
        kept.push(`${headers[index] || `Column ${index + 1}`}: ${cell.trim()}`);
    } else if (target === 'name') {
      name ||= cell;
    } else if (values[target] === '') {
      values[target] = cell;
    }
  });
  if (name.trim() !== '') {
    const split = splitName(name);
    if (values.first_name.trim() === '') values.first_name = split.first;
    if (values.last_name.trim() === '') values.last_name = split.last;
  }
  return { values, note: kept.join('\n') };
}

/** What a mapping lacks to make customers: a name (first and last, or a whole name). */
export function mappingProblem(mapping: Mapping): string | undefined {
  const has = (target: Target) => mapping.columns.includes(target);
  if (!has('name') && !(has('first_name') && has('last_name')))
    return 'Choose the columns for first and last name, or one column with the whole name: every customer needs both.';
  return undefined;
}
