// The import and its revert as background jobs (src/jobs/runner.ts): each batch reads the next staged
// rows in file order and writes their customers, history events, notes, outcomes and the import's
// counts in the runner's one transaction, so the position and the work commit together. Reading and
// checking the rows needs no lock (the file and the mapping do not change once an import runs): the
// runner does it before the transaction (prepare), which then holds the write lock for the writes,
// and the rows of the next batches are checked on a thread of their own meanwhile (read-ahead.ts).
import { sql, type Insertable } from 'kysely';
import type { DB } from '../../db/database.js';
import { compiledForRows } from '../../db/compiled.js';
import { valuesTable, type ValuesColumns } from '../../db/values-table.js';
import type { CustomerEventTable, Import } from '../../db/tables.js';
import type { JobHandler, JobOf } from '../../jobs/runner.js';
import { changesBetween, type FieldChanges } from '../history/record.js';
import { customerKeys, noteTerms, withKeys, type CustomerKeys } from '../keys.js';
import {
  CUSTOMER_FIELDS,
  EMPTY_VALUES,
  valuesOf,
  type CustomerField,
  type CustomerValues,
} from '../schema.js';
import { noteBody, sameValues, type CheckedRow, type Problem } from './check.js';
import { rowsCheckedNow, rowsReadAhead } from './read-ahead.js';
import type { Policy } from './schema.js';

export interface Payload {
  importId: number;
  actorId: number;
}
type Job = JobOf<Payload, number>;

const iso = (ms: number) => new Date(ms).toISOString();

/** A staged row checked and decided: what the batch writes for it. */
interface Decided {
  rowNumber: number;
  outcome: 'created' | 'updated' | 'skipped' | 'failed';
  values?: CustomerValues;
  /** For a new customer: its CheckedRow. */
  checked?: CheckedRow;
  note?: string;
  problems?: Problem[];
  emailKey?: string;
  /** For an update: the stored customer. */
  existing?: { id: number; version: number; values: CustomerValues };
  customerId?: number;
  before?: Partial<CustomerValues>;
  versionAfter?: number;
}

export async function readImport(trx: DB, id: number): Promise<Import | undefined> {
  return trx.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Earlier rows of the file that took these emails (the first row with an email wins). */
async function earlierRows(
  trx: DB,
  importId: number,
  keys: string[],
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await trx
    .selectFrom('import_rows')
    .select(['email_key', 'row_number'])
    .where('import_id', '=', importId)
    .where('email_key', 'in', keys)
    .execute();
  return new Map(rows.map((row) => [row.email_key!, row.row_number]));
}

/**
 * Live customers of the workspace with these emails, the oldest per email: seeks in the email_key
 * index, in its order. (Ordered by id alone, SQLite without statistics walked the workspace's every
 * live customer by id instead: 90 ms a batch at 100,000 customers.)
 */
export async function customersByEmail(trx: DB, workspaceId: number, keys: string[]) {
  if (keys.length === 0) return new Map<string, Decided['existing'] & { name: string }>();
  const rows = await trx
    .selectFrom('customers')
    .select(['id', 'version', 'email_key', ...CUSTOMER_FIELDS])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('email_key', 'in', keys)
    .orderBy('email_key')
    .orderBy('id')
    .execute();
  const found = new Map<string, Decided['existing'] & { name: string }>();
  for (const row of rows)
    if (!found.has(row.email_key))
      found.set(row.email_key, {
        id: row.id,
        version: row.version,
        values: valuesOf(row),
        name: `${row.first_name} ${row.last_name}`.trim(),
      });
  return found;
}

/** The stored values with the file's filled cells over them, and what that changes. */
function merged(stored: CustomerValues, file: CustomerValues) {
  const values = { ...stored };
  for (const field of CUSTOMER_FIELDS) if (file[field] !== '') values[field] = file[field];
  const changes = changesBetween(stored, values);
  const before: Partial<CustomerValues> = {};
  for (const field of Object.keys(changes) as CustomerField[]) before[field] = stored[field];
  return { values, changes, before };
}

/**
 * The next staged rows after the job's position, read and checked. The staged rows, the headers and
 * the mapping are fixed once the import runs, so this needs no transaction: the runner's prepare reads
 * ahead (read-ahead.ts), and a batch given nothing prepared checks its rows itself, here.
 */
async function checkNextRows(db: DB, job: Job, limit: number): Promise<CheckedRow[]> {
  const imp = await readImport(db, job.payload.importId);
  if (imp?.state !== 'running') return [];
  return rowsCheckedNow(db, imp, job.position ?? 0, limit);
}

/** The runner's prepare: the batch's rows, checked while the batch before it wrote. */
async function prepareRows(db: DB, job: Job, limit: number): Promise<CheckedRow[]> {
  const imp = await readImport(db, job.payload.importId);
  if (imp?.state !== 'running') return [];
  return rowsReadAhead(db, imp, job.position ?? 0, limit);
}

/** Decides every row of a batch: failed, skipped (a duplicate), an update, or a new customer. */
async function decide(trx: DB, imp: Import, checkedRows: CheckedRow[]) {
  const policy = imp.policy as Policy;
  const keys = [...new Set(checkedRows.map((row) => row.emailKey))].filter((key) => key !== '');
  const earlier = await earlierRows(trx, imp.id, keys);
  const existing = await customersByEmail(trx, imp.workspace_id, keys);
  return checkedRows.map((row): Decided => {
    const { rowNumber, note, emailKey } = row;
    if (!row.values) return { rowNumber, outcome: 'failed', problems: row.problems };
    const created = {
      rowNumber,
      outcome: 'created',
      values: row.values,
      checked: row,
      note,
    } as const;
    if (emailKey === '') return created;
    const first = earlier.get(emailKey);
    if (first !== undefined) {
      const message = `Row ${first} of this file has the same email; the first row with an email is the one imported.`;
      return { rowNumber, outcome: 'skipped', problems: [{ field: 'Email', message }] };
    }
    earlier.set(emailKey, rowNumber);
    const match = existing.get(emailKey);
    if (!match || policy === 'create') return { ...created, emailKey };
    if (policy === 'skip') {
      const message = `${match.name || 'A customer'} already has this email in Folio; the row was skipped, as chosen.`;
      return { rowNumber, outcome: 'skipped', problems: [{ field: 'Email', message }], emailKey };
    }
    const update = merged(match.values, row.values);
    if (Object.keys(update.changes).length === 0 && note === '') {
      const message = `${match.name || 'The customer'} already has these values.`;
      return { rowNumber, outcome: 'skipped', problems: [{ field: 'Email', message }], emailKey };
    }
    return {
      rowNumber,
      outcome: 'updated',
      values: update.values,
      before: update.before,
      note,
      emailKey,
      existing: match,
      customerId: match.id,
    };
  });
}

// 18 columns a customer row: 500 keep a statement under SQLite's bound-parameter limit.
const ROWS_PER_STATEMENT = 500;

/** The rows in parts of ROWS_PER_STATEMENT, one statement each. */
function* parts<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    yield rows.slice(i, i + ROWS_PER_STATEMENT);
}

