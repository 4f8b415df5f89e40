// The import job's rows are read and checked before each batch's transaction (the runner's prepare),
// so the write lock is held for the writes alone. A batch given nothing prepared (the job had moved
// on meanwhile) checks its rows itself: the book it leaves must be the same either way.
import { describe, expect, it } from 'vitest';
import { JOBS } from '../../jobs/registry.js';
import type { JobHandler } from '../../jobs/runner.js';
import { IMPORT_JOB } from './queries.js';
import { book, mappingForm, runJobs, uploaded } from './testing.js';

const CLOCK_COLUMNS = new Set(['created_at', 'updated_at', 'touched_at']);

describe('import rows checked before the transaction', () => {
  it('checks the rows inside the batch when none were prepared beforehand: the same book either way', async () => {
    const file =
      'First Name,Last Name,E-mail Address,Phone,City,Company\n' +
      'Ada,Newname,ADA@Example.com,,,Analytical\n' +
      'Ada,Again,ada@example.COM,,Elsewhere,\n' +
      'Bo,New,bo@example.com,+47 22 00 00 00,Oslo,Fjord\n' +
      'Bad,Row,not-an-email,,,\n' +
      'Cy,Noemail,,555-0100,Québec,\n';
    const importWith = async (handler: JobHandler) => {
      // Each batch says whether it was handed rows checked beforehand.
      const given: boolean[] = [];
      const registry = {
        ...JOBS,
        [IMPORT_JOB]: {
          ...handler,
          batch: (...args: Parameters<JobHandler['batch']>) => {
            given.push(args[3] !== undefined);
            return handler.batch(...args);
          },
        },
      };
      const t = await book();
      await t.seed({ first_name: 'Ada', last_name: 'Old', email: 'ada@example.com', city: 'Kept' });
      const id = await uploaded(t.client, file);
      const { form } = await mappingForm(t.client, id);
      await t.start(id, { ...form, note: 'on', policy: 'update' });
      await runJobs(t.db, 2, registry);
      // Everything stored but the clock's columns (the two books are made a moment apart).
      const customers = (await t.customers()).map((stored) =>
        Object.entries(stored).filter(([column]) => !CLOCK_COLUMNS.has(column)),
      );
      const events = await t.db
        .selectFrom('customer_events')
        .select(['customer_id', 'kind', 'changes', 'note_id'])
        .orderBy('id')
        .execute();
      const notes = await t.db
        .selectFrom('customer_notes')
        .select(['id', 'customer_id', 'body'])
        .orderBy('id')
        .execute();
      const outcomes = await t.db
        .selectFrom('import_rows')
        .select(['row_number', 'outcome', 'customer_id', 'problems', 'before', 'version_after'])
        .where('import_id', '=', id)
        .orderBy('row_number')
        .execute();
      const { created_count, updated_count, skipped_count, failed_count } = await t.importRow(id);
      const counts = { created_count, updated_count, skipped_count, failed_count };
      return { given, book: { customers, events, notes, outcomes, counts } };
    };
    const importJob = JOBS[IMPORT_JOB]!;
    const prepared = await importWith(importJob);
    const unprepared = await importWith({ ...importJob, prepare: undefined });
    // Batches of 2 over 5 rows: 3 batches, each given its rows in the first run, none in the second.
    expect(prepared.given).toEqual([true, true, true]);
    expect(unprepared.given).toEqual([false, false, false]);
    expect(prepared.book.counts).toEqual({
      created_count: 2,
      updated_count: 1,
      skipped_count: 1,
      failed_count: 1,
    });
    expect(prepared.book.outcomes.map((row) => row.outcome)).toEqual([
      'updated',
      'skipped',
      'created',
      'failed',
      'created',
    ]);
    expect(unprepared.book).toEqual(prepared.book);
  });
});
