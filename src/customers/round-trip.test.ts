// Every stored value survives an unchanged save byte for byte: the real edit form is rendered, read as
// a browser reads it (parse5), submitted exactly as parsed, and the row must be untouched.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { browserForm } from '../testing/browser-form.js';
import {
  CUSTOMER_FIELDS,
  EMPTY_VALUES,
  type CustomerField,
  type CustomerValues,
} from './schema.js';
import { setup } from './testing.js';

// Text full of what HTML treats specially: entities (named, numeric, unterminated), quotes, tags.
const tricky = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '&',
      '&amp;',
      '&lt;',
      '&#13;',
      '&#x26;',
      '&copy',
      '&notin;',
      '"',
      "'",
      '<',
      '>',
      '</form>',
      '=',
      '`',
      ' ',
      'é',
      'e\u0301',
      '😀',
      '\u200f',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});

// Any text a row may hold (imported, or stored before today's rules): control characters, line breaks,
// spaces at the ends, values past the field's limit. Two things no HTML page can carry are left out:
// NUL (every parser turns it into U+FFFD) and lone surrogates (not text; SQLite stores UTF-8).
const stored = fc
  .oneof(
    tricky,
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({
      unit: fc.constantFrom('\r', '\n', '\t', ' ', '\r\n', '\u000b', '&#13;', 'x'),
      maxLength: 8,
    }),
    fc.string({ minLength: 101, maxLength: 140 }),
  )
  .map((value) => value.replace(/[\u0000\ud800-\udfff]/gu, ''));

const customer = fc.record(
  Object.fromEntries(CUSTOMER_FIELDS.map((field) => [field, stored])) as Record<
    CustomerField,
    fc.Arbitrary<string>
  >,
);

describe('an unchanged save', async () => {
  const { client, seed, stored } = await setup();

  async function unchangedSave(values: CustomerValues, htmx: boolean) {
    const { id } = await seed(values);
    const before = await stored(id);
    const html = await (await client.get(`/customers/${id}/edit`, { htmx })).text();
    const form = browserForm(html, `/customers/${id}`);
    const response = await client.request(
      htmx ? 'PUT' : 'POST',
      form.action,
      Object.fromEntries(form.data),
      { htmx },
    );
    return { response, before, after: await stored(id) };
  }

  it('keeps R&amp;D as R&amp;D (the edit form escapes & in attributes)', async () => {
    const { before, after } = await unchangedSave(
      { ...EMPTY_VALUES, first_name: 'Ada', last_name: 'Lovelace', address: 'R&amp;D' },
      false,
    );
    expect(after).toEqual(before);
    expect(after?.address).toBe('R&amp;D');
  });

  it('keeps every value byte for byte, on the page and in the inline row', async () => {
    await fc.assert(
      fc.asyncProperty(customer, fc.boolean(), async (values, htmx) => {
        const { response, before, after } = await unchangedSave(values, htmx);
        expect(response.status).toBe(htmx ? 200 : 303);
        // Nothing written: not the values, not the version, not who changed it last.
        expect(after).toEqual(before);
      }),
      { numRuns: 40 },
    );
    // Forty page renders, parses and saves: a few seconds, more on a busy machine.
  }, 30_000);
});
