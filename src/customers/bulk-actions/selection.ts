// What a bulk form says was selected: the customers ticked (or every one on the page, listed by the
// page), or every customer the search finds; and the moment the selection was made. Pure: the
// queries check the ids against the workspace.
import * as v from 'valibot';
import { CustomerSchema, FIELD_LABELS, CUSTOMER_FIELDS, type CustomerField } from '../schema.js';
import { BadListQuery, FILTER_NAMES, NO_FILTER, parseFilter } from '../listing.js';
import type { Selection } from './queries.js';
import { isId } from '../../http/params.js';

/** Customers a person may pick one by one in one request; more is "all matching". */
export const MAX_PICKED = 1000;

/** Past this many customers an action runs in the background, batch after batch. */
export const SYNC_LIMIT = 1000;

/** The form as a bulk request sends it: each field's values (ticked boxes share one name). */
export type BulkForm = Record<string, string[]>;

export class BadSelection extends Error {
  constructor(
    message: string,
    readonly status: 400 | 422,
  ) {
    super(message);
  }
}

const first = (form: BulkForm, name: string) => form[name]?.[0];

function idsOf(raw: string[]): number[] {
  const ids = new Set<number>();
  for (const part of raw) {
    if (!isId(part))
      throw new BadSelection('That selection holds something that is not a customer.', 400);
    ids.add(Number(part));
  }
  return [...ids];
}

/**
 * The selection and its moment. `scope` says which: the ticked boxes (`id`, the default), the whole
 * page (`page`: its ids, listed by the page), or every match of the search (`q`) or of the trash's
 * (`in=trash`). `at` is when the page was shown (milliseconds), never later than now.
 */
export function parseSelection(
  form: BulkForm,
  now: number,
  timeZone = 'UTC',
): { selection: Selection; selectedAt: number } {
  const at = first(form, 'at') ?? '';
  if (!/^\d{1,15}$/.test(at))
    throw new BadSelection('That selection is out of date. Reload the page and select again.', 400);
  const selectedAt = Math.min(Number(at), now);
  const scope = first(form, 'scope') ?? 'ids';
  const trash = first(form, 'in') === 'trash';
  if (scope === 'matching') {
    const q = (first(form, 'q') ?? '').slice(0, 1000);
    if (trash) return { selection: { trash: { q } }, selectedAt };
    const filter = { ...NO_FILTER };
    for (const name of FILTER_NAMES) filter[name] = first(form, name) ?? '';
    try {
      parseFilter(filter, timeZone); // checked now: a broken filter is refused before anything runs
    } catch (error) {
      if (error instanceof BadListQuery) throw new BadSelection(error.message, 400);
      throw error;
    }
    return { selection: { list: { q, filter, timeZone } }, selectedAt };
  }
  if (scope !== 'ids' && scope !== 'page')
    throw new BadSelection('That selection is not one Folio knows.', 400);
  const raw = scope === 'page' ? (first(form, 'page') ?? '').split(',') : (form.id ?? []);
  const ids = idsOf(raw.filter((part) => part !== ''));
  if (ids.length === 0)
    throw new BadSelection('Select at least one customer first (tick the boxes beside them).', 422);
  if (ids.length > MAX_PICKED)
    throw new BadSelection(
      `Select at most ${MAX_PICKED.toLocaleString('en-US')} customers one by one. To act on more, choose all customers matching the search.`,
      422,
    );
  return { selection: { ids }, selectedAt };
}

/** A field and value to set for every selected customer, validated like the field in a single edit. */
export function parseFieldValue(
  form: BulkForm,
):
  | { ok: true; field: CustomerField; value: string }
  | { ok: false; field: string; value: string; message: string } {
  const field = first(form, 'field') ?? '';
  const value = first(form, 'value') ?? '';
  if (!(CUSTOMER_FIELDS as readonly string[]).includes(field))
    return { ok: false, field, value, message: 'Choose the field to set.' };
  const known = field as CustomerField;
  const parsed = v.safeParse(CustomerSchema.entries[known], value);
  if (!parsed.success)
    return {
      ok: false,
      field,
      value,
      message: `${FIELD_LABELS[known]}: ${parsed.issues[0].message}`,
    };
  return { ok: true, field: known, value: parsed.output };
}
