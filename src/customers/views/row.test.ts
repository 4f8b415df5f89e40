// The table row is written as a template, not JSX: every field a person typed must come out as the
// same text and attribute values, whatever it holds, with no markup of its own.
import { describe, expect, it } from 'vitest';
import { html, one, textOf } from '../../testing/html.js';
import type { ListedCustomer } from '../queries.js';
import { marksOf } from '../highlight.js';
import { searchPlan } from '../keys.js';
import { CustomerRow } from './row.js';

const HOSTILE = `<b>x</b> & "q" 'a' &amp; \r<script>alert(1)</script>`;
const reader = { locale: 'en-US', timeZone: 'UTC', now: Date.parse('2026-11-25T12:00:00Z') };

function customer(value: string): ListedCustomer {
  return {
    id: 42,
    first_name: `Ada${value}`,
    last_name: `Lovelace${value}`,
    email: `ada${value}@example.com`,
    phone: `+1 555 0100${value}`,
    city: `London${value}`,
    state: `LDN${value}`,
    created_at: '2026-11-20T10:00:00.000Z',
    touched_at: '2026-11-25T10:00:00.000Z',
  };
}

describe('a customer row', () => {
  it.each([
    ['without a search', null],
    ['with the search words marked', 'ada london 555'],
  ])('shows every field as typed, hostile text included (%s)', (_, q) => {
    const c = customer(HOSTILE);
    const row = CustomerRow({ customer: c, reader, marks: marksOf(q ? searchPlan(q) : null) });
    // No element or attribute comes from the values: only the row's own markup.
    const doc = html(row as string);
    expect(doc.querySelectorAll('script, b')).toHaveLength(0);
    const tr = one(doc, 'tr');
    // A parser reads a bare CR in an attribute as LF; the row writes it as a reference, kept as is.
    expect(tr.getAttribute('aria-label')).toBe(
      `${c.first_name} ${c.last_name}, ${c.email}, ${c.city}, ${c.state}`,
    );
    expect(textOf(one(doc, '.customer-name bdi'))).toBe(
      `${c.first_name} ${c.last_name}`.replace(/\s+/g, ' ').trim(),
    );
    expect(one(doc, '.col-email a').getAttribute('href')).toBe(`mailto:${c.email}`);
    expect(one(doc, '.col-email bdi').text).toBe(c.email);
    expect(one(doc, '.col-phone a').text).toBe(c.phone);
    expect(one(doc, '.col-location bdi').text).toBe(`${c.city}, ${c.state}`);
    expect(one(doc, '[data-action="edit"]').getAttribute('aria-label')).toBe(
      `Edit ${c.first_name} ${c.last_name}`,
    );
    expect(one(doc, '[data-action="delete"]').getAttribute('aria-label')).toBe(
      `Delete ${c.first_name} ${c.last_name}`,
    );
    if (q) expect(doc.querySelectorAll('mark').length).toBeGreaterThanOrEqual(4);
  });

  it('escapes hostile text in every column it reads, the dates and the way back included', () => {
    const c: ListedCustomer = {
      id: 42,
      first_name: HOSTILE,
      last_name: HOSTILE,
      email: HOSTILE,
      phone: HOSTILE,
      city: HOSTILE,
      state: HOSTILE,
      created_at: HOSTILE,
      touched_at: HOSTILE,
    };
    const note = { noteId: 7, safeExcerpt: 'a <mark>note</mark>' };
    const row = CustomerRow({ customer: c, reader, back: `?back=${HOSTILE}`, note }) as string;
    const doc = html(row);
    expect(doc.querySelectorAll('script, b')).toHaveLength(0);
    expect(doc.querySelectorAll('tr')).toHaveLength(1);
    const tr = one(doc, 'tr');
    expect(tr.getAttribute('id')).toBe('customer-42');
    expect(tr.getAttribute('data-customer-id')).toBe('42');
    const times = doc.querySelectorAll('time');
    expect(times.map((time) => time.getAttribute('datetime'))).toEqual([HOSTILE, HOSTILE]);
    expect(one(doc, '.select-row').getAttribute('aria-label')).toBe(`Select ${HOSTILE} ${HOSTILE}`);
    expect(one(doc, '.col-phone a').getAttribute('href')).toBe('tel:1');
    expect(one(doc, '.avatar').text).toBe('<<');
    expect(one(doc, '[data-action="delete"]').getAttribute('href')).toBe(
      `/customers/42/delete?back=${HOSTILE}`,
    );
    expect(one(doc, '.row-note-match').getAttribute('href')).toBe('/customers/42/notes/7');
  });

  it('keeps & and CR in attributes as references, as every other view writes them', () => {
    const row = CustomerRow({ customer: customer(' R&amp;D\r'), reader }) as string;
    expect(row).toContain(
      'aria-label="Ada R&amp;amp;D&#13; Lovelace R&amp;amp;D, ada R&amp;amp;D&#13;@example.com,',
    );
    expect(row).not.toMatch(/="[^"]*\r/);
  });
});
