// What the mapping form sends: one target per column, the duplicate policy, and whether to keep the rest as a note.
import * as v from 'valibot';
import { TARGETS, type Mapping, type Target } from './mapping.js';

export const POLICIES = ['skip', 'update', 'create'] as const;
export type Policy = (typeof POLICIES)[number];

export const POLICY_LABELS: Record<Policy, { label: string; hint: string }> = {
  skip: {
    label: 'Skip the row',
    hint: 'The customer in Folio stays as it is; the row is listed as skipped.',
  },
  update: {
    label: 'Update the customer',
    hint: 'The columns you import that are filled in the file replace the customer’s values (empty cells change nothing). Revert puts the old values back.',
  },
  create: {
    label: 'Add a new customer anyway',
    hint: 'Both stay; the duplicates page can merge them later.',
  },
};

const target = v.picklist(['', ...TARGETS] as Target[]);

/** The mapping of a file with `columns` columns, from the form's col0..colN fields (missing: not imported). */
export function mappingOf(form: Record<string, string>, columns: number): Mapping | undefined {
  const chosen: Target[] = [];
  for (let index = 0; index < columns; index += 1) {
    const parsed = v.safeParse(target, form[`col${index}`] ?? '');
    if (!parsed.success) return undefined;
    chosen.push(parsed.output);
  }
  return { columns: chosen, note: form.note === 'on' || form.note === '1' };
}

export function policyOf(form: Record<string, string>): Policy | undefined {
  const parsed = v.safeParse(v.picklist(POLICIES), form.policy);
  return parsed.success ? parsed.output : undefined;
}
