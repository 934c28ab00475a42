/**
 * The CORS rule of the simulated attachment storage. A page PUTs a file to the presigned upload URL
 * straight from its own origin and opens the download URL from there, so the S3 bucket of Connect's
 * chat attachments carries a CORS rule, and S3 applies it: preflights (`OPTIONS`, not
 * authenticated) are answered by the rule, and `PUT`/`GET` answers (errors included) carry
 * `Access-Control-Allow-Origin` when the request names an `Origin`. The simulator's rule: any
 * origin, `PUT` and `GET`, the headers an upload signs (StartAttachmentUpload's `HeadersToInclude`:
 * `Content-Type`, `x-amz-meta-*`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendS3Error } from './s3-errors.js';

/** The bucket's CORS rule, in S3's terms (`AllowedHeaders` may end in `*`); every origin is allowed. */
export const STORAGE_CORS_RULE = {
  allowedMethods: ['PUT', 'GET'],
  allowedHeaders: ['content-type', 'x-amz-meta-*'],
  exposeHeaders: ['ETag'],
  maxAgeSeconds: 3000,
} as const;

/** S3 names these whenever a bucket has a CORS configuration: the answer depends on them. */
const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

const headerAllowed = (name: string) =>
  STORAGE_CORS_RULE.allowedHeaders.some((allowed) =>
    allowed.endsWith('*') ? name.startsWith(allowed.slice(0, -1)) : name === allowed,
  );

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Answers a preflight as S3 does: 400 without `Origin` or `Access-Control-Request-Method`, 403
 * when the method or a requested header is outside the rule, else 200 allowing them.
 */
export function answerStoragePreflight(req: IncomingMessage, res: ServerResponse): void {
  const origin = single(req.headers.origin);
  const method = single(req.headers['access-control-request-method']);
  const requested = (single(req.headers['access-control-request-headers']) ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (!origin) {
    sendS3Error(res, 400, 'BadRequest', 'Insufficient information. Origin request header needed.');
  } else if (!method) {
    sendS3Error(res, 400, 'BadRequest', 'Invalid Access-Control-Request-Method: null');
  } else if (
    !(STORAGE_CORS_RULE.allowedMethods as readonly string[]).includes(method) ||
    !requested.every(headerAllowed)
  ) {
    sendS3Error(res, 403, 'AccessForbidden', 'CORSResponse: This CORS request is not allowed.');
  } else {
    res.writeHead(200, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': STORAGE_CORS_RULE.allowedMethods.join(', '),
      ...(requested.length > 0 ? { 'access-control-allow-headers': requested.join(', ') } : {}),
      'access-control-expose-headers': STORAGE_CORS_RULE.exposeHeaders.join(', '),
      'access-control-max-age': String(STORAGE_CORS_RULE.maxAgeSeconds),
      vary: VARY,
      'content-length': 0,
    });
    res.end();
  }
}

/**
 * Sets the CORS headers of an answer to a `PUT` or `GET` (whatever its status) that names an
 * `Origin`; a request without one (a server, curl) gets none, as from S3.
 */
export function setStorageCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  if (!single(req.headers.origin)) return;
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-allow-methods', STORAGE_CORS_RULE.allowedMethods.join(', '));
  res.setHeader('access-control-expose-headers', STORAGE_CORS_RULE.exposeHeaders.join(', '));
  res.setHeader('access-control-max-age', String(STORAGE_CORS_RULE.maxAgeSeconds));
  res.setHeader('vary', VARY);
}
