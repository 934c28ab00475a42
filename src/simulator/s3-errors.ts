import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** Answers as S3 answers a presigned URL's refusal: the status and an XML `<Error>` with its `Code`. */
export function sendS3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const text =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
