// When something happened, said the way people say it.
import { dayNumber, formatDate, formatDateTime, relativeFormat, type Reader } from './format.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "5 minutes ago", "2 hours ago", "yesterday", then the day ("Nov 20, 2026"), in the
 * reader's locale (Intl.RelativeTimeFormat) and counted in their time zone and from reader.now, the
 * app's clock. Empty for a value that is not a moment.
 */
export function relativeTime(iso: string, reader: Reader): string {
  return relativeWording(iso, reader).text;
}

/**
 * relativeTime's words, and until when they hold: the first moment after reader.now at which they may
 * read otherwise (a minute's words to the minute's end, a date three days back for good; reader.now
 * itself past an hour and inside three days, where the words turn at the reader's midnight). What
 * keeps a row it wrote (customers/views/kept-rows.ts) asks again only then.
 */
export function relativeWording(iso: string, reader: Reader): { text: string; until: number } {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return { text: '', until: Infinity };
  const ago = reader.now - at;
  // Clocks of two machines disagree by a little; a moment from the future beyond that is a date.
  if (ago < -MINUTE) return { text: formatDate(iso, reader), until: at - MINUTE };
  if (ago < MINUTE) {
    const text = /^en(-|$)/.test(reader.locale) ? 'just now' : phrase(reader, 0, 'second');
    return { text, until: at + MINUTE };
  }
  if (ago < HOUR) {
    const minutes = Math.floor(ago / MINUTE);
    return { text: phrase(reader, -minutes, 'minute'), until: at + (minutes + 1) * MINUTE };
  }
  // Three days back is two calendar days back at least in every zone (an offset moves back by an hour
  // or two, never a day, in our time): neither today nor yesterday, no need to count the days.
  if (ago >= 3 * DAY) return { text: formatDate(iso, reader), until: Infinity };
  const days = dayNumber(reader.now, reader) - dayNumber(at, reader);
  const text =
    days === 0 || ago < 12 * HOUR
      ? phrase(reader, -Math.floor(ago / HOUR), 'hour')
      : days === 1
        ? phrase(reader, -1, 'day')
        : formatDate(iso, reader);
  return { text, until: reader.now };
}

// A page says "9 hours ago" for row after row, and asking Intl is the dear part: its phrase for a
// locale, count and unit is remembered (bounded: cleared when full).
const phrases = new Map<string, string>();

function phrase(reader: Reader, count: number, unit: Intl.RelativeTimeFormatUnit): string {
  const key = `${reader.locale}|${count}|${unit}`;
  let text = phrases.get(key);
  if (text === undefined) {
    if (phrases.size >= 1000) phrases.clear();
    text = relativeFormat(reader).format(count, unit);
    phrases.set(key, text);
  }
  return text;
}

/**
 * A recent moment as `<time datetime="…">2 hours ago</time>`, with the exact date-time in the
 * reader's zone shown on hover and on keyboard focus (it can take focus for that), and always read
 * by screen readers: `<When at={note.created_at} reader={readerOf(c)} />`.
 */
export function When({ at, reader }: { at: string; reader: Reader }): JSX.Element {
  const relative = relativeTime(at, reader);
  if (!relative) return '';
  return (
    <time class="when" datetime={new Date(at).toISOString()} tabindex="0">
      <span safe>{relative}</span>
      <span class="when-exact" safe>{` (${formatDateTime(at, reader)})`}</span>
    </time>
  );
}
