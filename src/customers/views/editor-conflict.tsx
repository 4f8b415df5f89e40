// What an editor shows when a save could not go through as typed: someone saved in between (a choice
// per field both changed), the form had no version, or the customer was deleted meanwhile.
import { formatDate, formatDateTime, personLabel, type Reader } from '../../views/format.js';
import { fieldNames, type Deletion } from '../messages.js';
import type { CustomerWithAuthors } from '../queries.js';
import { FIELD_LABELS, type CustomerField, type CustomerValues } from '../schema.js';
import { NotGiven } from './common.js';

/** Someone saved in between and some fields need a choice (409), or the form had no version (400). */
export interface Conflict {
  /** stale: someone saved in between (409); unversioned: the form did not say which version it edited (400). */
  reason: 'stale' | 'unversioned';
  theirs: CustomerWithAuthors;
  /** The newer version was saved by the same person (another tab or device). */
  byYou: boolean;
  /** The fields to choose for: both changed them, differently. */
  conflicts: CustomerField[];
  /** Fields the person was already asked about and submitted without choosing. */
  unchosen?: CustomerField[];
  /** What the person typed, for "Keep mine". */
  mine: CustomerValues;
}

/** Who saved the other version, as the notice names them. */
function otherSaver({ theirs }: Conflict): string | undefined {
  return theirs.updated_by_name
    ? personLabel(theirs.updated_by_name, theirs.updated_by_deactivated_at)
    : undefined;
}

export function ConflictNotice({
  conflict,
  reader,
}: {
  conflict: Conflict;
  reader: Reader;
}): JSX.Element {
  const who = conflict.byYou ? 'You' : (otherSaver(conflict) ?? 'Someone');
  const when = formatDateTime(conflict.theirs.updated_at, reader);
  const title =
    conflict.reason === 'stale'
      ? conflict.byYou
        ? `You changed ${fieldNames(conflict.conflicts)} in another tab or window`
        : `${who} changed ${fieldNames(conflict.conflicts)} while you were editing`
      : 'Folio could not tell which version you were editing';
  return (
    <div class="conflict" role="alert">
      <h2 class="conflict-title" safe>
        {title}
      </h2>
      <p class="conflict-text" safe>
        {`Nothing was saved yet. ${conflict.byYou ? 'Your other save' : `${who}’s save`} was ${when}. Your other changes are kept below; for each field marked, choose which value to keep, then save.`}
      </p>
      <input type="hidden" name="choose" value={conflict.conflicts.join(' ')} />
    </div>
  );
}

function ChoiceOption({
  id,
  field,
  side,
  label,
  value,
  focus,
}: {
  id: string;
  field: CustomerField;
  side: 'theirs' | 'mine';
  label: string;
  value: string;
  focus: boolean;
}): JSX.Element {
  return (
    <label class={`conflict-option conflict-${side}`} for={`${id}-keep-${side}`}>
      <input
        type="radio"
        id={`${id}-keep-${side}`}
        name={`keep_${field}`}
        value={side}
        autofocus={focus && side === 'theirs'}
      />
      <span safe>{label}</span> {value ? <bdi safe>{value}</bdi> : <NotGiven />}
    </label>
  );
}

/** One field both people changed: their value or mine, chosen with radio buttons (nothing chosen for you). */
export function ConflictChoice({
  idPrefix,
  field,
  conflict,
  focus,
}: {
  idPrefix: string;
  field: CustomerField;
  conflict: Conflict;
  focus: boolean;
}): JSX.Element {
  const id = `${idPrefix}-${field}`;
  const theirs =
    conflict.reason === 'unversioned'
      ? 'Keep the saved one:'
      : conflict.byYou
        ? 'Keep your other save:'
        : `Keep ${otherSaver(conflict) ?? 'theirs'}’s:`;
  const unchosen = conflict.unchosen?.includes(field);
  const option = { id, field, focus };
  return (
    <fieldset
      class={`field field-${field} conflict-choice${unchosen ? ' field-invalid' : ''}`}
      aria-describedby={unchosen ? `${id}-error` : undefined}
    >
      <legend safe>{`${FIELD_LABELS[field]}: changed by both of you`}</legend>
      <ChoiceOption {...option} side="theirs" label={theirs} value={conflict.theirs[field]} />
      <ChoiceOption {...option} side="mine" label="Keep mine:" value={conflict.mine[field]} />
      <input type="hidden" name={field} value={conflict.mine[field]} />
      {unchosen ? (
        <p class="field-error" id={`${id}-error`} safe>
          {`Choose which ${FIELD_LABELS[field]} to keep.`}
        </p>
      ) : (
        ''
      )}
    </fieldset>
  );
}

/** The customer was deleted while being edited: nothing saved, what was typed kept, restore or discard. */
export function DeletedNotice({
  deletion,
  name,
  reader,
}: {
  deletion: Deletion;
  name: string;
  reader: Reader;
}): JSX.Element {
  const who = deletion.byYou ? 'You' : (deletion.by ?? 'Someone');
  return (
    <div class="conflict conflict-deleted" role="alert">
      <h2 class="conflict-title" safe>
        {`${who} deleted ${name} on ${formatDate(deletion.at, reader)} while you were editing`}
      </h2>
      <p class="conflict-text">
        Nothing was saved. What you typed is still here: restore the customer with these values, or
        discard them.
      </p>
    </div>
  );
}
