// The save decision on its own: a three-way merge per field between the form's base, what was typed and
// what is stored now.
import { describe, expect, it } from 'vitest';
import { decideSave, sameAsBase, writes, type StoredCustomer } from './merge.js';
import { EMPTY_VALUES, type CustomerValues } from './schema.js';

const start: CustomerValues = {
  ...EMPTY_VALUES,
  first_name: 'Ada',
  last_name: 'Lovelace',
  city: 'London',
  phone: '555 0100',
};
const row = (
  values: Partial<CustomerValues> = {},
  version = 1,
  deleted_at: string | null = null,
): StoredCustomer => ({ ...start, ...values, version, deleted_at });
/** The form as the editor sends it: every field, the version and the values it started from. */
const form = (typed: Partial<CustomerValues>, version = 1, base: CustomerValues = start) => ({
  version: String(version),
  ...Object.fromEntries(Object.entries(base).map(([field, value]) => [`base_${field}`, value])),
  ...start,
  ...typed,
});

describe('decideSave', () => {
  it('saves mine when nobody saved in between', () => {
    const decision = decideSave({ form: form({ city: 'Paris' }), mode: 'replace' }, row());
    expect(decision).toMatchObject({
      outcome: 'ok',
      changed: true,
      values: { ...start, city: 'Paris' },
    });
    expect(writes(decision)).toBe(true);
  });

  it('keeps their change to another field and takes mine, naming the field kept', () => {
    const decision = decideSave(
      { form: form({ phone: '555 0199' }), mode: 'replace' },
      row({ city: 'Paris' }, 2),
    );
    expect(decision).toEqual({
      outcome: 'merged',
      changed: true,
      restored: false,
      kept: ['city'],
      values: { ...start, city: 'Paris', phone: '555 0199' },
    });
  });

  it('is fine when both changed a field to the same value', () => {
    const decision = decideSave(
      { form: form({ city: 'Paris', phone: '1' }), mode: 'replace' },
      row({ city: 'Paris' }, 2),
    );
    expect(decision).toMatchObject({
      outcome: 'merged',
      kept: [],
      values: { city: 'Paris', phone: '1' },
    });
  });

  it('is a conflict only for a field both changed differently, rebased on the stored version', () => {
    const decision = decideSave(
      { form: form({ city: 'Rome', phone: '1' }), mode: 'replace' },
      row({ city: 'Paris', last_name: 'King' }, 3),
    );
    expect(decision).toMatchObject({
      outcome: 'conflict',
      conflicts: ['city'],
      unchosen: [],
      version: 3,
    });
    if (decision.outcome !== 'conflict') return;
    expect(decision.base).toEqual({ ...start, city: 'Paris', last_name: 'King' });
    expect(decision.values).toEqual({ ...start, last_name: 'King', city: 'Rome', phone: '1' });
    expect(writes(decision)).toBe(false);
  });

  it('resolves a conflict with the choices made, and asks again for a field left unchosen', () => {
    const stored = row({ city: 'Paris', email: 'a@b.co' }, 2);
    const base = { ...start, city: 'Paris', email: 'a@b.co' };
    const resubmit = (choices: Record<string, string>) =>
      decideSave(
        {
          form: {
            ...form({ city: 'Rome', email: 'x@y.co' }, 2, base),
            choose: 'email city',
            ...choices,
          },
          mode: 'replace',
        },
        stored,
      );
    expect(resubmit({ keep_city: 'mine' })).toMatchObject({
      outcome: 'conflict',
      unchosen: ['email'],
      conflicts: ['email'],
    });
    expect(resubmit({ keep_city: 'mine', keep_email: 'theirs' })).toMatchObject({
      outcome: 'ok',
      values: { city: 'Rome', email: 'a@b.co' },
    });
  });

  it('merges a resolved conflict again when a third person saved meanwhile', () => {
    const base = { ...start, city: 'Paris' };
    const decision = decideSave(
      {
        form: { ...form({ city: 'Rome' }, 2, base), choose: 'city', keep_city: 'mine' },
        mode: 'replace',
      },
      row({ city: 'Paris', phone: '999' }, 3),
    );
    expect(decision).toMatchObject({
      outcome: 'merged',
      kept: ['phone'],
      values: { city: 'Rome', phone: '999' },
    });
  });

  it('without base values, treats a stale version as unknown ground: every differing field is a conflict', () => {
    const bare: Record<string, string> = Object.fromEntries(
      Object.entries(form({ phone: '1' })).filter(([key]) => !key.startsWith('base_')),
    );
    expect(decideSave({ form: bare, mode: 'replace' }, row({ city: 'Paris' }, 2))).toMatchObject({
      outcome: 'conflict',
      conflicts: ['phone', 'city'],
    });
    expect(decideSave({ form: bare, mode: 'replace' }, row())).toMatchObject({
      outcome: 'ok',
      values: { phone: '1' },
    });
  });

  it('asks about every differing field when the version is missing or malformed', () => {
    for (const version of [undefined, '', 'x', '0']) {
      const typed: Record<string, string> = { ...start, city: 'Rome' };
      if (version !== undefined) typed.version = version;
      expect(decideSave({ form: typed, mode: 'replace' }, row())).toMatchObject({
        outcome: 'unversioned',
        conflicts: ['city'],
        version: 1,
      });
    }
  });

  it('checks only the fields the person changed', () => {
    const legacy = row({ email: 'not an email' });
    expect(
      decideSave(
        {
          form: form({ email: 'not an email', city: 'Paris' }, 1, {
            ...start,
            email: 'not an email',
          }),
          mode: 'replace',
        },
        legacy,
      ),
    ).toMatchObject({ outcome: 'ok', values: { email: 'not an email', city: 'Paris' } });
    expect(decideSave({ form: form({ phone: 'call me' }), mode: 'replace' }, row())).toMatchObject({
      outcome: 'invalid',
      version: 1,
      errors: { phone: expect.any(String) },
    });
  });

  it('keeps what was typed when the customer was deleted meanwhile, and restores with it on request', () => {
    const deleted = row({ last_name: 'King' }, 2, '2026-11-24T12:00:00.000Z');
    const request = { form: form({ city: 'Paris' }), mode: 'replace' as const };
    expect(decideSave(request, deleted)).toMatchObject({
      outcome: 'deleted',
      version: 2,
      values: { city: 'Paris', last_name: 'King' },
    });
    const restored = decideSave({ ...request, restore: true }, deleted);
    expect(restored).toMatchObject({
      outcome: 'merged',
      restored: true,
      kept: ['last_name'],
      values: { city: 'Paris', last_name: 'King' },
    });
    expect(writes(restored)).toBe(true);
  });

  it('PATCH leaves out what it does not send; unknown ids are not found', () => {
    expect(
      decideSave({ form: { version: '1', city: 'Paris' }, mode: 'merge' }, row()),
    ).toMatchObject({ outcome: 'ok', values: { ...start, city: 'Paris' } });
    expect(decideSave({ form: { version: '1', city: 'Paris' }, mode: 'merge' }, undefined)).toEqual(
      { outcome: 'not-found' },
    );
  });

  it('does not count what the browser or the schema only tidied as a change', () => {
    expect(sameAsBase('a b', 'a\nb')).toBe(true); // the schema turns the break into a space
    expect(sameAsBase('ab', 'a\r\nb')).toBe(true); // a one-line input drops it
    expect(sameAsBase('Ada ', 'Ada')).toBe(true);
    expect(sameAsBase('Ada', 'Adam')).toBe(false);
    const untidy = row({ city: ' London\n' });
    const decision = decideSave(
      { form: form({ city: ' London' }, 1, { ...start, city: ' London\n' }), mode: 'replace' },
      untidy,
    );
    expect(decision).toMatchObject({ outcome: 'ok', changed: false });
  });
});
