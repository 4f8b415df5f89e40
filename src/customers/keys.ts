// How a customer is found and sorted: text folded the same way everywhere (search words, stored search
// terms, sort keys, highlighting), computed here in TypeScript and stored with the row, so every
// database engine finds and orders exactly the same rows by plain byte comparison (BINARY in SQLite,
// COLLATE "C" in PostgreSQL). Pure functions, no I/O.
//
// Stored data depends on these functions: migrations/0006 fills existing rows with a frozen copy of
// them. Changing what they return for some text needs a new migration that recomputes the columns.

/** Letters that Unicode does not decompose into a base letter and a mark, folded as readers expect. */
const LETTERS: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ſ: 's',
  ς: 'σ',
};
const ASCII = /^[\x00-\x7f]*$/;
const UNDECOMPOSED = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/**
 * Text without case or accents: "Østergaard" -> "ostergaard", "JOSÉ" -> "jose", "Ｆｕｌｌ" -> "full".
 * Compatibility forms unfold (NFKD), marks go, then Hangul and the like recompose (NFC).
 */
export function fold(text: string): string {
  // Most text is plain ASCII, which none of the steps below changes but the case (an import folds
  // every field of 100,000 rows several times over).
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(UNDECOMPOSED, (letter) => LETTERS[letter]!)
    .normalize('NFC');
}

/**
 * The words of a text as search compares them: folded runs of letters and runs of digits, split at
 * anything else and where letters meet digits ("grace.hopper42" -> grace, hopper, 42). Numbers in
 * email addresses would otherwise make thousands of distinct words ("hopper1" ... "hopper996") that a
 * prefix search must merge one by one.
 */
function foldedWords(text: string): string[] {
  // In ASCII the letters are a-z once folded and the numbers 0-9: the same words, found without
  // Unicode's tables (an import splits 100,000 customers' fields into words).
  if (ASCII.test(text)) return text.toLowerCase().match(/[a-z]+|[0-9]+/g) ?? [];
  return fold(text).match(/\p{L}+|\p{N}+/gu) ?? [];
}

// --- sort keys -----------------------------------------------------------------------------------

/** Separates last from first name in the name key; sorts below every character a folded name holds. */
export const NAME_SEPARATOR = '\u0001';
/**
 * Ends the name in the name key, before the city: the name sort orders by name, then city, and
 * duplicates by name and city compare the name key alone, one index for both (migrations/0022).
 */
export const CITY_SEPARATOR = '\u0002';

