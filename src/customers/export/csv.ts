// The book as a spreadsheet reads it: CSV cells neutralised against formula injection, and the header
// row Folio writes (which its importer recognises, so an export imports back as the same book).
import { CUSTOMER_FIELDS, FIELD_LABELS, type CustomerField } from '../schema.js';

/**
 * A cell a spreadsheet would run as a formula (it begins with = + - @, a tab or a carriage return) gets
 * a leading apostrophe, as OWASP advises ("CSV Injection"): Excel, LibreOffice and Google Sheets show
 * the text as typed. A cell that begins with an apostrophe gets one more, so the importer can take
 * exactly one off again (unneutralised) and a value typed as "'quoted" comes back as typed.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

export function neutralised(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** A cell exported by Folio (or neutralised the same way), as it was before: "'+44 20" -> "+44 20". */
export function unneutralised(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** The exported columns, in order: every field of the form, then when the customer was added and changed. */
export const EXPORT_COLUMNS: {
  key: CustomerField | 'created_at' | 'updated_at';
  header: string;
}[] = [
  ...CUSTOMER_FIELDS.map((field) => ({ key: field, header: FIELD_LABELS[field] })),
  { key: 'created_at', header: 'Added' },
  { key: 'updated_at', header: 'Last changed' },
];

export type ExportedCustomer = Record<(typeof EXPORT_COLUMNS)[number]['key'], string>;

/** One customer as a CSV record (an array of cells in EXPORT_COLUMNS order). */
export function exportRecord(customer: ExportedCustomer): string[] {
  return EXPORT_COLUMNS.map(({ key }) => neutralised(customer[key]));
}

/** A file name a person recognises in their downloads: "folio-acme-customers-2026-11-25.csv". */
export function exportFileName(workspaceName: string, date: string): string {
  const slug = workspaceName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `folio-${slug ? `${slug}-` : ''}customers-${date}.csv`;
}
