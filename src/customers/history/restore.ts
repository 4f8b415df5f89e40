// Putting back from history, as an edit: the values come from the event (never from the form), and
// the form says which version and values the person saw, so a change made since by someone else is
// merged or reported as a conflict exactly like any other save.
import type { DB } from '../../db/database.js';
import type { SaveRequest } from '../merge.js';
import { getCustomerRecord } from '../queries.js';
import { CUSTOMER_FIELDS, valuesOf, type CustomerField } from '../schema.js';
import { changeEvent, valuesAfter } from './queries.js';
import type { EventDetails } from './record.js';

export interface RestoreEdit {
  request: SaveRequest;
  details: EventDetails;
}

/**
 * The save that puts back one field's old value (form `field`) or the whole customer as it was right
 * after the event (form `whole=1`). Undefined when the event, the field or the customer is not there.
 */
export async function restoreEdit(
  db: DB,
  workspaceId: number,
  customerId: number,
  eventId: number,
  form: Record<string, string>,
): Promise<RestoreEdit | undefined> {
  const event = await changeEvent(db, workspaceId, customerId, eventId);
  if (!event) return undefined;
  const seen = { version: form.version ?? '' };
  if (form.whole === '1') {
    const stored = await getCustomerRecord(db, workspaceId, customerId);
    if (!stored) return undefined;
    const values = await valuesAfter(db, customerId, eventId, valuesOf(stored));
    const bases = Object.fromEntries(
      CUSTOMER_FIELDS.flatMap((field) => {
        const base = form[`base_${field}`];
        return base === undefined ? [] : [[`base_${field}`, base]];
      }),
    );
    return {
      request: { form: { ...seen, ...bases, ...values }, mode: 'merge' },
      details: { restoredFrom: eventId, wholeCustomer: true },
    };
  }
  const field = form.field as CustomerField;
  const change = CUSTOMER_FIELDS.includes(field) ? event.changes[field] : undefined;
  if (!change) return undefined;
  const base = form[`base_${field}`];
  return {
    request: {
      form: {
        ...seen,
        ...(base === undefined ? {} : { [`base_${field}`]: base }),
        [field]: change[0],
      },
      mode: 'merge',
    },
    details: { restoredFrom: eventId },
  };
}
