// The import job's rows are read and checked before each batch's transaction (the runner's prepare),
// so the write lock is held for the writes alone. A batch given nothing prepared (the job had moved
// on meanwhile) checks its rows itself: the book it leaves must be the same either way.
import { describe, expect, it } from 'vitest';
import { JOBS } from '../../jobs/registry.js';
import { IMPORT_JOB } from './queries.js';
import { book, mappingForm, runJobs, uploaded } from './testing.js';

const CLOCK_COLUMNS = new Set(['id', 'created_at', 'updated_at', 'touched_at']);

describe('import rows checked before the transaction', () => {
  it('checks the rows inside the batch when none were prepared beforehand: the same book either way', async () => {
    const file =
      'First Name,Last Name,E-mail Address,Phone,City,Company\n' +
      'Ada,Newname,ADA@Example.com,,,Analytical\n' +
      'Ada,Again,ada@example.COM,,Elsewhere,\n' +
      'Bo,New,bo@example.com,+47 22 00 00 00,Oslo,Fjord\n' +
      'Bad,Row,not-an-email,,,\n' +
      'Cy,Noemail,,555-0100,Québec,\n';
    const importWith = async (registry: typeof JOBS) => {
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
        .select(['kind', 'changes'])
        .orderBy('id')
        .execute();
      const { created_count, updated_count, skipped_count, failed_count } = await t.importRow(id);
      const counts = { created_count, updated_count, skipped_count, failed_count };
      return { customers, events, counts };
    };
    const prepared = await importWith(JOBS);
    const unprepared = await importWith({
      ...JOBS,
      [IMPORT_JOB]: { ...JOBS[IMPORT_JOB]!, prepare: undefined },
    });
    expect(prepared.counts).toEqual({
      created_count: 2,
      updated_count: 1,
      skipped_count: 1,
      failed_count: 1,
    });
    expect(unprepared).toEqual(prepared);
  });
});
