// When the form warns before a save: the values match another live customer by a rule, the person has
// not said "Save anyway", and (for an edit) the match is new: a rule whose key the edit did not change
// warned already, or was accepted, when those values were saved.
import type { DB } from '../../db/database.js';
import { CUSTOMER_FIELDS, submittedValues, type CustomerValues } from '../schema.js';
import { findDuplicatesOf, type DuplicateMatch } from './queries.js';
import { DUPLICATE_RULES, duplicateKeys } from './rules.js';

/** The values an edit started from (its base_ fields), or null when the form carries none. */
function startedFrom(form: Record<string, string>): CustomerValues | null {
  if (!CUSTOMER_FIELDS.some((field) => form[`base_${field}`] !== undefined)) return null;
  const base = Object.fromEntries(
    CUSTOMER_FIELDS.map((field) => [field, form[`base_${field}`] ?? '']),
  );
  return submittedValues(base);
}

export async function duplicatesToWarnAbout(
  db: DB,
  workspaceId: number,
  values: CustomerValues,
  form: Record<string, string>,
  exceptId?: number,
): Promise<DuplicateMatch[]> {
  if (form.duplicates_ok === 'yes') return [];
  const base = startedFrom(form);
  const before = base ? duplicateKeys(base) : {};
  const after = duplicateKeys(values);
  const rules = DUPLICATE_RULES.filter(
    (rule) => JSON.stringify(before[rule]) !== JSON.stringify(after[rule]),
  );
  if (rules.length === 0) return [];
  return findDuplicatesOf(db, workspaceId, values, { exceptId, rules });
}