/** The stored columns derived from the values (sort keys, search terms), by name. */
const KEY_COLUMNS = Object.keys(customerKeys(EMPTY_VALUES)) as (keyof CustomerKeys)[];
const WRITTEN = [...CUSTOMER_FIELDS, ...KEY_COLUMNS];

/** A new customer's row as the import writes it. */
const INSERTED_COLUMNS = [
  ...WRITTEN,
  'note_terms',
  'workspace_id',
  'created_at',
  'updated_at',
  'touched_at',
  'created_by',
  'updated_by',
] as const satisfies readonly (keyof InsertedCustomer)[];
type InsertedCustomer = CustomerValues &
  CustomerKeys & {
    note_terms: string;
    workspace_id: number;
    created_at: string;
    updated_at: string;
    touched_at: string;
    created_by: number;
    updated_by: number;
  };

/**
 * One INSERT of a part's customers, compiled once per row count (the runner's batch sizes come in
 * steps of 8) rather than built by Kysely and prepared by SQLite afresh for every batch. Not in pieces
 * of a power of two as the other rows of a batch (compiledForRows' default): the search index (FTS5)
 * writes what a statement added to it as a segment of its own when the next statement begins, so
 * each piece cost a segment write and, with more segments, more merging.
 */
const insertCustomerRows = compiledForRows(
  INSERTED_COLUMNS,
  (db: DB, rows: InsertedCustomer[]) =>
    db
      .insertInto('customers')
      .values(rows)
      .returning(['id', ...CUSTOMER_FIELDS]),
  { pieces: (count) => [count] },
);

/** Inserts the batch's new customers, one statement per ROWS_PER_STATEMENT; each row learns its customer's id. */
async function createCustomers(
  trx: DB,
  imp: Import,
  actorId: number,
  now: number,
  rows: Decided[],
) {
  const at = iso(now);
  const stamps = {
    workspace_id: imp.workspace_id,
    created_at: at,
    updated_at: at,
    touched_at: at,
    created_by: actorId,
    updated_by: actorId,
  };
  for (const part of parts(rows)) {
    const inserted = await insertCustomerRows(
      trx,
      part.map((row): InsertedCustomer => Object.assign({}, row.checked!.inserted!, stamps)),
    );
    // Matched by value, not by position: the order RETURNING hands rows back in is not promised.
    // Rows with the same values are the same customer to the person, whichever id each gets.
    const ids = new Map<string, number[]>();
    for (const customer of inserted) {
      const key = sameValues(customer);
      const same = ids.get(key);
      if (same) same.push(customer.id);
      else ids.set(key, [customer.id]);
    }
    for (const row of part) {
      row.customerId = ids.get(row.checked!.sameValues!)!.shift()!;
      row.versionAfter = 1;
    }
  }
}

