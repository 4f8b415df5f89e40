// Input schemas for the customer forms: one rule per column, each message written for the person typing.
import { domainToASCII } from 'node:url';
import * as v from 'valibot';

/** The editable columns, in form order. Form field names are the column names. */
export const CUSTOMER_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'city',
  'state',
  'zipcode',
] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
export type CustomerValues = Record<CustomerField, string>;

export const FIELD_LABELS: Record<CustomerField, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  city: 'City',
  state: 'State',
  zipcode: 'ZIP code',
};

/** Longest value per field, in UTF-16 code units: the same unit the browser's maxlength counts. */
export const MAX_LENGTHS: Record<CustomerField, number> = {
  first_name: 50,
  last_name: 50,
  email: 100,
  phone: 30,
  address: 100,
  city: 50,
  state: 50,
  zipcode: 20,
};

export const EMPTY_VALUES: CustomerValues = {
  first_name: '',
  last_name: '',
  email: '',
  phone: '',
  address: '',
  city: '',
  state: '',
  zipcode: '',
};

// A pasted tab or line break (a run of them, CRLF included) becomes one space: a one-line field cannot
// show it, and refusing it would make the person hunt for something invisible.
const LINE_BREAKS_AND_TABS = /(?:\r\n|[\t\n\v\f\r\u0085\u2028\u2029])+/g;

/** What the schema makes of a typed value before checking it: breaks and tabs as spaces, trimmed. */
export function normalizeText(value: string): string {
  return value.replace(LINE_BREAKS_AND_TABS, ' ').trim();
}

// NUL, escape and the like have no place in a one-line field and would hide in the table. Format
// characters (Cc excluded) such as the right-to-left mark stay allowed: RTL names need them.
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;

/** A rule beyond length and characters: a test and the message shown when it fails. */
type Rule = [test: (value: string) => boolean, message: string];

function text(field: CustomerField, rules: Rule[] = []) {
  const max = MAX_LENGTHS[field];
  const broken = (value: string) => rules.find(([test]) => !test(value))?.[1];
  // A field left out of the form reads as empty, so it gets its own message rather than valibot's generic one.
  return v.optional(
    v.pipe(
      v.string(),
      v.transform(normalizeText),
      v.check(
        (value) => broken(value) === undefined,
        (issue) => broken(String(issue.input)) ?? 'Check this value.',
      ),
      // The form has no maxlength attribute (it cuts a paste silently): the limit is said here and in the hint.
      v.maxLength(
        max,
        (issue) => `Use at most ${max} characters (this has ${String(issue.input).length}).`,
      ),
      v.regex(NO_CONTROL_CHARACTERS, 'Remove the invisible control character.'),
    ),
    '',
  );
}

const whenGiven = (test: (value: string) => boolean) => (value: string) =>
  value === '' || test(value);

// RFC 5322 atext, widened by RFC 6531 to any non-ASCII letter, mark or digit (ünï@…, 用户@…).
const LOCAL_PART =
  /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * An address a mail server would take, internationalised ones included: a dot-atom local part (non-ASCII
 * allowed, 64 bytes at most) and a domain that IDNA turns into ASCII labels (exämple.de is
 * xn--exmple-cua.de), with at least two labels, so typos like name@example are caught.
 */
function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  if (at < 1 || !LOCAL_PART.test(local) || Buffer.byteLength(local) > 64) return false;
  const domain = domainToASCII(value.slice(at + 1));
  const labels = domain.split('.');
  return (
    domain.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    !/^\d+$/.test(labels.at(-1)!)
  );
}

// The number itself (digits and + ( ) - . spaces), then an optional extension: "ext 3", "ext. 12", "x123", "#4".
// Unambiguous (the extension starts with a letter or #), so a long paste is checked in linear time.
const PHONE = /^[0-9+().\- ]*(?:(?:ext\.?|extension|x|#) *\d{1,6})?$/i;

export const CustomerSchema = v.object({
  first_name: text('first_name', [[(value) => value !== '', 'Enter a first name.']]),
  last_name: text('last_name', [[(value) => value !== '', 'Enter a last name.']]),
  email: text('email', [
    [whenGiven(isEmailAddress), 'Enter an email address like name@example.com.'],
  ]),
  phone: text('phone', [
    [
      (value) => PHONE.test(value),
      'Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.',
    ],
    [whenGiven((value) => /\d/.test(value)), 'A phone number needs at least one digit.'],
  ]),
  address: text('address'),
  city: text('city'),
  state: text('state'),
  zipcode: text('zipcode'),
});

/** The version the form was editing: a positive whole number, or the request is refused. */
export const VersionSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[1-9]\d{0,8}$/),
  v.transform((value) => Number(value)),
);

/** The submitted values as typed (for re-showing a refused form), limited to the known fields. */
export function submittedValues(
  form: Record<string, string>,
  base: CustomerValues = EMPTY_VALUES,
): CustomerValues {
  const values = { ...base };
  for (const field of CUSTOMER_FIELDS) {
    const value = form[field];
    if (value !== undefined) values[field] = value;
  }
  return values;
}

export function valuesOf(customer: CustomerValues): CustomerValues {
  const values = { ...EMPTY_VALUES };
  for (const field of CUSTOMER_FIELDS) values[field] = customer[field];
  return values;
}
