// Input schemas for the customer forms: one rule per column, each message written for the person typing.
import * as v from 'valibot';

/** The editable columns, in form order. Form field names are the column names. */
export const CUSTOMER_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'address', 'city', 'state', 'zipcode'] as const;
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

// Tabs, newlines, NUL and the like have no place in a one-line field and would hide in the table.
// Format characters (Cc excluded) such as the right-to-left mark stay allowed: RTL names need them.
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
const PHONE_CHARACTERS = /^[0-9+().\- ]*$/;

/** A rule beyond length and characters: a test and the message shown when it fails. */
type Rule = [test: (value: string) => boolean, message: string];

function text(field: CustomerField, rules: Rule[] = []) {
  const max = MAX_LENGTHS[field];
  const broken = (value: string) => rules.find(([test]) => !test(value))?.[1];
  // A field left out of the form reads as empty, so it gets its own message rather than valibot's generic one.
  return v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check((value) => broken(value) === undefined, (issue) => broken(String(issue.input)) ?? 'Check this value.'),
      v.maxLength(max, `Use at most ${max} characters.`),
      v.regex(NO_CONTROL_CHARACTERS, 'Remove the tab, line break or other invisible character.'),
    ),
    '',
  );
}

const whenGiven = (test: (value: string) => boolean) => (value: string) => value === '' || test(value);

// rfcEmail() accepts what real addresses contain (o'brien@example.ie, which email() refuses); the dot
// in the domain rules out typos like name@example.
const EMAIL = v.pipe(v.string(), v.rfcEmail(), v.check((value) => /@[^@]+\.[^@.]+$/.test(value)));

export const CustomerSchema = v.object({
  first_name: text('first_name', [[(value) => value !== '', 'Enter a first name.']]),
  last_name: text('last_name', [[(value) => value !== '', 'Enter a last name.']]),
  email: text('email', [[whenGiven((value) => v.is(EMAIL, value)), 'Enter an email address like name@example.com.']]),
  phone: text('phone', [
    [(value) => PHONE_CHARACTERS.test(value), 'Use digits and + ( ) - . or spaces only.'],
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
export function submittedValues(form: Record<string, string>, base: CustomerValues = EMPTY_VALUES): CustomerValues {
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
