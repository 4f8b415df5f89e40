// Dates and numbers as the reader reads them: in their locale (from Accept-Language) and their time
// zone (Account settings, or guessed by their browser at sign-in; UTC until one is known). Stored UTC.

/** Who is reading: every formatter takes this, so a date never shows without its zone. */
export interface Reader {
  locale: string;
  /** An IANA name Intl accepts (canonicalTimeZone), or 'UTC'. */
  timeZone: string;
  /** When they read it: the app's clock (deps.now), so "5 minutes ago" is testable. */
  now: number;
}

interface Formatters {
  date: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
  number: Intl.NumberFormat;
  relative: Intl.RelativeTimeFormat;
  /** Year, month and day as numbers in the zone, for counting calendar days. */
  day: Intl.DateTimeFormat;
  /** The zone's wall clock as numbers, for its offset from UTC. */
  offsetParts: Intl.DateTimeFormat;
}
const cache = new Map<string, Formatters>();

/**
 * The first supported language the browser asks for, as language[-Script][-REGION] only, or en-US.
 * Extensions and private-use parts are dropped, so the formatter cache below stays a bounded set.
 */
export function pickLocale(acceptLanguage: string | undefined): string {
  const header = acceptLanguage ?? '';
  // Browsers send the same few headers on every request; Intl's checks are dear (bounded: cleared when full).
  let locale = pickedLocales.get(header);
  if (locale === undefined) {
    if (pickedLocales.size >= 1000) pickedLocales.clear();
    pickedLocales.set(header, (locale = firstSupportedLocale(header)));
  }
  return locale;
}
const pickedLocales = new Map<string, string>();

function firstSupportedLocale(acceptLanguage: string): string {
  for (const part of acceptLanguage.split(',').slice(0, 10)) {
    const tag = part.split(';')[0]?.trim();
    if (!tag || tag === '*' || tag.length > 35) continue;
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag);
      if (!supported) continue;
      const { language, script, region } = new Intl.Locale(supported);
      return [language, script, region].filter(Boolean).join('-');
    } catch {
      // Malformed tag: try the next one.
    }
  }
  return 'en-US';
}

let knownZones: Set<string> | undefined;

/**
 * The zone's name as this server's Intl spells it (aliases resolve: "Asia/Kolkata" may read as
 * "Asia/Calcutta", "US/Pacific" as "America/Los_Angeles"), or null for anything that is not one of
 * the zones Account settings offers. What is stored is always such a name, so it formats anywhere.
 */
export function canonicalTimeZone(name: unknown): string | null {
  if (typeof name !== 'string' || name.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name))
    return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return resolved === 'UTC' || timeZoneNames().has(resolved) ? resolved : null;
}

/** Every zone a person can choose, sorted, UTC included. */
export function timeZoneNames(): Set<string> {
  knownZones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')].sort());
  return knownZones;
}

/** The formatters asked for last: a page asks for the same ones for every row. */
let last: { locale: string; timeZone: string; entry: Formatters } | undefined;

/** Every formatter for a locale and zone, made once (making one is the dear part of Intl). */
function formatters({ locale, timeZone }: Pick<Reader, 'locale' | 'timeZone'>): Formatters {
  if (last && last.locale === locale && last.timeZone === timeZone) return last.entry;
  const key = `${locale}|${timeZone}`;
  let entry = cache.get(key);
  if (!entry) {
    // Locales are a bounded set (pickLocale) and zones are checked names, but a flood of both
    // must not grow memory.
    if (cache.size >= 200) cache.clear();
    entry = {
      date: new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone,
      }),
      // Spelled out rather than dateStyle/timeStyle, which cannot carry the zone's name.
      dateTime: new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      }),
      number: new Intl.NumberFormat(locale),
      relative: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
      day: new Intl.DateTimeFormat('en-US', {
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        timeZone,
      }),
      offsetParts: new Intl.DateTimeFormat('en-US', {
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
        timeZone,
      }),
    };
    cache.set(key, entry);
  }
  last = { locale, timeZone, entry };
  return entry;
}

// A table shows the same rows' moments on every view of a page, and Intl's formatting is the dear
// part of a row: results are remembered by locale, zone and value (bounded: cleared when full).
function remember<T>(known: Map<string, T>, key: string, value: T): T {
  if (known.size >= 5000) known.clear();
  known.set(key, value);
  return value;
}

const formattedDays = new Map<string, string>();
const formattedMoments = new Map<string, string>();
const dayNumbers = new Map<string, number>();

/** The day of a moment, in the reader's zone: "Nov 24, 2026". */
export function formatDate(iso: string, reader: Reader): string {
  // Every zone's offset is whole minutes, so the day a minute falls on is the same for all of it.
  const key = `${reader.locale}|${reader.timeZone}|${iso.slice(0, 16)}`;
  const known = formattedDays.get(key);
  if (known !== undefined) return known;
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime()) ? '' : formatters(reader).date.format(date);
  return remember(formattedDays, key, text);
}

/** A moment, to the minute, in the reader's zone and named with it: "Nov 25, 2026, 3:04 PM GMT+1". */
export function formatDateTime(iso: string, reader: Reader): string {
  const key = `${reader.locale}|${reader.timeZone}|${iso}`;
  const known = formattedMoments.get(key);
  if (known !== undefined) return known;
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime()) ? '' : formatters(reader).dateTime.format(date);
  return remember(formattedMoments, key, text);
}

export function formatNumber(value: number, reader: Reader): string {
  return formatters(reader).number.format(value);
}

/** The reader's relative-time formatter ("5 minutes ago", "yesterday"); see views/when.tsx. */
export function relativeFormat(reader: Reader): Intl.RelativeTimeFormat {
  return formatters(reader).relative;
}

/** The calendar day of a moment in the reader's zone, as a count of days (for "yesterday"). */
export function dayNumber(ms: number, reader: Reader): number {
  // UTC's calendar days are whole multiples of a day from the epoch: no formatter needed.
  if (reader.timeZone === 'UTC') return Math.floor(ms / 86_400_000);
  // Every zone's offset is whole minutes, so a minute's moments share a day: asked once a minute for
  // "now", which is new on every request.
  const minute = Math.floor(ms / 60_000) * 60_000;
  const key = `${reader.timeZone}|${minute}`;
  const known = dayNumbers.get(key);
  if (known !== undefined) return known;
  const parts = formatters(reader).day.formatToParts(minute);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return remember(
    dayNumbers,
    key,
    Date.UTC(part('year'), part('month') - 1, part('day')) / 86_400_000,
  );
}

/** A person's name as Folio shows it, marked when they are no longer on the team (deactivated). */
export function personLabel(name: string, deactivatedAt: string | null | boolean): string {
  return deactivatedAt ? `${name} (former member)` : name;
}

/** How far the zone's clocks are ahead of UTC at a moment, in milliseconds. */
function zoneOffset(ms: number, timeZone: string): number {
  const parts = formatters({ locale: 'en-US', timeZone }).offsetParts.formatToParts(ms);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour') % 24,
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The first moment of a calendar day (year, month 1-12, day) in a time zone, in milliseconds: the
 * reader's "added after Nov 24" starts at their midnight. Where midnight does not exist (a zone that
 * springs forward at 00:00) it is the first moment that does.
 */
export function startOfDay(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  const first = wall - zoneOffset(wall, timeZone);
  const second = wall - zoneOffset(first, timeZone);
  const exact = [first, second].filter((ms) => ms + zoneOffset(ms, timeZone) === wall);
  return exact.length > 0 ? Math.min(...exact) : Math.max(first, second);
}
