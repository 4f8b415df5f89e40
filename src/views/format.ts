// Dates and numbers shown in the reader's locale (from Accept-Language), stored as UTC.
interface Formatters {
  date: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
  number: Intl.NumberFormat;
}
const cache = new Map<string, Formatters>();

/**
 * The first supported language the browser asks for, as language[-Script][-REGION] only, or en-US.
 * Extensions and private-use parts are dropped, so the formatter cache below stays a bounded set.
 */
export function pickLocale(acceptLanguage: string | undefined): string {
  for (const part of (acceptLanguage ?? '').split(',').slice(0, 10)) {
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

/** Every formatter for a locale, made once (making one is the dear part of Intl). */
function formatters(locale: string): Formatters {
  let entry = cache.get(locale);
  if (!entry) {
    if (cache.size >= 200) cache.clear();
    entry = {
      date: new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone: 'UTC',
      }),
      dateTime: new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'UTC',
      }),
      number: new Intl.NumberFormat(locale),
    };
    cache.set(locale, entry);
  }
  return entry;
}

// A table shows many rows from the same days; Intl formatting is the dear part, so days are remembered.
const formattedDays = new Map<string, string>();

export function formatDate(iso: string, locale: string): string {
  const key = `${locale}|${iso.slice(0, 10)}`;
  const known = formattedDays.get(key);
  if (known !== undefined) return known;
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime()) ? '' : formatters(locale).date.format(date);
  if (formattedDays.size >= 5000) formattedDays.clear();
  formattedDays.set(key, text);
  return text;
}

/** A moment, to the minute, in UTC (said so: the server does not know the reader's time zone). */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : `${formatters(locale).dateTime.format(date)} UTC`;
}

export function formatNumber(value: number, locale: string): string {
  return formatters(locale).number.format(value);
}

/** A person's name as Folio shows it, marked when they are no longer on the team (deactivated). */
export function personLabel(name: string, deactivatedAt: string | null | boolean): string {
  return deactivatedAt ? `${name} (former member)` : name;
}
