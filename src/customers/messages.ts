// What Folio says about a customer in words (toasts, notices): plain text, escaped where it is shown.
import { formatDate, type Reader } from '../views/format.js';
import { fullName } from './display.js';
import { FIELD_LABELS, type CustomerField, type CustomerValues } from './schema.js';

/** Who deleted a customer, and when (ISO). */
export interface Deletion {
  by: string | null;
  byYou: boolean;
  at: string;
}

const listFormat = new Intl.ListFormat('en', { type: 'conjunction' });

/** "City, State and ZIP code". */
export function fieldNames(fields: readonly CustomerField[]): string {
  return listFormat.format(fields.map((field) => FIELD_LABELS[field]));
}

/** "Sam Lee was deleted by you on Nov 24, 2026." */
export function deletionText(
  customer: Pick<CustomerValues, 'first_name' | 'last_name'>,
  deletion: Deletion,
  reader: Reader,
): string {
  const who = deletion.byYou ? 'you' : (deletion.by ?? 'someone');
  return `${fullName(customer)} was deleted by ${who} on ${formatDate(deletion.at, reader)}.`;
}

/** The toast after a save: what was saved, and whose changes to other fields were kept. */
export function savedMessage(
  decision: {
    outcome: 'ok' | 'merged';
    changed: boolean;
    restored: boolean;
    kept?: CustomerField[];
  },
  customer: Pick<CustomerValues, 'first_name' | 'last_name'>,
  teammate: { name: string | null; byYou: boolean },
): string {
  const name = fullName(customer);
  const saved = decision.restored
    ? `Restored ${name} with your changes.`
    : decision.changed
      ? `Saved ${name}.`
      : `No changes to save for ${name}.`;
  const kept = decision.kept ?? [];
  if (decision.outcome !== 'merged' || kept.length === 0) return saved;
  const changes = kept.length === 1 ? 'change' : 'changes';
  const whose = teammate.byYou
    ? `your ${changes} from another tab or device`
    : `${teammate.name ?? 'a teammate'}’s ${changes}`;
  return `${saved} Kept ${whose} to ${fieldNames(kept)}.`;
}