/** The search terms of each customer's notes once the import's note is added (customer id -> terms). */
async function noteTermsWith(trx: DB, imp: Import, rows: Decided[]): Promise<Map<number, string>> {
  const noted = rows.filter((row) => row.note);
  const bodies = new Map(noted.map((row) => [row.customerId!, [noteBody(row.note!)]]));
  for (const part of parts(noted)) {
    const stored = await trx
      .selectFrom('customer_notes')
      .select(['customer_id', 'body'])
      .where('workspace_id', '=', imp.workspace_id)
      .where(
        'customer_id',
        'in',
        part.map((row) => row.customerId!),
      )
      .where('deleted_at', 'is', null)
      .execute();
    for (const note of stored) bodies.get(note.customer_id)!.push(note.body);
  }
  return new Map([...bodies].map(([id, texts]) => [id, noteTerms(texts)]));
}

const UPDATED_COLUMNS = {
  id: 'integer',
  version: 'integer',
  note_terms: 'text',
  ...Object.fromEntries(WRITTEN.map((name) => [name, 'text' as const])),
} satisfies ValuesColumns;

/** Writes the matched customers' new values, a version bump each, one statement per part. */
async function updateCustomers(
  trx: DB,
  imp: Import,
  actorId: number,
  now: number,
  rows: Decided[],
) {
  const terms = await noteTermsWith(trx, imp, rows);
  const set = WRITTEN.map((name) => sql`${sql.id(name)} = changed.${sql.id(name)}`);
  for (const part of parts(rows)) {
    const changed = valuesTable(
      UPDATED_COLUMNS,
      part.map((row) => ({
        ...withKeys(row.values!),
        id: row.existing!.id,
        version: row.existing!.version + 1,
        // Null keeps the customer's note terms (this row brings no note).
        note_terms: terms.get(row.existing!.id) ?? null,
      })),
    );
    await sql`UPDATE customers SET ${sql.join(set)},
        note_terms = coalesce(changed.note_terms, customers.note_terms),
        version = changed.version, updated_at = ${iso(now)}, touched_at = ${iso(now)},
        updated_by = ${actorId}
      FROM ${changed} AS changed
      WHERE customers.id = changed.id AND customers.workspace_id = ${imp.workspace_id}`.execute(
      trx,
    );
    for (const row of part) row.versionAfter = row.existing!.version + 1;
  }
}

const IMPORTED_COLUMNS = [
  'workspace_id',
  'customer_id',
  'occurred_at',
  'actor_id',
  'kind',
  'changes',
  'details',
] as const;
type ImportedEvent = Required<
  Pick<Insertable<CustomerEventTable>, (typeof IMPORTED_COLUMNS)[number]>
>;

const insertImportedEvents = compiledForRows(IMPORTED_COLUMNS, (db: DB, rows: ImportedEvent[]) =>
  db.insertInto('customer_events').values(rows),
);

/** Each created or updated customer's 'imported' event, then its note (unmapped columns) if any. */
async function recordImported(trx: DB, imp: Import, actorId: number, now: number, rows: Decided[]) {
  const at = iso(now);
  const details = JSON.stringify({ importId: imp.id, fileName: imp.file_name });
  const changesOf = (row: Decided) => {
    if (!row.existing) return row.checked!.createdChanges!;
    const changes: FieldChanges = changesBetween(row.existing.values, row.values!);
    return Object.keys(changes).length > 0 ? JSON.stringify(changes) : null;
  };
  const events = rows.map((row): ImportedEvent => ({
    workspace_id: imp.workspace_id,
    customer_id: row.customerId!,
    occurred_at: at,
    actor_id: actorId,
    kind: 'imported' as const,
    changes: changesOf(row),
    details,
  }));
  await insertImportedEvents(trx, events);
  // A customer appears once in a batch (the file's later rows with its email are skipped), so its
  // note is known by its customer id. The customers' note terms were written with their values.
  for (const part of parts(rows.filter((row) => row.note))) {
    const notes = await trx
      .insertInto('customer_notes')
      .values(
        part.map((row) => ({
          workspace_id: imp.workspace_id,
          customer_id: row.customerId!,
          author_id: actorId,
          body: noteBody(row.note!),
          created_at: at,
          updated_at: at,
        })),
      )
      .returning(['id', 'customer_id'])
      .execute();
    const noteIds = new Map(notes.map((note) => [note.customer_id, note.id]));
    await trx
      .insertInto('customer_events')
      .values(
        part.map((row) => ({
          workspace_id: imp.workspace_id,
          customer_id: row.customerId!,
          occurred_at: at,
          actor_id: actorId,
          kind: 'note' as const,
          note_id: noteIds.get(row.customerId!)!,
        })),
      )
      .execute();
  }
}

