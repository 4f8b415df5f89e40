import { describe, expect, it } from 'vitest';
import { ROWS_SLOT, pageBytes, utf8 } from './render.js';

/** A table page with a place for its rows. */
const PAGE = `<table><tbody>${ROWS_SLOT}<tr class="empty"></tr></tbody></table>`;

describe('pageBytes', () => {
  it('puts the rows in at the slot: the same bytes as the page written whole', () => {
    // A lone surrogate (half of an emoji cut off) is written as U+FFFD, as Node writes it anywhere.
    const rows = [
      '<tr><td>Ada</td></tr>',
      '<tr><td>東京 Łódź</td></tr>',
      '<tr><td>🌸 ß</td></tr>',
      '<tr><td>\ud83c cut</td></tr>',
    ];
    const bytes = Buffer.from(pageBytes(PAGE, rows));
    expect(bytes.equals(Buffer.from(PAGE.replace(ROWS_SLOT, rows.join(''))))).toBe(true);
  });

  it('writes many rows, more than its reused space holds at first, and still gives the page written whole', () => {
    // 2,000 rows of about 48 characters, one with an astral letter: up to 288 KB of UTF-8 (256 KB kept).
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `<tr id="customer-${i}"><td>${i === 1234 ? '😀 Zoë' : 'Grace Hopper'}</td></tr>`,
    );
    const whole = PAGE.replace(ROWS_SLOT, rows.join(''));
    expect(whole.length * 3).toBeGreaterThan(256 * 1024);
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

describe('utf8', () => {
  it('gives the UTF-8 of small and large pages, one-byte or not, a lone surrogate as U+FFFD', () => {
    for (const repeat of [1, 100, 5_000]) {
      for (const text of ['Grace Hopper, Zoë', 'Łódź 東京 🌸', 'half an emoji \ud83c cut']) {
        const page = `<p>${text}</p>`.repeat(repeat);
        expect(Buffer.from(utf8(page)).equals(new TextEncoder().encode(page))).toBe(true);
      }
    }
    expect([...utf8('a\ud83cb')]).toEqual([0x61, 0xef, 0xbf, 0xbd, 0x62]);
  });
});
