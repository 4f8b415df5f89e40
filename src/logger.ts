// A small levelled logger writing one logfmt line per event to stdout/stderr; no dependency needed for this.
import type { LogLevel } from './config.js';

type Fields = Record<string, string | number | boolean | null | undefined>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

// Control characters (C0, DEL, C1) and the Unicode line separators. Logged values include request
// paths after percent-decoding: raw ESC, BEL or backspace would drive the terminal reading the log, and
// a raw line break would forge a line. JSON.stringify escapes C0 only, so the rest are escaped here.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const NOT_JSON_ESCAPED = /[\u007f-\u009f\u2028\u2029]/g;

/** A string as one logfmt value: bare when plain, else quoted with every control character escaped. */
export function logValue(value: string): string {
  if (value !== '' && !CONTROL.test(value) && !/[\s"=\\]/.test(value)) return value;
  return JSON.stringify(value).replace(
    NOT_JSON_ESCAPED,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function format(level: string, message: string, fields: Fields = {}): string {
  const parts = [`time=${new Date().toISOString()}`, `level=${level}`, `msg=${logValue(message)}`];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${key}=${typeof value === 'string' ? logValue(value) : value}`);
  }
  return parts.join(' ') + '\n';
}

/** Where lines go: stdout, and stderr from warn up. Tests pass their own. */
export type LogWrite = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

const toStreams: LogWrite = (line, level) =>
  (RANK[level] >= RANK.warn ? process.stderr : process.stdout).write(line);

export function createLogger(minimum: LogLevel, write: LogWrite = toStreams): Logger {
  const at = (level: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Fields) => {
    if (RANK[level] < RANK[minimum]) return;
    write(format(level, message, fields), level);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
