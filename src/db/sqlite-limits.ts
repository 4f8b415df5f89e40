// A statement's LIMIT written into its SQL rather than bound. SQLite (3.53, as better-sqlite3 builds
// it) reads a bound LIMIT's value while it plans (computeLimitRegisters calls sqlite3ExprIsInteger
// with the parser, which marks the parameter with sqlite3VdbeSetVarmask), so binding that parameter
// expires the statement and every run prepares it again: 11-24 µs more per run in a loop (the
// timeline's read of no rows 29.4 µs against 5.9 with `LIMIT 21`); the record page, four of whose
// six reads had one, costs a third less CPU since they are written in (docs/performance.md). The
// integer written in its place is the value SQLite planned with anyway, so the plan is the same
// (`LIMIT +?` is not marked either, but SQLite would plan it without the value). Each distinct LIMIT
// is a statement of its own in database.ts's cache, so a caller whose LIMIT varies rounds it
// (list-queries.ts).
import type { CompiledQuery } from 'kysely';

/** Where a statement's `LIMIT ?` placeholders are: the parameter's index, and the `?`'s offset. */
interface Placeholder {
  parameter: number;
  offset: number;
}

/** The most statements whose placeholders are kept (as many as the statements database.ts keeps). */
const MOST_KEPT = 500;
const kept = new Map<string, Placeholder[]>();

const WORD = /\w/;

/**
 * The `LIMIT ?` placeholders of a statement as Kysely writes it for SQLite: every `?` outside quotes
 * and comments is the next parameter, and it is a LIMIT's when the word before it is LIMIT. None
 * when the text numbers or names its parameters (`?2`, `:name`...), where counting would be wrong
 * (Kysely writes neither).
 */
export function limitPlaceholders(sql: string): Placeholder[] {
  const found: Placeholder[] = [];
  let parameter = 0;
  // The last word outside quotes and comments, in lower case; '' after any other token.
  let previous = '';
  for (let i = 0; i < sql.length; i += 1) {
    const char = sql[i]!;
    if (char === "'" || char === '"' || char === '`' || char === '[') {
      // Past the closing quote; a doubled quote is one quote inside and goes round again.
      const end = sql.indexOf(char === '[' ? ']' : char, i + 1);
      i = end === -1 ? sql.length : end;
      previous = '';
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i + 2);
      i = end === -1 ? sql.length : end;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 1;
    } else if (char === '?') {
      if (/[0-9]/.test(sql[i + 1] ?? '')) return [];
      if (previous === 'limit') found.push({ parameter, offset: i });
      parameter += 1;
      previous = '';
    } else if ('$:@#'.includes(char) && WORD.test(sql[i + 1] ?? '')) {
      return [];
    } else if (WORD.test(char)) {
      let end = i + 1;
      while (end < sql.length && WORD.test(sql[end]!)) end += 1;
      previous = sql.slice(i, end).toLowerCase();
      i = end - 1;
    } else if (!/\s/.test(char)) {
      previous = '';
    }
  }
  return found;
}

/** Kept as database.ts keeps statements: a full map lets go of the one unused the longest. */
function placeholdersOf(sql: string): Placeholder[] {
  let placeholders = kept.get(sql);
  if (placeholders) kept.delete(sql);
  else {
    placeholders = limitPlaceholders(sql);
    if (kept.size >= MOST_KEPT) kept.delete(kept.keys().next().value!);
  }
  kept.set(sql, placeholders);
  return placeholders;
}

const INT64 = 2n ** 63n;

/** An integer SQLite reads as the same LIMIT written out; anything else stays a parameter. */
function written(value: unknown): string | undefined {
  if (typeof value === 'bigint') return value > -INT64 && value < INT64 ? String(value) : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** The query with each integer LIMIT written into its SQL and left out of its parameters. */
export function limitsWritten<Q extends Pick<CompiledQuery, 'sql' | 'parameters'>>(query: Q): Q {
  const placeholders = placeholdersOf(query.sql);
  if (placeholders.length === 0) return query;
  let sql = '';
  let from = 0;
  const dropped = new Set<number>();
  for (const { parameter, offset } of placeholders) {
    const literal = written(query.parameters[parameter]);
    if (literal === undefined) continue;
    sql += query.sql.slice(from, offset) + literal;
    from = offset + 1;
    dropped.add(parameter);
  }
  if (dropped.size === 0) return query;
  sql += query.sql.slice(from);
  const parameters = query.parameters.filter((_, i) => !dropped.has(i));
  return { ...query, sql, parameters };
}
