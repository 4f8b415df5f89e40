import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  dayNumber,
  formatDate,
  formatDateTime,
  formatNumber,
  pickLocale,
  type Reader,
} from './format.js';

const reader = (locale: string, timeZone = 'UTC'): Reader => ({ locale, timeZone, now: 0 });

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
    expect(formatDate('2026-11-24T23:30:00.000Z', reader('en-US'))).toBe('Nov 24, 2026');
    expect(formatDate('2026-11-24T23:30:00.000Z', reader('de-DE'))).toBe('24. Nov. 2026');
    expect(formatDate('not a date', reader('en-US'))).toBe('');
  });

  it('formats a moment to the minute, named with its zone, and numbers, from the same per-reader formatters', () => {
    const moment = '2026-11-24T23:30:00.000Z';
    expect(formatDateTime(moment, reader('en-US'))).toBe('Nov 24, 2026, 11:30 PM UTC');
    expect(formatDateTime(moment, reader('de-DE'))).toBe('24. Nov. 2026, 23:30 UTC');
    expect(formatDateTime('not a date', reader('en-US'))).toBe('');
    expect(formatNumber(12345, reader('de-DE'))).toBe('12.345');
  });
});

describe('time zones', () => {
  const moment = '2026-11-25T14:04:00.000Z';

  it.each([
    ['Europe/Berlin', 'Nov 25, 2026, 3:04 PM GMT+1'],
    ['America/Los_Angeles', 'Nov 25, 2026, 6:04 AM PST'],
    ['Asia/Calcutta', 'Nov 25, 2026, 7:34 PM GMT+5:30'],
  ])('shows one instant in %s as %s', (zone, text) => {
    expect(formatDateTime(moment, reader('en-US', zone))).toBe(text);
  });

  it('follows summer time: the same zone, an hour apart across the change', () => {
    const berlin = reader('en-US', 'Europe/Berlin');
    expect(formatDateTime('2026-03-29T00:30:00.000Z', berlin)).toBe('Mar 29, 2026, 1:30 AM GMT+1');
    expect(formatDateTime('2026-03-29T01:30:00.000Z', berlin)).toBe('Mar 29, 2026, 3:30 AM GMT+2');
    const la = reader('en-US', 'America/Los_Angeles');
    expect(formatDateTime('2026-11-01T08:30:00.000Z', la)).toBe('Nov 1, 2026, 1:30 AM PDT');
    expect(formatDateTime('2026-11-01T09:30:00.000Z', la)).toBe('Nov 1, 2026, 1:30 AM PST');
  });

  it("puts a moment near midnight on the reader's day (the table's Added column)", () => {
    const late = '2026-11-24T23:30:00.000Z';
    expect(formatDate(late, reader('en-US'))).toBe('Nov 24, 2026');
    expect(formatDate(late, reader('en-US', 'Europe/Berlin'))).toBe('Nov 25, 2026');
    expect(formatDate(late, reader('en-US', 'Asia/Calcutta'))).toBe('Nov 25, 2026');
    expect(formatDate(late, reader('en-US', 'America/Los_Angeles'))).toBe('Nov 24, 2026');
    // Same UTC day, earlier: Los Angeles is still on the day before.
    expect(formatDate('2026-11-24T05:00:00.000Z', reader('en-US', 'America/Los_Angeles'))).toBe(
      'Nov 23, 2026',
    );
    // 18:29 and 18:31 UTC straddle midnight in Kolkata (+5:30): the half-hour offset counts.
    const kolkata = reader('en-US', 'Asia/Calcutta');
    expect(formatDate('2026-11-24T18:29:00.000Z', kolkata)).toBe('Nov 24, 2026');
    expect(formatDate('2026-11-24T18:31:00.000Z', kolkata)).toBe('Nov 25, 2026');
  });

  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['UTC', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['US/Pacific', 'America/Los_Angeles'],
    ['Asia/Kolkata', 'Asia/Calcutta'],
  ])('reads the zone %j as %s', (input, zone) => {
    expect(canonicalTimeZone(input)).toBe(zone);
  });

  it.each([
    ['Mars/Olympus'],
    [''],
    ['+01:00'],
    ['Europe/Berlin\n'],
    ['<b>'],
    ['x'.repeat(65)],
    [42],
  ])('refuses %j', (input) => {
    expect(canonicalTimeZone(input)).toBeNull();
  });
});

describe('dayNumber', () => {
  it('counts UTC days by arithmetic exactly as the formatter counts them', () => {
    const moments = [
      Date.parse('2026-11-25T23:59:59.999Z'),
      Date.parse('2026-11-26T00:00:00.000Z'),
      Date.parse('1969-12-31T23:59:59.999Z'),
      Date.parse('1900-02-28T12:00:00.000Z'),
      0,
    ];
    for (const ms of moments) {
      const utc = dayNumber(ms, { locale: 'en-US', timeZone: 'UTC', now: 0 });
      // Etc/UTC is the same clock, read through Intl.
      expect(utc).toBe(dayNumber(ms, { locale: 'en-US', timeZone: 'Etc/UTC', now: 0 }));
    }
    expect(
      dayNumber(Date.parse('2026-11-26T00:00:00Z'), { locale: 'en-US', timeZone: 'UTC', now: 0 }),
    ).toBe(Date.UTC(2026, 10, 26) / 86_400_000);
  });
});
