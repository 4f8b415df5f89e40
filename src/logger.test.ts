// The access log escapes every control character in what it writes, so a request path cannot drive
// the terminal that reads the log or forge a line.
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { openDatabase } from './db/database.js';
import { createLogger, logValue } from './logger.js';
import { testConfig } from './testing/harness.js';

const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

describe('logger', () => {
  it('writes a request path with ESC, BEL, backspace, DEL, a C1 CSI and a line break escaped', async () => {
    const lines: string[] = [];
    const app = createApp({
      db: openDatabase({ dialect: 'sqlite', path: ':memory:' }),
      config: testConfig(),
      logger: createLogger('info', (line) => lines.push(line)),
    });
    await app.request('/%1b%5b2J%07%08%7f%c2%9b31m%0afake%20line=1');
    const line = lines.find((l) => l.includes('msg=request'))!;
    expect(line).toBeDefined();
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(RAW_CONTROL);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(line).toContain('path="/\\u001b[2J\\u0007\\b\\u007f\\u009b31m\\nfake line=1"');
  });

  it('leaves plain values bare and quotes the rest', () => {
    expect(logValue('/customers')).toBe('/customers');
    expect(logValue('')).toBe('""');
    expect(logValue('a b')).toBe('"a b"');
    expect(logValue('\u2028')).toBe('"\\u2028"');
  });
});
