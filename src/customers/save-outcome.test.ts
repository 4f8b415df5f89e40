// What a save shows for each decision, without HTTP: the editor again with the status that says why, or
// the saved customer with its toast.
import { describe, expect, it } from 'vitest';
import { decideSave, type SaveRequest } from './merge.js';
import type { CustomerWithAuthors } from './queries.js';
import { saveOutcome } from './save-outcome.js';
import { EMPTY_VALUES, type CustomerValues } from './schema.js';

const ME = 1;
const SAM = 2;
const start: CustomerValues = {
  ...EMPTY_VALUES,
  first_name: 'Ada',
  last_name: 'Lovelace',
  city: 'London',
};

function stored(changes: Partial<CustomerWithAuthors> = {}): CustomerWithAuthors {
  return {
    ...start,
    id: 7,
    workspace_id: 1,
    created_at: '2026-11-24T10:00:00.000Z',
    updated_at: '2026-11-24T11:00:00.000Z',
    created_by: ME,
    updated_by: SAM,
    version: 2,
    deleted_at: null,
    deleted_by: null,
    touched_at: '2026-11-24T11:00:00.000Z',
    note_terms: '',
    name_key: '',
    email_key: '',
    city_key: '',
    state_key: '',
    phone_key: '',
    search_text: '',
    created_by_name: 'Grace Hopper',
    updated_by_name: 'Sam Lee',
    created_by_deactivated_at: null,
    updated_by_deactivated_at: null,
    ...changes,
  };
}

/** The editor's form: every field typed over `start`, based on version 1 with `start` as its base. */
function request(typed: Record<string, string>, extra: Partial<SaveRequest> = {}): SaveRequest {
  const base = Object.fromEntries(Object.entries(start).map(([f, value]) => [`base_${f}`, value]));
  return { form: { version: '1', ...base, ...start, ...typed }, mode: 'replace', ...extra };
}

function outcomeOf(
  req: SaveRequest,
  customer: CustomerWithAuthors | undefined,
  saved?: CustomerWithAuthors,
) {
  return saveOutcome({ decision: decideSave(req, customer), stored: customer, saved }, ME);
}

describe('saveOutcome', () => {
  it('is missing when the customer is not there', () => {
    expect(outcomeOf(request({ city: 'Paris' }), undefined)).toEqual({ show: 'missing' });
  });

  it('shows the editor again with the messages (422), based on the version it started from', () => {
    const outcome = outcomeOf(request({ email: 'not an address' }), stored({ version: 1 }));
    expect(outcome).toMatchObject({
      show: 'editor',
      status: 422,
      state: {
        customer: { id: 7, version: 1, name: 'Ada Lovelace' },
        values: { email: 'not an address' },
        deleted: undefined,
      },
    });
    expect(outcome).toHaveProperty('state.errors.email');
  });

  it('asks to choose where both changed the same field (409), naming who saved in between', () => {
    const outcome = outcomeOf(request({ city: 'Paris' }), stored({ city: 'Rome' }));
    expect(outcome).toMatchObject({
      show: 'editor',
      status: 409,
      state: {
        customer: { version: 2 },
        conflict: {
          reason: 'stale',
          byYou: false,
          conflicts: ['city'],
          theirs: { updated_by_name: 'Sam Lee' },
        },
      },
    });
  });

  it('says the newer version is yours when you saved it elsewhere', () => {
    const outcome = outcomeOf(request({ city: 'Paris' }), stored({ city: 'Rome', updated_by: ME }));
    expect(outcome).toMatchObject({ state: { conflict: { reason: 'stale', byYou: true } } });
  });

  it('asks about every changed field when the form has no version (400)', () => {
    const outcome = outcomeOf(request({ city: 'Paris', version: '' }), stored());
    expect(outcome).toMatchObject({
      show: 'editor',
      status: 400,
      state: { conflict: { reason: 'unversioned', conflicts: ['city'] } },
    });
  });

  it('keeps what was typed for a customer deleted meanwhile (409), saying who deleted them and when', () => {
    const deleted_at = '2026-11-24T12:00:00.000Z';
    const outcome = outcomeOf(request({ city: 'Paris' }), stored({ deleted_at }));
    expect(outcome).toMatchObject({
      show: 'editor',
      status: 409,
      state: {
        values: { city: 'Paris' },
        deleted: { by: 'Sam Lee', byYou: false, at: deleted_at },
      },
    });
  });

  it('marks a former member as such where it names them', () => {
    const deleted_at = '2026-11-24T12:00:00.000Z';
    const gone = stored({ deleted_at, updated_by_deactivated_at: deleted_at });
    expect(outcomeOf(request({ city: 'Paris' }), gone)).toMatchObject({
      state: { deleted: { by: 'Sam Lee (former member)' } },
    });
  });

  it('is saved with a success toast, keeping a teammate’s change to another field', () => {
    const theirs = stored({ state: 'England' });
    const after = stored({ state: 'England', city: 'Paris', version: 3, updated_by: ME });
    expect(outcomeOf(request({ city: 'Paris' }), theirs, after)).toEqual({
      show: 'saved',
      customer: after,
      toast: { kind: 'success', text: 'Saved Ada Lovelace. Kept Sam Lee’s change to State.' },
      restored: false,
    });
  });

  it('says so, as information, when nothing changed', () => {
    const outcome = outcomeOf(request({}), stored({ version: 1 }));
    expect(outcome).toMatchObject({
      show: 'saved',
      toast: { kind: 'info', text: 'No changes to save for Ada Lovelace.' },
      restored: false,
    });
  });

  it('is restored when the save brings a deleted customer back with the typed values', () => {
    const deleted = stored({ version: 1, deleted_at: '2026-11-24T12:00:00.000Z' });
    const outcome = outcomeOf(request({ city: 'Paris' }, { restore: true }), deleted);
    expect(outcome).toMatchObject({
      show: 'saved',
      toast: { kind: 'success', text: 'Restored Ada Lovelace with your changes.' },
      restored: true,
    });
  });
});
