// Account settings, time zone: a select of every zone this server's Intl knows, grouped by region.
// Pure functions of their props.
import { CsrfField } from '../views/components.js';
import { latin1Markup } from '../views/escape.js';
import { formatDateTime, timeZoneNames, type Reader } from '../views/format.js';

let regions: Map<string, string[]> | undefined;

/** "Europe" → ["Europe/Amsterdam", …], sorted; made once (the list is the same for every page). */
function zonesByRegion(): Map<string, string[]> {
  if (!regions) {
    regions = new Map();
    for (const zone of timeZoneNames()) {
      if (!zone.includes('/')) continue;
      const region = zone.slice(0, zone.indexOf('/'));
      regions.set(region, [...(regions.get(region) ?? []), zone]);
    }
  }
  return regions;
}

/** "America/Argentina/Buenos_Aires" → "Argentina / Buenos Aires" (the region is the group's label). */
function placeName(zone: string): string {
  return zone
    .slice(zone.indexOf('/') + 1)
    .replaceAll('_', ' ')
    .replaceAll('/', ' / ');
}

function ZoneOption({ zone, label, chosen }: { zone: string; label: string; chosen: string }) {
  return (
    <option value={zone} selected={zone === chosen} safe>
      {label}
    </option>
  );
}

// Some 400 options, the same for everyone who chose the same zone: written once per choice (bounded).
const optionsByChoice = new Map<string, string>();

function zoneOptions(current: string): JSX.Element {
  let safeOptions = optionsByChoice.get(current);
  if (safeOptions === undefined) {
    safeOptions = (
      <>
        <ZoneOption zone="UTC" label="UTC" chosen={current} />
        {[...zonesByRegion()].map(([region, zones]) => (
          <optgroup label={region}>
            {zones.map((zone) => (
              <ZoneOption zone={zone} label={placeName(zone)} chosen={current} />
            ))}
          </optgroup>
        ))}
      </>
    ) as string;
    if (optionsByChoice.size >= 50) optionsByChoice.clear();
    // In one piece: some 3,000 joins, copied again by every Account page as a tree (56 µs of 400).
    safeOptions = latin1Markup(safeOptions);
    optionsByChoice.set(current, safeOptions);
  }
  return safeOptions;
}

export function TimeZoneSettings({
  csrfToken,
  chosen,
  reader,
  error,
}: {
  csrfToken: string;
  /** The stored zone, or null while none is known (then UTC applies). */
  chosen: string | null;
  reader: Reader;
  error?: string | undefined;
}): JSX.Element {
  const current = chosen ?? 'UTC';
  const describedBy = error ? 'time-zone-hint field-time_zone-error' : 'time-zone-hint';
  // To the minute, as it is shown: formatted once a minute (formatDateTime keeps what it formatted).
  const now = formatDateTime(
    new Date(Math.floor(reader.now / 60_000) * 60_000).toISOString(),
    reader,
  );
  return (
    <section class="panel" aria-labelledby="time-zone-title" id="time-zone">
      <h2 id="time-zone-title">Time zone</h2>
      <form method="post" action="/settings/account/time-zone" class="stack narrow">
        <CsrfField token={csrfToken} />
        <div class={error ? 'field field-invalid' : 'field'}>
          <label for="field-time_zone">Time zone</label>
          <select
            name="time_zone"
            id="field-time_zone"
            aria-describedby={describedBy}
            aria-invalid={error ? 'true' : undefined}
          >
            {zoneOptions(current)}
          </select>
          <p class="field-hint" id="time-zone-hint" safe>
            {`Folio shows dates and times in this zone: it is now ${now}.${
              chosen
                ? ''
                : ' Not chosen yet: UTC until you choose one, or sign in with JavaScript on.'
            }`}
          </p>
          {error ? (
            <p class="field-error" id="field-time_zone-error" safe>
              {error}
            </p>
          ) : (
            ''
          )}
        </div>
        <button type="submit" class="button">
          Save time zone
        </button>
      </form>
    </section>
  );
}
