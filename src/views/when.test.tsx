import { describe, expect, it } from 'vitest';
import { html as parse, one, textOf } from '../testing/html.js';
import type { Reader } from './format.js';
import { relativeTime, relativeWording, When } from './when.js';

const NOW = Date.parse('2026-11-25T09:00:00.000Z');
const reader = (timeZone = 'UTC', locale = 'en-US'): Reader => ({ locale, timeZone, now: NOW });
const before = (ms: number) => new Date(NOW - ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('relative time', () => {
  it.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [-30_000, 'just now'], // a clock a little ahead
    [MINUTE, '1 minute ago'],
    [5 * MINUTE + 59_000, '5 minutes ago'],
    [2 * HOUR, '2 hours ago'],
    [9 * HOUR, '9 hours ago'],
    [13 * HOUR, 'yesterday'], // 20:00 the day before
    [47 * HOUR, 'Nov 23, 2026'],
    [-2 * HOUR, 'Nov 25, 2026'], // from the future: just the day
  ])('%i ms before now reads as %j', (ms, text) => {
    expect(relativeTime(before(ms), reader())).toBe(text);
  });

  it("counts yesterday in the reader's zone", () => {
    // 20:00 UTC on Nov 24 is 01:30 on Nov 25 in Kolkata, the same day as 14:30 now there.
    expect(relativeTime(before(13 * HOUR), reader('Asia/Calcutta'))).toBe('13 hours ago');
    // Los Angeles: now is 01:00 on Nov 25; 11 hours before is 14:00 on Nov 24, but recent.
    expect(relativeTime(before(11 * HOUR), reader('America/Los_Angeles'))).toBe('11 hours ago');
    expect(relativeTime(before(20 * HOUR), reader('America/Los_Angeles'))).toBe('yesterday');
    expect(relativeTime(before(26 * HOUR), reader('America/Los_Angeles'))).toBe('Nov 23, 2026');
  });

  it("speaks the reader's language", () => {
    const german = reader('Europe/Berlin', 'de-DE');
    expect(relativeTime(before(0), german)).toBe('jetzt');
    expect(relativeTime(before(5 * MINUTE), german)).toBe('vor 5 Minuten');
    expect(relativeTime(before(20 * HOUR), german)).toBe('gestern');
    expect(relativeTime(before(3 * 24 * HOUR), german)).toBe('22. Nov. 2026');
    expect(relativeTime('not a date', german)).toBe('');
  });

  it('says until when its words hold, and they do hold until then', () => {
    const zones = ['UTC', 'America/Los_Angeles', 'Asia/Calcutta', 'Pacific/Chatham'];
    let held = 0;
    for (const timeZone of zones)
      for (let ago = -2 * 24 * HOUR; ago < 5 * 24 * HOUR; ago += 7 * MINUTE + 13_000) {
        const at = reader(timeZone);
        const { text, until } = relativeWording(before(ago), at);
        expect(text).toBe(relativeTime(before(ago), at));
        expect(until).toBeGreaterThanOrEqual(NOW);
        if (until === NOW) continue;
        held += 1;
        const later = Math.min(until - 1, NOW + 10 * 24 * HOUR);
        for (const now of [NOW + 1, (NOW + later) / 2, later])
          expect(relativeTime(before(ago), { ...at, now })).toBe(text);
      }
    // Minutes, dates three days back and the future's dates hold; hours are asked again.
    expect(held).toBeGreaterThan(zones.length * 700);
    expect(relativeWording('garbage', reader()).until).toBe(Infinity);
  });

  it('renders a focusable <time> whose exact moment in the reader’s zone is in its text', async () => {
    const at = before(2 * HOUR);
    const time = one(parse(await (<When at={at} reader={reader('Europe/Berlin')} />)), 'time');
    expect(time.getAttribute('datetime')).toBe(at);
    expect(time.getAttribute('class')).toBe('when');
    expect(time.getAttribute('tabindex')).toBe('0');
    expect(textOf(one(time, '.when-exact'))).toBe('(Nov 25, 2026, 8:00 AM GMT+1)');
    expect(textOf(time)).toBe('2 hours ago (Nov 25, 2026, 8:00 AM GMT+1)');
    expect(await (<When at="garbage" reader={reader()} />)).toBe('');
  });
});
