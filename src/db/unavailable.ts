// Tells "the database cannot be reached or cannot serve just now" (a server restarting, a network cut,
// every connection taken, SQLite's lock held past the wait) from a fault in Folio: the first is a 503
// that heals by itself, the second a 500 worth a stack trace in the log.
/** PostgreSQL SQLSTATEs: connection exceptions (class 08), shutdown and start-up, too many connections. */
const POSTGRES_CODES = /^(08...|57P01|57P02|57P03|53300)$/;
/** Socket errors on the way to the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOENT', // a Unix socket that is not there while the server is down
]);
/** SQLite: still locked after the wait, or the file cannot be read or written (disk full, I/O error). */
const SQLITE_CODES = /^SQLITE_(BUSY|CANTOPEN|FULL|IOERR)/;
/** What pg says when a connection ends or cannot be made in time (these errors carry no code). */
const POOL_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (POSTGRES_CODES.test(code) || NETWORK_CODES.has(code) || SQLITE_CODES.test(code))
        return true;
    }
    if (typeof message === 'string' && POOL_MESSAGES.test(message)) return true;
    // AggregateError (a host with several addresses, all refused) and wrapped causes.
    const inner = (cause as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.some((e) => isDatabaseUnavailable(e))) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
