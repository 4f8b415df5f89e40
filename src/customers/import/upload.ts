// The multipart upload as a stream (busboy): the file's bytes reach the CSV reader as they arrive,
// never held whole in memory. Past the size limit the stream stops with a BadFile.
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { BadFile, FILE_LIMITS } from './parse.js';

export interface Upload {
  fileName: string;
  bytes: AsyncIterable<Buffer>;
}

/** The first file field of a multipart request; BadFile when there is none or it is too large. */
export function receiveUpload(request: Request, limit = FILE_LIMITS.bytes): Promise<Upload> {
  const type = request.headers.get('Content-Type') ?? '';
  if (!type.startsWith('multipart/form-data') || !request.body)
    return Promise.reject(new BadFile('Choose a CSV file to upload.'));
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': type },
        limits: { files: 1, fileSize: limit, fields: 10, parts: 12 },
      });
    } catch {
      reject(new BadFile('Choose a CSV file to upload.'));
      return;
    }
    parser.on('file', (_field, stream, info) => {
      const mb = limit / 1024 / 1024;
      const tooLarge = new BadFile(
        `This file is larger than ${mb} MB, the most Folio imports at once. Split it and import each part.`,
      );
      stream.on('limit', () => stream.destroy(tooLarge));
      resolve({ fileName: info.filename || 'upload.csv', bytes: stream });
    });
    parser.on('error', () => reject(new BadFile('The upload was cut off. Try again.')));
    parser.on('close', () => reject(new BadFile('Choose a CSV file to upload.')));
    Readable.fromWeb(request.body as import('node:stream/web').ReadableStream).pipe(parser);
  });
}
