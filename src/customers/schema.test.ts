import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { fieldErrors } from '../http/forms.js';
import {
  CUSTOMER_FIELDS,
  CustomerSchema,
  MAX_LENGTHS,
  VersionSchema,
  submittedValues,
} from './schema.js';

const valid = { first_name: 'Ada', last_name: 'Lovelace' };

function errorsOf(input: Record<string, string>) {
  const result = v.safeParse(CustomerSchema, input);
  return result.success ? {} : fieldErrors(result.issues);
}

function parse(input: Record<string, string>) {
  return v.parse(CustomerSchema, input);
}

describe('customer record rules', () => {
  it('trims every value and stores a missing or blank optional field as empty', () => {
    expect(
      parse({
        first_name: '  Ada ',
        last_name: '\u00a0Lovelace\t',
        email: '   ',
        city: ' London ',
      }),
    ).toEqual({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: '',
      phone: '',
      address: '',
      city: 'London',
      state: '',
      zipcode: '',
    });
  });

  it('requires a first and a last name, also when they are only spaces or left out', () => {
    expect(errorsOf({ first_name: '   ', last_name: '' })).toEqual({
      first_name: 'Enter a first name.',
      last_name: 'Enter a last name.',
    });
    expect(errorsOf({})).toEqual({
      first_name: 'Enter a first name.',
      last_name: 'Enter a last name.',
    });
  });

  it.each(CUSTOMER_FIELDS)('accepts %s at its longest and refuses one character more', (field) => {
    const max = MAX_LENGTHS[field];
    // An email's local part is 64 bytes at most and a domain label 63: the length sits in the domain.
    const fill = (n: number) =>
      field === 'email'
        ? `ada@${'x'.repeat(40)}.${'y'.repeat(n - 49)}.com`
        : field === 'phone'
          ? '1'.repeat(n)
          : 'x'.repeat(n);
    expect(errorsOf({ ...valid, [field]: fill(max) })[field]).toBeUndefined();
    expect(errorsOf({ ...valid, [field]: fill(max + 1) })[field]).toBe(
      `Use at most ${max} characters (this has ${max + 1}).`,
    );
  });

  it('counts length after trimming', () => {
    expect(errorsOf({ ...valid, city: `  ${'x'.repeat(50)}  ` }).city).toBeUndefined();
  });

  it('has the maximum lengths the issue asks for', () => {
    expect(MAX_LENGTHS).toEqual({
      first_name: 50,
      last_name: 50,
      email: 100,
      phone: 30,
      address: 100,
      city: 50,
      state: 50,
      zipcode: 20,
    });
  });

  it.each([
    'ada@example.com',
    "o'brien@example.ie",
    'first.last+crm@mail.example.co.uk',
    'ADA@EXAMPLE.COM',
    'ünï@exämple.de',
    'josé@bücher.example',
    '用户@例子.广告',
    'δοκιμή@παράδειγμα.δοκιμή',
    'ada@xn--exmple-cua.de',
  ])(
    'accepts the email address Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one. as typed',
    (email) => {
      expect(parse({ ...valid, email }).email).toBe(email);
    },
  );

  it.each([
    'ada',
    'ada@',
    '@example.com',
    'ada@example',
    'ada example@x.com',
    'ada@@example.com',
    '<ada@example.com>',
    'ada@exa mple.com',
    'ada@-example.com',
    'ada@example..com',
    'ada.@example.com',
    'ada@1.2.3.4',
    'ada@ex_ample.com',
    `${'ü'.repeat(33)}@example.com`,
    'ünï@exämple',
    'ada@💩.',
    '"ada"@example.com',
  ])(
    'refuses the email address Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.',
    (email) => {
      expect(errorsOf({ ...valid, email }).email).toBe(
        'Enter an email address like name@example.com.',
      );
    },
  );

  it.each([
    '+1 (555) 010-2030',
    '020 7946 0000',
    '555.010.2030',
    '+44-20-7946-0000',
    '911',
    '+44 20 7946 0958 ext 3',
    '555-1234 x123',
    '555-1234 ext. 12',
    '555 0100 EXT 2',
    '555 0100 extension 45',
    '555 0100 #4',
    'ext. 12',
  ])(
    'accepts the phone number Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.',
    (phone) => {
      expect(parse({ ...valid, phone }).phone).toBe(phone);
    },
  );

  it('refuses letters and other symbols in a phone number, and one without digits', () => {
    const message =
      'Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.';
    expect(errorsOf({ ...valid, phone: '555-CALL-NOW' }).phone).toBe(message);
    expect(errorsOf({ ...valid, phone: '555 0100 ext' }).phone).toBe(message);
    expect(errorsOf({ ...valid, phone: '555 0100 ext 2 ext 3' }).phone).toBe(message);
    expect(errorsOf({ ...valid, phone: '555 x 0100 x 1' }).phone).toBe(message);
    expect(errorsOf({ ...valid, phone: 'x' }).phone).toBe(message);
    expect(errorsOf({ ...valid, phone: '+() -' }).phone).toBe(
      'A phone number needs at least one digit.',
    );
  });

  it('turns a pasted tab or line break into a space, and refuses other control characters', () => {
    expect(
      parse({
        ...valid,
        address: '1 Main St\n2nd floor',
        city: 'New\tYork',
        state: 'a\r\n\r\nb\u2028c',
      }),
    ).toMatchObject({ address: '1 Main St 2nd floor', city: 'New York', state: 'a b c' });
    expect(parse({ ...valid, first_name: '\nAda\t' }).first_name).toBe('Ada');
    expect(errorsOf({ ...valid, first_name: 'A\u0000da' }).first_name).toBe(
      'Remove the invisible control character.',
    );
    expect(errorsOf({ ...valid, first_name: 'A\u001bda' }).first_name).toBe(
      'Remove the invisible control character.',
    );
  });

  it('keeps accents, apostrophes, emoji and right-to-left text exactly, marks included', () => {
    const input = {
      first_name: 'Zoë-Ångström',
      last_name: "O'Connor-Núñez 🌸",
      city: '\u200fתל אביב',
      state: 'القاهرة',
      address: '東京都港区 1-2-3',
    };
    expect(parse(input)).toMatchObject(input);
  });

  it('ignores fields it does not know', () => {
    const output = parse({
      ...valid,
      workspace_id: '7',
      id: '3',
      deleted_at: 'now',
      version: '9',
    });
    expect(Object.keys(output).sort()).toEqual([...CUSTOMER_FIELDS].sort());
  });
});

describe('version field', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    [' 7 ', 7],
  ])('reads %j as version %i', (raw, expected) => {
    expect(v.parse(VersionSchema, raw)).toBe(expected);
  });

  it.each(['', '0', '-1', '1.5', 'abc', '1e3', '0x10', '12345678901'])('refuses %j', (raw) => {
    expect(v.safeParse(VersionSchema, raw).success).toBe(false);
  });
});

describe('submittedValues', () => {
  it('keeps only the known fields, as typed, over a base', () => {
    const base = { ...parse(valid), city: 'Paris' };
    expect(submittedValues({ last_name: ' Byron ', evil: 'x' }, base)).toEqual({
      ...base,
      last_name: ' Byron ',
    });
  });
});
