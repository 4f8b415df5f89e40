// What a save shows, from what it decided (merge.ts) and the customer as stored: the editor again with
// its messages, conflict or deletion and the status that says why, or the saved customer with its toast.
// Pure, so each outcome is tested without HTTP; routes.tsx renders it as a row or a page.
import { personLabel } from '../views/format.js';
import { fullName } from './display.js';
import type { SaveDecision } from './merge.js';
import { savedMessage, type Deletion } from './messages.js';
import type { CustomerWithAuthors, SavedEdit } from './queries.js';
import type { Customer } from '../db/tables.js';
import type { EditorProps } from './views/editor-form.js';

/** The editor's content, without what every request adds (CSRF token, reader). */
export type EditorState = Omit<EditorProps, 'csrfToken' | 'reader'>;

export type SaveOutcome =
  | { show: 'missing' }
  | { show: 'editor'; state: EditorState; status: 400 | 409 | 422 }
  | {
      show: 'saved';
      customer: Customer;
      toast: { kind: 'success' | 'info'; text: string };
      /** Brought back from the trash: the row rejoins the table (with the count). */
      restored: boolean;
    };

/** Who last changed a customer, marked when they are a former member (null: unknown). */
function editorName(customer: CustomerWithAuthors): string | null {
  return customer.updated_by_name === null
    ? null
    : personLabel(customer.updated_by_name, customer.updated_by_deactivated_at);
}

/** Who deleted a customer and when, as the views say it (undefined: not deleted). */
export function deletionOf(customer: CustomerWithAuthors, me: number): Deletion | undefined {
  if (!customer.deleted_at) return undefined;
  return { by: editorName(customer), byYou: customer.updated_by === me, at: customer.deleted_at };
}

type Refused = Exclude<SaveDecision, { outcome: 'not-found' | 'ok' | 'merged' }>;

/** A save that did not go through: the editor again, based on the version it now merges against. */
function editorAgain(decision: Refused, stored: CustomerWithAuthors, me: number): SaveOutcome {
  const editing = {
    customer: { id: stored.id, version: decision.version, name: fullName(stored) },
    values: decision.values,
    base: decision.base,
  };
  const deleted = deletionOf(stored, me);
  switch (decision.outcome) {
    case 'invalid':
      return {
        show: 'editor',
        state: { ...editing, errors: decision.errors, deleted },
        status: 422,
      };
    case 'deleted':
      return { show: 'editor', state: { ...editing, deleted }, status: 409 };
    case 'unversioned':
    case 'conflict': {
      const stale = decision.outcome === 'conflict';
      const conflict = {
        ...decision,
        reason: stale ? 'stale' : 'unversioned',
        theirs: stored,
        byYou: stored.updated_by === me,
      } as const;
      return { show: 'editor', state: { ...editing, conflict }, status: stale ? 409 : 400 };
    }
  }
}

export function saveOutcome(
  { decision, stored, saved }: SavedEdit<SaveDecision>,
  me: number,
): SaveOutcome {
  if (decision.outcome === 'not-found' || !stored) return { show: 'missing' };
  if (decision.outcome !== 'ok' && decision.outcome !== 'merged')
    return editorAgain(decision, stored, me);
  const customer = saved ?? stored;
  const teammate = { name: editorName(stored), byYou: stored.updated_by === me };
  return {
    show: 'saved',
    customer,
    toast: {
      kind: decision.changed || decision.restored ? 'success' : 'info',
      text: savedMessage(decision, customer, teammate),
    },
    restored: decision.restored,
  };
}
