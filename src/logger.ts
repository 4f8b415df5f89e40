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

function format(level: string, message: string, fields: Fields = {}): string {
  const parts = [`time=${new Date().toISOString()}`, `level=${level}`, `msg=${JSON.stringify(message)}`];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${key}=${typeof value === 'string' && /[\s"=]/.test(value) ? JSON.stringify(value) : value}`);
  }
  return parts.join(' ') + '\n';
}

export function createLogger(minimum: LogLevel): Logger {
  const at = (level: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Fields) => {
    if (RANK[level] < RANK[minimum]) return;
    const stream = RANK[level] >= RANK.warn ? process.stderr : process.stdout;
    stream.write(format(level, message, fields));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