const OUTCOME_COLUMNS = {
  // The import's id on every listed row, not one value beside them: with `import_id = ?` alone to
  // go by, SQLite (no statistics) read the import's every staged row and looked each up in the
  // list, so a batch's outcomes cost more the further the import went (12 ms a batch at row 80,000
  // of 100,000). Matched on both columns, each listed row is one seek of the primary key.
  import_id: 'integer',
  row_number: 'integer',
  outcome: 'text',
  customer_id: 'integer',
  problems: 'text',
  before: 'text',
  version_after: 'integer',
  email_key: 'text',
} satisfies ValuesColumns;

type Outcome = { [name in keyof typeof OUTCOME_COLUMNS]: string | number | null };

/** Writes each staged row's outcome, found by its import and row number. */
export const updateOutcomes = compiledForRows(
  Object.keys(OUTCOME_COLUMNS) as (keyof typeof OUTCOME_COLUMNS)[],
  (db: DB, rows: Outcome[]) => {
    const set = Object.keys(OUTCOME_COLUMNS)
      .filter((name) => name !== 'import_id' && name !== 'row_number')
      .map((name) => sql`${sql.id(name)} = outcomes.${sql.id(name)}`);
    const outcomes = valuesTable(OUTCOME_COLUMNS, rows);
    const update = sql`UPDATE import_rows SET ${sql.join(set)} FROM ${outcomes} AS outcomes
      WHERE import_rows.import_id = outcomes.import_id
        AND import_rows.row_number = outcomes.row_number`;
    return { compile: () => update.compile(db) };
  },
);

/** What became of each row, and the import's counts. */
async function saveOutcomes(trx: DB, imp: Import, rows: Decided[]) {
  const outcomes = rows.map((row): Outcome => ({
    import_id: imp.id,
    row_number: row.rowNumber,
    outcome: row.outcome,
    customer_id: row.customerId ?? null,
    problems: row.problems ? JSON.stringify(row.problems) : null,
    before: row.before ? JSON.stringify(row.before) : null,
    version_after: row.versionAfter ?? null,
    email_key: row.emailKey ?? null,
  }));
  await updateOutcomes(trx, outcomes);
  const count = (outcome: Decided['outcome']) =>
    rows.filter((row) => row.outcome === outcome).length;
  await trx
    .updateTable('imports')
    .set((eb) => ({
      done_rows: eb('done_rows', '+', rows.length),
      created_count: eb('created_count', '+', count('created')),
      updated_count: eb('updated_count', '+', count('updated')),
      skipped_count: eb('skipped_count', '+', count('skipped')),
      failed_count: eb('failed_count', '+', count('failed')),
    }))
    .where('id', '=', imp.id)
    .execute();
}

export async function finish(trx: DB, imp: Import, state: 'done' | 'reverted', now: number) {
  await trx
    .updateTable('imports')
    .set(state === 'done' ? { state, finished_at: iso(now) } : { state, reverted_at: iso(now) })
    .where('id', '=', imp.id)
    .execute();
}

export async function markFailed(db: DB, job: Job, message: string) {
  await db
    .updateTable('imports')
    .set({ state: 'failed', message: `Folio stopped this import after an error: ${message}` })
    .where('id', '=', job.payload.importId)
    .execute();
}

export const importJob: JobHandler<Payload, number, CheckedRow[]> = {
  prepare: prepareRows,
  async batch(trx, job, limit, prepared) {
    const position = job.position ?? 0;
    const imp = await readImport(trx, job.payload.importId);
    if (imp?.state !== 'running') return { position, done: true };
    // Checked here when not beforehand (none prepared, or for an earlier position).
    const rows = prepared?.length ? prepared : await checkNextRows(trx, job, limit);
    const decided = await decide(trx, imp, rows);
    const { actorId } = job.payload;
    await createCustomers(
      trx,
      imp,
      actorId,
      job.now,
      decided.filter((row) => row.outcome === 'created'),
    );
    await updateCustomers(
      trx,
      imp,
      actorId,
      job.now,
      decided.filter((row) => row.outcome === 'updated'),
    );
    const written = decided.filter((row) => row.outcome === 'created' || row.outcome === 'updated');
    await recordImported(trx, imp, actorId, job.now, written);
    await saveOutcomes(trx, imp, decided);
    const done = rows.length < limit;
    if (done) await finish(trx, imp, 'done', job.now);
    return { position: rows.at(-1)?.rowNumber ?? position, done };
  },
  failed: markFailed,
};
