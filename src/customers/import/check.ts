// An import's staged row checked with the form's rules and, when valid, its new customer's row worked
// out: pure work on the file's cells and the mapping, done before a batch's transaction (job.ts).
import * as v from 'valibot';
import { changesBetween } from '../history/record.js';
import { emailMatchKey } from '../duplicates/rules.js';
import { noteTerms, withKeys, type CustomerKeys } from '../keys.js';
import {
  CustomerSchema,
  FIELD_LABELS,
  valuesOf,
  type CustomerField,
  type CustomerValues,
} from '../schema.js';
import { mapRecord, type Mapping } from './mapping.js';

export interface Problem {
  field: string;
  message: string;
}

/**
 * A staged row read and checked with the form's rules, before the batch's transaction: its values
 * (none when it failed), with everything a new customer's INSERT and event need worked out.
 */
export interface CheckedRow {
  rowNumber: number;
  values?: CustomerValues;
  problems?: Problem[];
  note?: string;
  emailKey: string;
  /** As a new customer's row is written: the values, their keys, the note's search terms. */
  inserted?: CustomerValues & CustomerKeys & { note_terms: string };
  /** The values as one string: how a new customer is found among the INSERT's returned rows. */
  sameValues?: string;
  /** A new customer's 'imported' event's changes (every filled field, from nothing). */
  createdChanges?: string | null;
}

/**
 * A file's record checked with the form's rules, message per field (a ragged row says so first): what
 * the import decides for it, and what the mapping page's preview says.
 */
export function checkCells(cells: string[], headers: string[], mapping: Mapping) {
  const mapped = mapRecord(cells, headers, mapping);
  const extra = cells.slice(headers.length).some((cell) => cell.trim() !== '');
  if (extra)
    return {
      problems: [
        {
          field: '',
          message: `This row has ${cells.length} cells and the header row ${headers.length}: a separator inside a cell that is not quoted?`,
        },
      ],
      mapped,
    };
  const parsed = v.safeParse(CustomerSchema, mapped.values);
  if (parsed.success) return { values: parsed.output, mapped };
  const problems = parsed.issues.map((issue) => {
    const key = issue.path?.[0]?.key;
    return {
      field: typeof key === 'string' ? FIELD_LABELS[key as CustomerField] : '',
      message: issue.message,
    };
  });
  return { problems, mapped };
}

/** A note as stored: the unmapped columns, cut to a note's length. */
export const noteBody = (note: string) => note.slice(0, 10_000);

/** The values as one string, the same for the same values (JSON of the fields in their order). */
export const sameValues = (values: CustomerValues) => JSON.stringify(valuesOf(values));

/** A staged row checked, and for a valid one, its new customer's row worked out (used unless it is a duplicate). */
/** A staged row as checking reads it from import_rows: its number in the file and its cells (JSON). */
export interface StoredRow {
  row_number: number;
  cells: string;
}

/** Staged rows checked in order, on the calling thread. */
export const checkEach = (rows: StoredRow[], headers: string[], mapping: Mapping): CheckedRow[] =>
  rows.map((row) => checkRow(row, headers, mapping));

export function checkRow(row: StoredRow, headers: string[], mapping: Mapping): CheckedRow {
  const rowNumber = row.row_number;
  const result = checkCells(JSON.parse(row.cells) as string[], headers, mapping);
  if (!result.values) return { rowNumber, problems: result.problems, emailKey: '' };
  const { values } = result;
  const { note } = result.mapped;
  const changes = changesBetween(null, values);
  return {
    rowNumber,
    values,
    note,
    emailKey: emailMatchKey(values.email),
    // A new customer's only note is the one this import writes.
    inserted: Object.assign(withKeys(values), {
      note_terms: note ? noteTerms([noteBody(note)]) : '',
    }),
    sameValues: sameValues(values),
    createdChanges: Object.keys(changes).length > 0 ? JSON.stringify(changes) : null,
  };
}
