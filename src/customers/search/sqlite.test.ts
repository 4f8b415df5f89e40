import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { searchPlan, type SearchPlan } from '../keys.js';
import { matchExpression, workspaceCode } from './sqlite.js';
import { strategyFor } from './strategy.js';

const plan = (q: string): SearchPlan => searchPlan(q)!;

describe("the workspace's code on every indexed term", () => {
  it('is the id in 10 digits', () => {
    expect(workspaceCode(7)).toBe('0000000007');
    expect(workspaceCode(0)).toBe('0000000000');
    expect(workspaceCode(9_999_999_999)).toBe('9999999999');
  });

  it('refuses an id that does not fit', () => {
    for (const id of [-1, 1.5, 10_000_000_000, Number.NaN])
      expect(() => workspaceCode(id), String(id)).toThrow(RangeError);
  });
});

describe('the FTS5 match expression', () => {
  it('asks for each word as a prefix of a word term, all of them', () => {
    expect(matchExpression(7, plan('Grace'))).toBe('(("0000000007wgrace"*))');
    expect(matchExpression(7, plan('grace HOPPER'))).toBe(
      '(("0000000007wgrace"*) AND ("0000000007whopper"*))',
    );
  });

  it('keeps a one-character word (a letter, a CJK character) as a prefix of its own', () => {
    expect(matchExpression(12, plan('s'))).toBe('(("0000000012ws"*))');
    expect(matchExpression(12, plan('東'))).toBe('(("0000000012w東"*))');
  });

  it('lets 4+ digits be a word or a run inside a phone number, and a typed number its digits run together', () => {
    expect(matchExpression(7, plan('7325'))).toBe('(("0000000007w7325"* OR "0000000007p7325"*))');
    expect(matchExpression(7, plan('732'))).toBe('(("0000000007w732"*))');
    expect(matchExpression(7, plan('(716) 555-7325'))).toBe(
      '(("0000000007p7165557325"* OR "0000000007w7165557325"*)) OR ' +
        '(("0000000007w716"*) AND ("0000000007w555"*) AND ("0000000007w7325"* OR "0000000007p7325"*))',
    );
  });

  it('neutralises quotes, operators and column filters: only quoted terms of the workspace reach FTS5', () => {
    const hostile = [
      '"JOSÉ" OR* -jose',
      'a NEAR(b c) NOT d',
      'terms:x ^y {terms}: z',
      '" OR "0000000008wgrace',
      "x' OR 1=1 --",
    ];
    for (const q of hostile) {
      const expression = matchExpression(7, plan(q));
      // Remove every quoted term: what is left is only the expression's own brackets and operators.
      const terms = expression.match(/"[^"]*"\*/g) ?? [];
      for (const term of terms) expect(term, q).toMatch(/^"0000000007[wp][\p{L}\p{N}]+"\*$/u);
      expect(expression.replace(/"[^"]*"\*/g, ''), q).toMatch(/^[() ]*(?:(?:AND|OR)[() ]*)*$/);
    }
  });

  it('is valid FTS5 for hostile input and never reaches another workspace', () => {
    // An index shaped like migrations/0006's, holding one customer of workspace 7 and one of 8.
    const sqlite = new SQLite(':memory:');
    sqlite.exec(`CREATE VIRTUAL TABLE customers_fts USING fts5(
                   terms, tokenize='ascii', detail='none', prefix='12 13 14')`);
    const insert = sqlite.prepare('INSERT INTO customers_fts(rowid, terms) VALUES (?, ?)');
    insert.run(1, ' 0000000007wjose 0000000007wor 0000000007p5557325 0000000007p557325');
    insert.run(2, ' 0000000008wgrace 0000000008wjose 0000000008wor');
    const found = (workspaceId: number, q: string) =>
      sqlite
        .prepare('SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? ORDER BY rowid')
        .pluck()
        .all(matchExpression(workspaceId, plan(q)));

    expect(found(7, '"JOSÉ" OR* -jose')).toEqual([1]);
    expect(found(8, '"JOSÉ" OR* -jose')).toEqual([2]);
    expect(found(7, '5573')).toEqual([1]);
    expect(found(7, 'jose NEAR(grace) NOT x')).toEqual([]);
    expect(found(7, '" OR "0000000008wgrace')).toEqual([]);
    expect(found(7, '0000000008')).toEqual([]);
    sqlite.close();
  });
});

describe('how a page reads the matches', () => {
  const capped = { count: 1000, capped: true };
  it('reads few matches from the index and sorts them, however short the words', () => {
    expect(strategyFor(plan('s'), { count: 900, capped: false })).toBe('sparse');
    expect(strategyFor(plan('grace'), { count: 0, capped: false })).toBe('sparse');
  });

  it('walks the sort index over many matches: testing stored terms for short words, the match set otherwise', () => {
    expect(strategyFor(plan('s'), capped)).toBe('terms');
    expect(strategyFor(plan('an e'), capped)).toBe('terms');
    expect(strategyFor(plan('東京'), capped)).toBe('terms');
    expect(strategyFor(plan('exa'), capped)).toBe('set');
    expect(strategyFor(plan('s exa'), capped)).toBe('set');
    expect(strategyFor(plan('5557'), capped)).toBe('set');
  });
});
