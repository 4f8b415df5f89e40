// What a bulk form says was selected, read without a database.
import { describe, expect, it } from 'vitest';
import { MAX_PICKED, parseSelection } from './selection.js';

describe('parseSelection', () => {
  const now = 1_800_000_000_000;
  it('reads ticked ids, the page, or all matching, with the moment', () => {
    expect(parseSelection({ at: ['5'], id: ['3', '1', '3'] }, now)).toEqual({
      selection: { ids: [3, 1] },
      selectedAt: 5,
    });
    expect(parseSelection({ at: ['5'], scope: ['page'], page: ['7,8'] }, now).selection).toEqual({
      ids: [7, 8],
    });
    expect(
      parseSelection(
        { at: ['5'], scope: ['matching'], q: ['smi'], state: ['NY'] },
        now,
        'Europe/Paris',
      ).selection,
    ).toEqual({
      list: {
        q: 'smi',
        filter: { state: 'NY', city: '', added_after: '', added_before: '' },
        timeZone: 'Europe/Paris',
      },
    });
    expect(
      parseSelection({ at: ['5'], scope: ['matching'], in: ['trash'] }, now).selection,
    ).toEqual({ trash: { q: '' } });
    // A moment in the future is now.
    expect(parseSelection({ at: [String(now + 9)], id: ['1'] }, now).selectedAt).toBe(now);
  });

  it('refuses what is not a selection, with a message', () => {
    const refused = (form: Record<string, string[]>) => {
      try {
        parseSelection(form, now);
      } catch (error) {
        return [(error as { status: number }).status, (error as Error).message];
      }
      return null;
    };
    expect(refused({ id: ['1'] })).toEqual([400, expect.stringContaining('Reload the page')]);
    expect(refused({ at: ['1'] })).toEqual([422, expect.stringContaining('Select at least one')]);
    expect(refused({ at: ['1'], id: ['1', 'x'] })).toEqual([400, expect.any(String)]);
    expect(refused({ at: ['1'], scope: ['everything'] })).toEqual([400, expect.any(String)]);
    expect(refused({ at: ['1'], scope: ['matching'], added_after: ['yesterday'] })).toEqual([
      400,
      expect.stringContaining('YYYY-MM-DD'),
    ]);
    const many = Array.from({ length: MAX_PICKED + 1 }, (_, i) => String(i + 1));
    expect(refused({ at: ['1'], id: many })).toEqual([
      422,
      expect.stringContaining('at most 1,000'),
    ]);
  });
});
