// What saving an edit does, decided from the form and the customer as stored now: a three-way merge per
// field between the values the form started from (base), what was typed (mine) and what is stored
// (theirs). Pure: queries.ts runs it inside the write transaction, routes.tsx turns it into a response.
import * as v from 'valibot';
import { fieldErrors, type FieldErrors } from '../http/forms.js';
import {
  CUSTOMER_FIELDS,
  CustomerSchema,
  VersionSchema,
  normalizeText,
  type CustomerField,
  type CustomerValues,
} from './schema.js';

/** The stored customer the decision is made against. */
export interface StoredCustomer extends CustomerValues {
  version: number;
  deleted_at: string | null;
}

export interface SaveRequest {
  /** The submitted form: field values, `version`, `base_<field>` and, after a conflict, `choose` and `keep_<field>`. */
  form: Record<string, string>;
  /** replace (POST, PUT): a field missing from a form without base values is empty. merge (PATCH): it is left alone. */
  mode: 'replace' | 'merge';
  /** "Restore with these values": a deleted customer is brought back rather than reported deleted. */
  restore?: boolean;
}

/** What the form should show again: values, the version and base it is now based on. */
interface Shown {
  /** The values for the form's fields (typed where typed, stored elsewhere). */
  values: CustomerValues;
  version: number;
  /** The values the form starts from (hidden fields); a field may have none (an old form). */
  base: Partial<CustomerValues>;
}

export type SaveDecision =
  | { outcome: 'not-found' }
  /** No usable version: every field that differs from the stored one is for the person to choose. */
  | ({ outcome: 'unversioned'; conflicts: CustomerField[]; mine: CustomerValues } & Shown)
  /** Deleted since the form was opened; what was typed is kept for "Restore with these values". */
  | ({ outcome: 'deleted' } & Shown)
  | ({ outcome: 'invalid'; errors: FieldErrors } & Shown)
  /** Fields both sides changed differently (or, after a conflict, not yet chosen); nothing written. */
  | ({
      outcome: 'conflict';
      conflicts: CustomerField[];
      unchosen: CustomerField[];
      mine: CustomerValues;
    } & Shown)
  /** Nobody else saved in between: these values are saved (`changed` false: nothing to write). */
  | { outcome: 'ok'; values: CustomerValues; changed: boolean; restored: boolean }
  /** Someone else saved in between, other fields: theirs kept (`kept`), mine applied. */
  | {
      outcome: 'merged';
      values: CustomerValues;
      changed: boolean;
      restored: boolean;
      kept: CustomerField[];
    };

/** Whether a save writes: only a decided save that changes something (or brings a customer back). */
export function writes(
  decision: SaveDecision,
): decision is Extract<SaveDecision, { outcome: 'ok' | 'merged' }> {
  return (
    (decision.outcome === 'ok' || decision.outcome === 'merged') &&
    (decision.changed || decision.restored)
  );
}

/**
 * Whether a typed value leaves the base as it was. The browser shows a stored line break as nothing
 * (one-line inputs drop them) and the schema trims and turns breaks into spaces, so a value that only
 * differs by that was not changed by the person: saving it would rewrite stored text nobody touched.
 */
export function sameAsBase(typed: string, base: string): boolean {
  const mine = normalizeText(typed);
  return (
    typed === base ||
    mine === normalizeText(base) ||
    mine === normalizeText(base.replace(/[\r\n]/g, ''))
  );
}

function valuesFrom(form: Record<string, string>, prefix: string): Partial<CustomerValues> {
  const values: Partial<CustomerValues> = {};
  for (const field of CUSTOMER_FIELDS) {
    const value = form[prefix + field];
    if (value !== undefined) values[field] = value;
  }
  return values;
}

function valuesOf(customer: CustomerValues): CustomerValues {
  return Object.fromEntries(
    CUSTOMER_FIELDS.map((field) => [field, customer[field]]),
  ) as CustomerValues;
}

/** The person's choices after a conflict: fields to choose for, and which side each keeps. */
function choices(form: Record<string, string>) {
  const listed = (form.choose ?? '')
    .split(/\s+/)
    .filter((name): name is CustomerField => (CUSTOMER_FIELDS as readonly string[]).includes(name));
  const keep = (field: CustomerField) =>
    form[`keep_${field}`] === 'mine' || form[`keep_${field}`] === 'theirs'
      ? form[`keep_${field}`]
      : undefined;
  return { listed, keep };
}

/**
 * What the form holds over the stored values: each field as typed, or, for a field the form left out,
 * the stored value (the person did not touch it) or empty (a whole-customer form without base values).
 */
function typedOver(request: SaveRequest, theirs: CustomerValues) {
  const typed = valuesFrom(request.form, '');
  const givenBase = valuesFrom(request.form, 'base_');
  const hasBase = Object.keys(givenBase).length > 0;
  // Without base values a replace form is the whole customer (missing = empty); with them, or in a PATCH,
  // a missing field is one the person did not touch.
  const untouched = (field: CustomerField) =>
    typed[field] === undefined && (hasBase || request.mode === 'merge');
  const mineRaw = Object.fromEntries(
    CUSTOMER_FIELDS.map((field) => [
      field,
      typed[field] ?? (untouched(field) ? theirs[field] : ''),
    ]),
  ) as CustomerValues;
  return { mineRaw, givenBase, untouched };
}

