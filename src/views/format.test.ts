import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, pickLocale } from './format.js';

describe('locale', () => {
  it.each([
    [undefined, 'en-US'],
    ['', 'en-US'],
    ['de-DE,de;q=0.9,en;q=0.8', 'de-DE'],
    ['fr', 'fr'],
    ['zh-Hant-TW', 'zh-Hant-TW'],
    ['en-GB-x-anything-goes', 'en-GB'],
    ['de-DE-u-ca-buddhist', 'de-DE'],
    ['*', 'en-US'],
    ['not a locale!!, es-MX', 'es-MX'],
  ])('Accept-Language %j reads as %s', (header, locale) => {
    expect(pickLocale(header)).toBe(locale);
  });

  it("formats a stored UTC date in the reader's locale", () => {
    expect(formatDate('2026-11-24T23:30:00.000Z', 'en-US')).toBe('Nov 24, 2026');
    expect(formatDate('2026-11-24T23:30:00.000Z', 'de-DE')).toBe('24. Nov. 2026');
    expect(formatDate('not a date', 'en-US')).toBe('');
  });

  it('formats a moment to the minute, said as UTC, and numbers, from the same per-locale formatters', () => {
    expect(formatDateTime('2026-11-24T23:30:00.000Z', 'en-US')).toBe('Nov 24, 2026, 11:30 PM UTC');
    expect(formatDateTime('2026-11-24T23:30:00.000Z', 'de-DE')).toBe('24.11.2026, 23:30 UTC');
    expect(formatDateTime('not a date', 'en-US')).toBe('');
    expect(formatNumber(12345, 'de-DE')).toBe('12.345');
  });
});