/** Printable ASCII words, one space between them: folding lowers their case and changes nothing else. */
const PLAIN_WORDS = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/** A value as the table sorts it: folded, spaces collapsed, control characters gone. Empty stays empty. */
export function sortKey(text: string): string {
  if (PLAIN_WORDS.test(text)) return text.toLowerCase();
  return fold(text)
    .replace(/[\p{Cc}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

// --- search terms --------------------------------------------------------------------------------

/**
 * Stored terms are a kind letter and folded text: "w" for a word of a searched field (matched by
 * prefix), "p" for a run of a phone number's digits (every suffix of 4 or more digits, so a prefix of
 * one is any run of 4+ digits inside the number). Kinds keep "7325" typed as a word from reaching
 * into the middle of a phone number when it is shorter than a run.
 */
export type TermKind = 'w' | 'p';
const MIN_PHONE_RUN = 4;

/** The digits a phone number is dialled by: up to any extension ("ext", "x"), without punctuation. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\p{L}.*$/su, '').replace(/\D/g, '');
}

/** Every suffix of the number's digits that is at least MIN_PHONE_RUN long. */
export function phoneRuns(phone: string): string[] {
  const digits = phoneDigits(phone);
  const runs: string[] = [];
  for (let start = 0; digits.length - start >= MIN_PHONE_RUN; start += 1)
    runs.push(digits.slice(start));
  return runs;
}

/** The searched fields of a customer (the address is shown on the record page, not searched). */
export interface SearchedValues {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  city: string;
  state: string;
  zipcode: string;
}

/**
 * The customer's search terms, space-separated with a leading space, so " w" + word finds a word
 * prefix with a plain substring test and the full-text index reads the same terms as words.
 */
export function searchText(values: SearchedValues): string {
  const text = [
    values.first_name,
    values.last_name,
    values.email,
    values.phone,
    values.city,
    values.state,
    values.zipcode,
  ].join(' ');
  const terms = new Set([
    ...foldedWords(text).map((word) => `w${word}`),
    ...phoneRuns(values.phone).map((run) => `p${run}`),
  ]);
  return terms.size === 0 ? '' : ` ${[...terms].join(' ')}`;
}

/**
 * The search terms of a customer's notes, stored beside its own (customers.note_terms): every folded
 * word of every live note, once, so a note's words find the customer with the same search.
 */
export function noteTerms(bodies: string[]): string {
  const terms = new Set(bodies.flatMap((body) => foldedWords(body).map((word) => `w${word}`)));
  return terms.size === 0 ? '' : ` ${[...terms].join(' ')}`;
}

/** Fewer digits than this are an extension or a typo, not a number two customers could share. */
export const MIN_PHONE_KEY = 7;

/** A phone number as duplicates compare it: its dialled digits, or '' when too short to tell people apart. */
export function phoneKey(phone: string): string {
  const digits = phoneDigits(phone);
  return digits.length >= MIN_PHONE_KEY ? digits : '';
}

/** The stored columns derived from a customer's values: every writer stores these with the values. */
export interface CustomerKeys {
  /** "last \u0001 first \u0002 city", folded. */
  name_key: string;
  email_key: string;
  city_key: string;
  /** The list's state filter compares this (migrations/0014). */
  state_key: string;
  /** Duplicates by phone compare this (migrations/0014). */
  phone_key: string;
  search_text: string;
}

export function customerKeys(values: SearchedValues): CustomerKeys {
  const city_key = sortKey(values.city);
  return {
    name_key: `${sortKey(values.last_name)}${NAME_SEPARATOR}${sortKey(values.first_name)}${CITY_SEPARATOR}${city_key}`,
    email_key: sortKey(values.email),
    city_key,
    state_key: sortKey(values.state),
    phone_key: phoneKey(values.phone),
    search_text: searchText(values),
  };
}

/** Values with the sort keys and search terms derived from them: every write of values stores both. */
export function withKeys<T extends SearchedValues>(values: T): T & CustomerKeys {
  // Not `{ ...values, ...keys }`: V8 copies a second spread property by property, 10 µs a customer.
  return Object.assign({}, values, customerKeys(values));
}

// --- what a search asks for ----------------------------------------------------------------------

/** A stored term that must begin with `text`. */
export interface Term {
  kind: TermKind;
  text: string;
}
/** Any of the terms. */
export type TermGroup = Term[];
/** Every group. */
export type Alternative = TermGroup[];
/** A search: any of its alternatives, each a list of groups that must all match. */
export type SearchPlan = Alternative[];

const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 40;

/**
 * What a search box query asks for, or null when it holds no word. Every word must begin a stored word
 * (one letter is a word too); a word of 4+ digits may also be a run inside a phone number. A query that
 * looks like a phone number ("(716) 555-7325") also matches its digits run together.
 */
export function searchPlan(q: string): SearchPlan | null {
  const words = [...new Set(foldedWords(q.slice(0, 1000)))]
    .slice(0, MAX_WORDS)
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
  if (words.length === 0) return null;
  const isRun = (word: string) => /^\d+$/.test(word) && word.length >= MIN_PHONE_RUN;
  const all: Alternative = words.map((text) =>
    isRun(text)
      ? [
          { kind: 'w', text },
          { kind: 'p', text },
        ]
      : [{ kind: 'w', text }],
  );
  const digits = q.replace(/\D/g, '').slice(0, MAX_WORD_LENGTH);
  const phoneLike = /^[\d\s+().-]+$/.test(q.trim()) && digits.length >= MIN_PHONE_RUN;
  if (!phoneLike || (words.length === 1 && words[0] === digits)) return [all];
  return [
    [
      [
        { kind: 'p', text: digits },
        { kind: 'w', text: digits },
      ],
    ],
    all,
  ];
}
