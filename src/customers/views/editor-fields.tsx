// The editor's fields, one per customer field: an input with its limit and message, or, for a field
// both people changed, the choice between the two values.
import type { FieldErrors } from '../../http/forms.js';
import { Field } from '../../views/components.js';
import {
  CUSTOMER_FIELDS,
  FIELD_LABELS,
  MAX_LENGTHS,
  type CustomerField,
  type CustomerValues,
} from '../schema.js';
import { ConflictChoice, type Conflict } from './editor-conflict.js';

// Email is a text input with the email keyboard: type="email" hands the server the domain in punycode
// (exämple.de arrives as xn--exmple-cua.de) and trims, so what was typed would not be what is saved.
const INPUT_TYPES: Partial<Record<CustomerField, string>> = { phone: 'tel' };
const INPUT_MODES: Partial<Record<CustomerField, string>> = { email: 'email', phone: 'tel' };
const REQUIRED = new Set<CustomerField>(['first_name', 'last_name']);
const NOT_WORDS = new Set<CustomerField>(['email', 'phone', 'zipcode']);

function CustomerInput({
  id,
  field,
  value,
  error,
  autofocus,
}: {
  id: string;
  field: CustomerField;
  value: string;
  error: string | undefined;
  autofocus: boolean;
}): JSX.Element {
  // No maxlength: it cuts a paste without a word. The limit is said in the hint and checked on save.
  return (
    <Field
      id={id}
      class={`field-${field}`}
      name={field}
      label={FIELD_LABELS[field]}
      value={value}
      error={error}
      type={INPUT_TYPES[field] ?? 'text'}
      inputmode={INPUT_MODES[field]}
      required={REQUIRED.has(field)}
      optional={!REQUIRED.has(field)}
      dir="auto"
      autocomplete="off"
      spellcheck={NOT_WORDS.has(field) ? 'false' : undefined}
      autofocus={autofocus}
      hint={`Up to ${MAX_LENGTHS[field]} characters`}
    />
  );
}

export function CustomerFields({
  idPrefix,
  values,
  errors,
  autofocus,
  conflict,
}: {
  /** Makes the ids unique when several rows are open at once. */
  idPrefix: string;
  values: CustomerValues;
  errors: FieldErrors;
  /** Put the cursor in the first field (or the first invalid one) when shown. */
  autofocus: boolean;
  /** Fields both people changed are a choice between the two values instead of an input. */
  conflict?: Conflict | undefined;
}): JSX.Element {
  const firstInvalid = CUSTOMER_FIELDS.find((field) => errors[field]);
  const focusField = autofocus ? (firstInvalid ?? 'first_name') : undefined;
  const firstChoice =
    conflict?.conflicts.find((field) => conflict.unchosen?.includes(field)) ??
    conflict?.conflicts[0];
  return (
    <>
      {CUSTOMER_FIELDS.map((field) =>
        conflict?.conflicts.includes(field) ? (
          <ConflictChoice
            idPrefix={idPrefix}
            field={field}
            conflict={conflict}
            focus={field === firstChoice}
          />
        ) : (
          <CustomerInput
            id={`${idPrefix}-${field}`}
            field={field}
            value={values[field]}
            error={errors[field]}
            autofocus={focusField === field}
          />
        ),
      )}
    </>
  );
}
