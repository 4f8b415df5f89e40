// What a merge of two records does, decided from the form and both records as stored now: which record
// is kept, each field's value (chosen side by side; by default the newest non-empty one), and every way
// the request can be refused. Pure: queries.ts runs it inside the write transaction, routes.tsx turns
// it into a response. (Not merge.ts: that is the three-way merge of one record's concurrent edits.)
import * as v from 'valibot';
import { fieldErrors, type FieldErrors } from '../../http/forms.js';
import {
  CUSTOMER_FIELDS,
  CustomerSchema,
  VersionSchema,
  normalizeText,
  type CustomerField,
  type CustomerValues,
} from '../schema.js';

/** The two records of a merge page: `a` is the one in the address, `b` the one it is merged with. */
export type Side = 'a' | 'b';
export const SIDES: readonly Side[] = ['a', 'b'];
export const otherSide = (side: Side): Side => (side === 'a' ? 'b' : 'a');

/** A record as the decision needs it. */
export interface MergeRecord extends CustomerValues {
  id: number;
  version: number;
  updated_at: string;
  deleted_at: string | null;
}

/** What the person chose: the record to keep and, per field, whose value. */
export interface MergeChoices {
  keep: Side;
  picks: Record<CustomerField, Side>;
}

/** The fields whose values differ between the two records: the only ones with a choice. */
export function differing(a: CustomerValues, b: CustomerValues): CustomerField[] {
  return CUSTOMER_FIELDS.filter((field) => a[field] !== b[field]);
}

/** The record changed last ("newest" for the defaults): the later last change, else the later id. */
function newer(a: MergeRecord, b: MergeRecord): Side {
  if (a.updated_at !== b.updated_at) return a.updated_at > b.updated_at ? 'a' : 'b';
  return a.id > b.id ? 'a' : 'b';
}

/** The defaults: keep `a` (the record the page was opened from); each field its newest non-empty value. */
export function defaultChoices(a: MergeRecord, b: MergeRecord): MergeChoices {
  const records = { a, b };
  const newest = newer(a, b);
  const picks = Object.fromEntries(
    CUSTOMER_FIELDS.map((field) => [
      field,
      records[newest][field] !== '' ? newest : otherSide(newest),
    ]),
  ) as Record<CustomerField, Side>;
  return { keep: 'a', picks };
}

const asSide = (raw: string | undefined): Side | undefined =>
  raw === 'a' || raw === 'b' ? raw : undefined;

/**
 * The choices a form made, over the defaults (a field without a choice keeps its default). Choices
 * made on values that changed since the page was shown (`seen_<side>_<field>`) are dropped for the
 * default: the person chose between other values.
 */
export function choicesOf(
  form: Record<string, string>,
  a: MergeRecord,
  b: MergeRecord,
): { choices: MergeChoices; changedSince: CustomerField[] } {
  const defaults = defaultChoices(a, b);
  const records = { a, b };
  const changedSince = CUSTOMER_FIELDS.filter((field) =>
    SIDES.some((side) => {
      const seen = form[`seen_${side}_${field}`];
      return seen !== undefined && seen !== records[side][field];
    }),
  );
  const picks = { ...defaults.picks };
  for (const field of CUSTOMER_FIELDS) {
    const chosen = asSide(form[`pick_${field}`]);
    if (chosen && !changedSince.includes(field)) picks[field] = chosen;
  }
  return { choices: { keep: asSide(form.keep) ?? defaults.keep, picks }, changedSince };
}

/** The values the kept record will hold: each field from the side chosen for it. */
export function chosenValues(
  a: MergeRecord,
  b: MergeRecord,
  picks: Record<CustomerField, Side>,
): CustomerValues {
  const records = { a, b };
  return Object.fromEntries(
    CUSTOMER_FIELDS.map((field) => [field, records[picks[field]][field]]),
  ) as CustomerValues;
}

export type MergeDecision =
  | { outcome: 'missing' }
  | { outcome: 'self' }
  /** One of the two is in the trash already. */
  | { outcome: 'trashed'; side: Side }
  /** Either record was edited after the page was shown: the page again, on today's values. */
  | { outcome: 'stale'; sides: Side[]; choices: MergeChoices; changedSince: CustomerField[] }
  /** A value the kept record would take fails today's rules. */
  | { outcome: 'invalid'; errors: FieldErrors; choices: MergeChoices }
  | { outcome: 'merge'; keep: Side; values: CustomerValues };

/** Why two records cannot be merged whatever is chosen: the same record, or one in the trash. */
export function refusal(
  a: MergeRecord,
  b: MergeRecord,
): Extract<MergeDecision, { outcome: 'self' | 'trashed' }> | undefined {
  if (a.id === b.id) return { outcome: 'self' };
  const trashed = SIDES.find((side) => ({ a, b })[side].deleted_at !== null);
  return trashed ? { outcome: 'trashed', side: trashed } : undefined;
}

/** The versions the page showed, or null when the form does not say (a hand-made request). */
function seenVersions(form: Record<string, string>): Record<Side, number> | null {
  const a = v.safeParse(VersionSchema, form.a_version ?? '');
  const b = v.safeParse(VersionSchema, form.b_version ?? '');
  return a.success && b.success ? { a: a.output, b: b.output } : null;
}

/**
 * The merge a form asks for, against both records as stored now. A value the kept record already has
 * is not checked again (a stored value today's rules would refuse is not the merge's to fix); a value
 * it takes from the other record is, and is stored as the form would store it (trimmed).
 */
export function decideMerge(
  form: Record<string, string>,
  a: MergeRecord | undefined,
  b: MergeRecord | undefined,
): MergeDecision {
  if (!a || !b) return { outcome: 'missing' };
  const refused = refusal(a, b);
  if (refused) return refused;
  const { choices, changedSince } = choicesOf(form, a, b);
  const seen = seenVersions(form);
  const stale = SIDES.filter((side) => seen?.[side] !== { a, b }[side].version);
  if (stale.length > 0) return { outcome: 'stale', sides: stale, choices, changedSince };
  const kept = { a, b }[choices.keep];
  const chosen = chosenValues(a, b, choices.picks);
  const taken = CUSTOMER_FIELDS.filter((field) => chosen[field] !== kept[field]);
  const parsed = v.safeParse(CustomerSchema, chosen);
  const errors = parsed.success
    ? {}
    : Object.fromEntries(
        Object.entries(fieldErrors(parsed.issues)).filter(([field]) =>
          taken.includes(field as CustomerField),
        ),
      );
  if (Object.keys(errors).length > 0) return { outcome: 'invalid', errors, choices };
  const values = { ...chosen };
  for (const field of taken) values[field] = normalizeText(chosen[field]);
  return { outcome: 'merge', keep: choices.keep, values };
}
