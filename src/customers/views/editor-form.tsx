// What the inline editor and the form page share: their props, where the form posts, and the hidden
// starting point a save merges against.
import type { FieldErrors } from '../../http/forms.js';
import type { Reader } from '../../views/format.js';
import type { Deletion } from '../messages.js';
import { CUSTOMER_FIELDS, type CustomerValues } from '../schema.js';
import { customerUrl } from './common.js';
import type { Conflict } from './editor-conflict.js';
import type { DuplicateMatch } from '../duplicates/queries.js';

export interface EditorProps {
  /** Absent for a new customer. `name` is the stored name, for the heading while the fields change. */
  customer?: { id: number; version: number | string; name: string } | undefined;
  values: CustomerValues;
  /** The values the form started from, sent back as hidden fields for the three-way merge on save. */
  base?: Partial<CustomerValues> | undefined;
  errors?: FieldErrors | undefined;
  conflict?: Conflict | undefined;
  deleted?: Deletion | undefined;
  /** Other customers these values match (duplicates/rules.ts): the save waits for "Save anyway". */
  duplicates?: DuplicateMatch[] | undefined;
  /** Without JavaScript, where the saved new customer is shown: the list (search) the person came from. */
  back?: string | undefined;
  csrfToken: string;
  reader: Reader;
}

export function formTarget(customer: EditorProps['customer'], deleted?: Deletion): string {
  if (customer && deleted) return `${customerUrl(customer.id)}/restore`;
  return customer ? customerUrl(customer.id) : '/customers';
}

/** The version and the values the form started from: what the save merges against. */
export function StartingPoint({
  customer,
  base = {},
}: Pick<EditorProps, 'customer' | 'base'>): JSX.Element {
  if (!customer) return '';
  return (
    <>
      <input type="hidden" name="version" value={String(customer.version)} />
      {CUSTOMER_FIELDS.map((field) =>
        base[field] === undefined ? (
          ''
        ) : (
          <input type="hidden" name={`base_${field}`} value={base[field]} />
        ),
      )}
    </>
  );
}

/**
 * app.js keeps what is typed in an editor as a draft in this browser, under this key (the customer's id,
 * or "new"), and names it by the stored name when it offers the draft back.
 */
export function draftAttributes(customer: EditorProps['customer']) {
  return {
    'data-draft': customer ? String(customer.id) : 'new',
    'data-draft-name': customer?.name,
  };
}
