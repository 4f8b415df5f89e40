import { describe, expect, it } from 'vitest';
import { ROWS_SLOT, pageBytes } from './render.js';

/** A table page with a place for its rows. */
const PAGE = `<table><tbody>${ROWS_SLOT}<tr class="empty"></tr></tbody></table>`;

describe('pageBytes', () => {
  it('puts the rows in at the slot: the same bytes as the page written whole', () => {
    const rows = ['<tr><td>Ada</td></tr>', '<tr><td>東京 Łódź</td></tr>', '<tr><td>🌸 ß</td></tr>'];
    const bytes = Buffer.from(pageBytes(PAGE, rows));
    expect(bytes.equals(Buffer.from(PAGE.replace(ROWS_SLOT, rows.join(''))))).toBe(true);
  });

  it('converts many rows in groups, and still gives the page written whole', () => {
    // 2,000 rows of about 48 characters, one with an astral letter: three groups of 32K characters.
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `<tr id="customer-${i}"><td>${i === 1234 ? '😀 Zoë' : 'Grace Hopper'}</td></tr>`,
    );
    const whole = PAGE.replace(ROWS_SLOT, rows.join(''));
    expect(whole.length).toBeGreaterThan(2 * 32 * 1024);
    expect(Buffer.from(pageBytes(PAGE, rows)).equals(Buffer.from(whole))).toBe(true);
  });

  it('leaves a page without rows as it is, an empty slot included', () => {
    const page = '<p>Łukasz</p>';
    expect(Buffer.from(pageBytes(page)).toString('utf8')).toBe(page);
    expect(Buffer.from(pageBytes(PAGE, [])).toString('utf8')).toBe(
      '<table><tbody><tr class="empty"></tr></tbody></table>',
    );
  });

  it('refuses rows for a page with no place for them', () => {
    expect(() => pageBytes('<p>no table</p>', ['<tr></tr>'])).toThrow(/ROWS_SLOT/);
  });
});
