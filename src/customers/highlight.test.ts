// Highlighting marks what the search matched, folded as the search folds, and escapes the rest.
import { describe, expect, it } from 'vitest';
import { highlight, marksOf } from './highlight.js';
import { searchPlan } from './keys.js';

const marked = (text: string, q: string, phone = false) =>
  highlight(text, marksOf(searchPlan(q)), { phone });

describe('highlight', () => {
  it('marks the folded words and the phone runs a search plan looks for', () => {
    expect(marksOf(searchPlan('gra 5557325'))).toEqual({
      words: ['gra', '5557325'],
      runs: ['5557325'],
    });
    expect(marksOf(null)).toEqual({ words: [], runs: [] });
  });

  it.each([
    ['Grace Hopper', 'gra hop', '<mark>Gra</mark>ce <mark>Hop</mark>per'],
    ['José Müller', 'mull', 'José <mark>Müll</mark>er'],
    ['Søren Østergaard', 'oster', 'Søren <mark>Øster</mark>gaard'],
    ['Sam Smith', 's', '<mark>S</mark>am <mark>S</mark>mith'],
    ['東 太郎', '東', '<mark>東</mark> 太郎'],
    ['<b>Sam</b>', 'sam', '&lt;b><mark>Sam</mark>&lt;/b>'],
    ['Grace Hopper', '', 'Grace Hopper'],
    ['grace.hopper42@navy.example', 'hopper4', 'grace.<mark>hopper4</mark>2@navy.example'],
  ])('%s, searched for %j: %s', (text, q, html) => {
    expect(marked(text, q)).toBe(html);
  });

  it.each([
    ['5557325', '+1 (716) <mark>555-7325</mark>'],
    ['7325', '+1 (716) 555-<mark>7325</mark>'],
    ['716555', '+1 (<mark>716) 555</mark>-7325'],
    ['(716) 555-7325', '+1 (<mark>716) 555-7325</mark>'],
    ['555', '+1 (716) <mark>555</mark>-7325'],
  ])('marks a phone number run across its punctuation (%s)', (q, html) => {
    expect(marked('+1 (716) 555-7325', q, true)).toBe(html);
  });

  it('marks runs in phone numbers only', () => {
    expect(marked('Zip 57325', '7325')).toBe('Zip 57325');
    expect(marked('7325 Main St', '7325')).toBe('<mark>7325</mark> Main St');
  });
});