/** The schema's messages, for the fields the person changed only: a stored value that today's rules would refuse is not theirs to fix. */
function errorsIn(mineRaw: CustomerValues, mineChanged: CustomerField[]): FieldErrors {
  const parsed = v.safeParse(CustomerSchema, mineRaw);
  const allErrors = parsed.success ? {} : fieldErrors(parsed.issues);
  return Object.fromEntries(
    Object.entries(allErrors).filter(([field]) => mineChanged.includes(field as CustomerField)),
  );
}

/** No usable version: every field that differs from the stored one is for the person to choose. */
function unversioned(
  mineRaw: CustomerValues,
  theirs: CustomerValues,
  version: number,
): SaveDecision {
  const conflicts = CUSTOMER_FIELDS.filter((field) => !sameAsBase(mineRaw[field], theirs[field]));
  return {
    outcome: 'unversioned',
    conflicts,
    mine: mineRaw,
    values: mineRaw,
    version,
    base: theirs,
  };
}

/**
 * The fields the person changed from where the form started (`base`; unknown: from what is stored), and,
 * after a conflict, the fields still to choose for. Choosing theirs means "not changed by me".
 */
function changesBy(
  form: Record<string, string>,
  mineRaw: CustomerValues,
  theirs: CustomerValues,
  base: (field: CustomerField) => string | undefined,
  untouched: (field: CustomerField) => boolean,
) {
  const { listed, keep } = choices(form);
  const unchosen = listed.filter((field) => keep(field) === undefined);
  const changedByMe = (field: CustomerField) => {
    if (untouched(field) || (listed.includes(field) && keep(field) === 'theirs')) return false;
    const start = base(field);
    return start === undefined
      ? !sameAsBase(mineRaw[field], theirs[field])
      : !sameAsBase(mineRaw[field], start);
  };
  return { mineChanged: CUSTOMER_FIELDS.filter(changedByMe), unchosen };
}

export function decideSave(request: SaveRequest, stored: StoredCustomer | undefined): SaveDecision {
  if (!stored) return { outcome: 'not-found' };
  const { form } = request;
  const theirs = valuesOf(stored);
  const { mineRaw, givenBase, untouched } = typedOver(request, theirs);

  const version = v.safeParse(VersionSchema, form.version ?? '');
  if (!version.success) return unversioned(mineRaw, theirs, stored.version);
  // The version the form was based on is the stored one: nobody saved in between, so the stored values
  // are the base. Otherwise the form's own base values; a field without one has an unknown base.
  const current = version.output === stored.version;
  const base = (field: CustomerField) => (current ? theirs[field] : givenBase[field]);

  const { mineChanged, unchosen } = changesBy(form, mineRaw, theirs, base, untouched);
  const errors = errorsIn(mineRaw, mineChanged);
  // What the schema stores for a valid value is the value normalised (breaks to spaces, trimmed).
  const mine = Object.fromEntries(
    CUSTOMER_FIELDS.map((field) => [field, normalizeText(mineRaw[field])]),
  ) as CustomerValues;

  // Refused input is shown as typed, still based on the version it started from, so fixing it re-merges.
  if (Object.keys(errors).length > 0 && !(stored.deleted_at !== null && !request.restore)) {
    return {
      outcome: 'invalid',
      errors,
      values: mineRaw,
      version: version.output,
      base: current ? theirs : givenBase,
    };
  }
  // Deleted or conflicting: shown on top of what is stored now (their changes in, mine over them), so the
  // next submit is based on the newest version and a later change by someone else is merged again.
  const rebased = {
    ...theirs,
    ...Object.fromEntries(mineChanged.map((field) => [field, mineRaw[field]])),
  };
  const shown = { values: rebased, version: stored.version, base: theirs };
  const restoring = stored.deleted_at !== null;
  if (restoring && !request.restore) return { outcome: 'deleted', ...shown };

  const values = { ...theirs };
  for (const field of mineChanged) values[field] = mine[field];
  const changed = CUSTOMER_FIELDS.some((field) => values[field] !== theirs[field]);
  if (current)
    return unchosen.length
      ? { outcome: 'conflict', conflicts: unchosen, unchosen, mine: mineRaw, ...shown }
      : { outcome: 'ok', values, changed, restored: restoring };

  // Someone saved in between: a field is theirs when they changed it, a conflict when we both did, differently.
  const theirsChanged = (field: CustomerField) =>
    base(field) === undefined || base(field) !== theirs[field];
  const conflicts = mineChanged.filter(
    (field) => theirsChanged(field) && mine[field] !== theirs[field],
  );
  if (conflicts.length || unchosen.length) {
    return {
      outcome: 'conflict',
      conflicts: [...new Set([...conflicts, ...unchosen])],
      unchosen,
      mine: mineRaw,
      ...shown,
    };
  }
  const kept = CUSTOMER_FIELDS.filter(
    (field) => base(field) !== undefined && theirsChanged(field) && !mineChanged.includes(field),
  );
  return { outcome: 'merged', values, changed, restored: restoring, kept };
}
