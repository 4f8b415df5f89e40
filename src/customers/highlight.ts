// Marking what a search matched in the text a row shows, the way the search compared it (keys.ts):
// the start of each word a search word begins, ignoring case and accents ("gra" marks "Grä" in
// "Gräfin"; "s" marks every word starting with s), and in a phone number each run of digits searched
// for, across its punctuation ("5557325" marks "555-7325" in "+1 (716) 555-7325").
import Html from '@kitajs/html';
import { fold, phoneDigits, type SearchPlan, type TermKind } from './keys.js';

/** What to mark: folded word prefixes, and digit runs (phone numbers only). */
export interface Marks {
  words: readonly string[];
  runs: readonly string[];
}

const ASCII = /^[\x00-\x7f]*$/;

/** Nothing to mark (the list is not a search). */
export const NO_MARKS: Marks = { words: [], runs: [] };

/** The folded words and phone runs a search plan looks for. */
export function marksOf(plan: SearchPlan | null): Marks {
  const terms = (plan ?? []).flat(2);
  const of = (kind: TermKind) => [
    ...new Set(terms.filter((term) => term.kind === kind).map((term) => term.text)),
  ];
  return { words: of('w'), runs: of('p') };
}

// A page's rows hold the same names, cities and letters again and again, and folding (two Unicode
// normalisations) is the dear part of marking them: remembered, bounded.
const folded = new Map<string, string>();
function foldOnce(text: string): string {
  let value = folded.get(text);
  if (value === undefined) {
    if (folded.size >= 10_000) folded.clear();
    folded.set(text, (value = fold(text)));
  }
  return value;
}

/** [start, end) ranges of `text` to mark for the words. */
function wordRanges(text: string, words: readonly string[]): [number, number][] {
  if (words.length === 0) return [];
  if (ASCII.test(text)) return asciiWordRanges(text, words);
  const wanted = [...words].sort((a, b) => b.length - a.length);
  const ranges: [number, number][] = [];
  // Words as keys.ts splits them: runs of letters (with their accents) and runs of digits.
  for (const match of text.matchAll(/[\p{L}\p{M}]+|\p{N}+/gu)) {
    const token = match[0];
    const foldedToken = foldOnce(token);
    const prefix = wanted.find((word) => foldedToken.startsWith(word));
    if (!prefix) continue;
    // Walk the original characters until their folded form covers the prefix (plus trailing accents).
    let covered = 0;
    let cut = 0;
    for (const char of token) {
      const length = foldOnce(char).length;
      if (covered >= prefix.length && length > 0) break;
      covered += length;
      cut += char.length;
    }
    ranges.push([match.index, match.index + cut]);
  }
  return ranges;
}

/**
 * wordRanges for plain ASCII (most of what a row shows), without Unicode folding: its words are
 * runs of letters or of digits, each folds to its lower case character for character, so a prefix
 * covers as many characters as it has. A search word the text does not contain begins none of them.
 */
function asciiWordRanges(text: string, words: readonly string[]): [number, number][] {
  const lower = text.toLowerCase();
  if (!words.some((word) => lower.includes(word))) return [];
  const wanted = [...words].sort((a, b) => b.length - a.length);
  const ranges: [number, number][] = [];
  for (const match of lower.matchAll(/[a-z]+|[0-9]+/g)) {
    const prefix = wanted.find((word) => match[0].startsWith(word));
    if (prefix) ranges.push([match.index, match.index + prefix.length]);
  }
  return ranges;
}

/** [start, end) ranges of a phone number covering each occurrence of each run among its digits. */
function runRanges(phone: string, runs: readonly string[]): [number, number][] {
  if (runs.length === 0) return [];
  const digits = phoneDigits(phone);
  const at: number[] = [];
  for (let i = 0; i < phone.length && at.length < digits.length; i += 1)
    if (/\d/.test(phone[i]!)) at.push(i);
  const ranges: [number, number][] = [];
  for (const run of runs) {
    for (let found = digits.indexOf(run); found >= 0; found = digits.indexOf(run, found + 1)) {
      ranges.push([at[found]!, at[found + run.length - 1]! + 1]);
    }
  }
  return ranges;
}

/** The text, escaped, with what matched inside <mark>. */
export function highlight(text: string, marks: Marks, { phone = false } = {}): string {
  if (text === '') return '';
  const words = wordRanges(text, marks.words);
  const runs = phone ? runRanges(text, marks.runs) : [];
  // Nothing marked (every cell of a list that is not a search, most of a search's): the text escaped.
  if (words.length === 0 && runs.length === 0) return Html.escapeHtml(text);
  const ranges = [...words, ...runs].sort((a, b) => a[0] - b[0]);
  // Overlapping ranges (a word and a run in one phone number) become one mark.
  const merged: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let html = '';
  let done = 0;
  for (const [start, end] of merged) {
    html +=
      Html.escapeHtml(text.slice(done, start)) +
      `<mark>${Html.escapeHtml(text.slice(start, end))}</mark>`;
    done = end;
  }
  return html + Html.escapeHtml(text.slice(done));
}

/** The search words none of these texts has a word starting with. */
export function wordsMissingFrom(texts: string[], marks: Marks): string[] {
  return marks.words.filter((word) => texts.every((text) => wordRanges(text, [word]).length === 0));
}

/**
 * A note's words around the first of these search words it has, marked, as safe HTML (line breaks as
 * spaces; an ellipsis where the note goes on); null when it has none of them.
 */
export function noteExcerpt(body: string, words: readonly string[]): string | null {
  const text = body.replace(/\s+/g, ' ').trim();
  const first = wordRanges(text, words)[0];
  if (!first) return null;
  const start = Math.max(0, text.lastIndexOf(' ', Math.max(0, first[0] - 40)) + 1);
  const end = Math.min(text.length, first[1] + 80);
  const cut = end < text.length ? text.indexOf(' ', end) : -1;
  const excerpt = text.slice(start, cut > 0 ? cut : text.length > end ? end : text.length);
  const before = start > 0 ? '…' : '';
  const after = start + excerpt.length < text.length ? '…' : '';
  return `${before}${highlight(excerpt, { words, runs: [] })}${after}`;
}
