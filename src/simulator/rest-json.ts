/** Connect's REST-JSON wire: how a request body is read and how answers and errors are written. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const ERROR_STATUS: Record<string, number> = {
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  UnrecognizedClientException: 403,
  ExpiredTokenException: 403,
  InvalidSignatureException: 403,
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  SerializationException: 400,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  TooManyRequestsException: 429,
  ThrottlingException: 429,
  LimitExceededException: 429,
  InternalServiceException: 500,
};

/** REST-JSON's default timestamp format for body members: epoch seconds, a JSON number (ms as a fraction). */
export const epochSeconds = (ms: number) => ms / 1000;

/** Answers `body` as JSON with a fresh `x-amzn-requestid`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}

/** Answers an error exactly as Connect does: status, `x-amzn-errortype`, `__type` and `Message`. */
export function sendError(res: ServerResponse, type: string, message: string) {
  sendJson(res, ERROR_STATUS[type] ?? 400, { __type: type, Message: message }, { 'x-amzn-errortype': type });
}

/** The whole request body, as UTF-8 text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
