// Reading an uploaded CSV file as a stream: which text encoding and separator it uses, its header row,
// and its records a chunk at a time (staged by the caller), with a clear message for any file Folio
// cannot read. Nothing here holds the whole file.
import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { unneutralised } from '../export/csv.js';

/** A file Folio cannot import, with the message the person sees. */
export class BadFile extends Error {}

export const FILE_LIMITS = {
  bytes: 20 * 1024 * 1024,
  rows: 200_000,
  columns: 100,
  /** Characters of one record (all its cells): past this the file is refused rather than held in memory. */
  recordChars: 1_000_000,
};
export type FileLimits = typeof FILE_LIMITS;

export type Encoding = 'utf-8' | 'windows-1252';
export type Separator = ',' | ';' | '\t';

export const ENCODING_NAMES: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (Western European, also read for Latin-1)',
};
export const SEPARATOR_NAMES: Record<Separator, string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
};

export interface StagedRow {
  /** The record's row as a spreadsheet numbers it: the header row is 1. */
  rowNumber: number;
  cells: string[];
}

export interface ReadFile {
  encoding: Encoding;
  separator: Separator;
  headers: string[];
  rows: number;
}

const SAMPLE_BYTES = 64 * 1024;
const STAGE_CHUNK = 500;

/**
 * Control bytes (NUL and the like, not tab or line breaks) in more than a few places: a spreadsheet,
 * an archive or a picture renamed .csv. A stray NUL in a text file is left for the row's check.
 */
function binary(sample: Uint8Array): boolean {
  let control = 0;
  for (const byte of sample) if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control += 1;
  return control > Math.max(2, sample.length / 1000);
}

/**
 * UTF-8 (with or without a byte-order mark) when the sample is valid UTF-8, else Windows-1252, the
 * encoding Excel on Windows writes "CSV" in (a superset of Latin-1 for the printable characters).
 * Text with NUL bytes is not a CSV export (a spreadsheet, an image renamed .csv); UTF-16 is named.
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): Encoding {
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))
    throw new BadFile(
      'This file is saved as UTF-16 (“Unicode text”). Save it as “CSV UTF-8” and upload it again.',
    );
  if (binary(sample))
    throw new BadFile(
      'This is not a CSV file (it holds binary data, like a spreadsheet or a picture). In your spreadsheet, use Save as or Download as CSV, and upload that file.',
    );
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The separator the header row uses most, outside quotes: comma, semicolon (Excel in much of Europe) or tab. */
export function detectSeparator(text: string): Separator {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as Separator] += 1;
  }
  const best = (Object.keys(counts) as Separator[]).sort((a, b) => counts[b] - counts[a])[0]!;
  return counts[best] > 0 ? best : ',';
}

/** The file's bytes as text in its encoding, a chunk at a time; invalid UTF-8 after the sample is refused. */
async function* decoded(
  sample: Buffer,
  rest: AsyncIterator<Buffer>,
  encoding: Encoding,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  const decode = (bytes: Uint8Array, stream: boolean) => {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw new BadFile(
        'Part of this file is not UTF-8 although its beginning is: it mixes encodings. Save it again as “CSV UTF-8” and upload that file.',
      );
    }
  };
  yield decode(sample, true);
  for (;;) {
    const next = await rest.next();
    if (next.done) break;
    yield decode(next.value, true);
  }
  yield decode(new Uint8Array(0), false);
}

/** Reads up to SAMPLE_BYTES (or the whole file when smaller) from the upload. */
async function readSample(
  chunks: AsyncIterator<Buffer>,
): Promise<{ sample: Buffer; complete: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < SAMPLE_BYTES) {
    const next = await chunks.next();
    if (next.done) return { sample: Buffer.concat(parts), complete: true };
    parts.push(next.value);
    size += next.value.length;
  }
  return { sample: Buffer.concat(parts), complete: false };
}

/** csv-parse's complaint, in the person's words. */
function explained(error: CsvError): BadFile {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? ` (near line ${line.toLocaleString('en-US')})` : '';
  if (error.code === 'CSV_QUOTE_NOT_CLOSED')
    return new BadFile(
      `A quoted cell is never closed${where}: a " opens it and no " ends it. Check that line in a spreadsheet or a text editor.`,
    );
  if (error.code === 'CSV_MAX_RECORD_SIZE')
    return new BadFile(`One row of this file is over a million characters long${where}.`);
  return new BadFile(`Folio could not read this file as CSV${where}: ${error.message}`);
}

const blank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/** The header row, trimmed, or the reason it cannot be one. */
function headerRow(record: string[], limits: FileLimits): string[] {
  // A header row Folio wrote (the failed rows' file) is neutralised like its cells.
  const headers = record.map((cell) => unneutralised(cell).trim());
  if (blank(headers)) throw new BadFile('The first row should name the columns, and it is empty.');
  if (headers.length > limits.columns)
    throw new BadFile(
      `This file has ${headers.length.toLocaleString('en-US')} columns; Folio reads at most ${limits.columns}. Remove the columns you do not need and upload it again.`,
    );
  return headers;
}

/**
 * Reads a CSV upload: detects its encoding and separator, checks its header row, and hands its
 * records to `stage` STAGE_CHUNK at a time (empty records are left out). Throws BadFile for a file
 * it cannot import; `stage` has then been called for the rows before the problem.
 */
export async function readCsvUpload(
  source: AsyncIterable<Buffer>,
  stage: (rows: StagedRow[]) => Promise<void>,
  limits: FileLimits = FILE_LIMITS,
): Promise<ReadFile> {
  const chunks = source[Symbol.asyncIterator]();
  const { sample, complete } = await readSample(chunks);
  if (sample.length === 0 || (complete && sample.toString('latin1').trim() === ''))
    throw new BadFile('This file is empty.');
  const encoding = detectEncoding(sample, complete);
  const separator = detectSeparator(new TextDecoder(encoding).decode(sample.subarray(0, 8192)));
  const text = Readable.from(decoded(sample, chunks, encoding));
  const parser = text.pipe(
    parse({
      delimiter: separator,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: limits.recordChars,
    }),
  );
  // pipe() does not pass errors on: a decoding error ends the records with it.
  text.on('error', (error) => parser.destroy(error));
  let headers: string[] | undefined;
  let rowNumber = 1;
  let rows = 0;
  let pending: StagedRow[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!headers) {
        headers = headerRow(record, limits);
        continue;
      }
      rowNumber += 1;
      if (blank(record)) continue;
      rows += 1;
      if (rows > limits.rows)
        throw new BadFile(
          `This file has more than ${limits.rows.toLocaleString('en-US')} customers; Folio imports at most that many at once. Split it and import each part.`,
        );
      pending.push({ rowNumber, cells: record });
      if (pending.length >= STAGE_CHUNK) {
        await stage(pending);
        pending = [];
      }
    }
  } catch (error) {
    parser.destroy();
    if (error instanceof CsvError) throw explained(error);
    throw error;
  }
  if (pending.length > 0) await stage(pending);
  if (!headers) throw new BadFile('This file is empty.');
  if (rows === 0) throw new BadFile('This file has a header row but no customers under it.');
  return { encoding, separator, headers, rows };
}
