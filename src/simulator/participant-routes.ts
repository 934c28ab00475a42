/**
 * The Participant Service's HTTP routes (the model's `requestUri`s under `/participant/`) and the
 * attachment URLs it hands out (`/connect-attachments/{ContactId}/{AttachmentId}`, answered as S3
 * answers presigned URLs, with the CORS rule of Connect's attachment bucket: storage-cors.ts). Not
 * SigV4: the `X-Amz-Bearer` token is the authentication; a signature, if the SDK adds one, is
 * ignored as Connect ignores it.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHAT_WEBSOCKET_PATH } from './chat-sockets.js';
import type { FaultQueue } from './faults.js';
import { pushBounded } from './history.js';
import { PARTICIPANT_ERROR_STATUS, PARTICIPANT_OPERATIONS, type ParticipantOperation } from './participant-model.js';
import { MAX_ATTACHMENT_BYTES } from './participant-rules.js';
import { type createParticipantService, uploadHeaders } from './participant-service.js';
import { readBody, sendJson } from './rest-json.js';
import { sendS3Error } from './s3-errors.js';
import { answerStoragePreflight, setStorageCorsHeaders } from './storage-cors.js';

/** One Participant Service call the simulator received, whatever its outcome. Tokens are never recorded. */
export interface ParticipantCall {
  readonly operation: ParticipantOperation;
  /** The JSON body (the bearer token travels in a header and is not here). */
  readonly body: Record<string, unknown>;
  /** The chat the token led to, when it led to one. */
  readonly contactId?: string;
  readonly participantId?: string;
  /** The error type answered, or undefined for success. */
  readonly error?: string;
}

type Route =
  | { kind: 'operation'; operation: ParticipantOperation; labels?: Record<string, string> }
  | { kind: 'attachment'; contactId: string; attachmentId: string }
  | { kind: 'attachment-preflight' }
  | { kind: 'websocket' };

const BY_ROUTE = new Map(
  (Object.entries(PARTICIPANT_OPERATIONS) as [ParticipantOperation, { method: string; requestUri: string }][])
    .filter(([, spec]) => !spec.requestUri.includes('{'))
    .map(([operation, spec]) => [`${spec.method} ${spec.requestUri}`, operation]),
);

function routeOf(method: string | undefined, pathname: string): Route | undefined {
  const operation = BY_ROUTE.get(`${method} ${pathname}`);
  if (operation) return { kind: 'operation', operation };
  try {
    const view = /^\/participant\/views\/([^/]+)$/.exec(pathname);
    if (view && method === 'GET') {
      return { kind: 'operation', operation: 'DescribeView', labels: { ViewToken: decodeURIComponent(view[1]!) } };
    }
    const attachment = /^\/connect-attachments\/([^/]+)\/([^/]+)$/.exec(pathname);
    // A browser asks before a cross-origin PUT; the storage answers by its CORS rule, unsigned.
    if (attachment && method === 'OPTIONS') return { kind: 'attachment-preflight' };
    if (attachment && (method === 'PUT' || method === 'GET')) {
      return {
        kind: 'attachment',
        contactId: decodeURIComponent(attachment[1]!),
        attachmentId: decodeURIComponent(attachment[2]!),
      };
    }
  } catch {
    return undefined;
  }
  if (pathname === CHAT_WEBSOCKET_PATH) return { kind: 'websocket' };
  return undefined;
}

/** Answers a Participant Service error: status from the model, `x-amzn-errortype`, and the message. */
export function sendParticipantError(res: ServerResponse, type: string, message: string) {
  // Connect's participant endpoint answers a refused token with {"message":"Access denied"};
  // the modelled errors carry their `Message` member.
  const body = type === 'AccessDeniedException' ? { message } : { Message: message };
  sendJson(res, PARTICIPANT_ERROR_STATUS[type] ?? 400, body, { 'x-amzn-errortype': type });
}

/** Reads the whole body, keeping at most `cap` bytes; `total` counts them all. */
function readCapped(req: IncomingMessage, cap: number): Promise<{ bytes: Buffer; total: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (kept < cap) {
        const part = chunk.subarray(0, cap - kept);
        chunks.push(part);
        kept += part.length;
      }
    });
    req.on('end', () => resolve({ bytes: Buffer.concat(chunks), total }));
    req.on('error', reject);
  });
}

/** Creates the handler of the Participant Service routes; `matches` tells whether a request is one of them. */
export function createParticipantRoutes(deps: {
  readonly service: ReturnType<typeof createParticipantService>;
  readonly faults: FaultQueue;
  readonly clock: () => number;
  readonly calls: ParticipantCall[];
  readonly historyLimit: number;
  /** The simulator's own URL, for URLs handed out when a request has no Host header. */
  readonly url: () => string;
}) {
  const { service, faults, clock, calls, historyLimit } = deps;

  async function operation(
    req: IncomingMessage,
    res: ServerResponse,
    route: Extract<Route, { kind: 'operation' }>,
  ): Promise<void> {
    const { operation } = route;
    // Transport faults hit before anything is read; service faults after the token and the body.
    const fault = faults.take(['drop', 'hang', 'latency'], operation);
    if (fault?.kind === 'drop') return void req.socket.destroy();
    if (fault?.kind === 'hang') return; // never answers; close() destroys the socket
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms));

    const text = await readBody(req);
    let parsed: unknown = {};
    try {
      if (text.trim() !== '') parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      pushBounded(calls, { operation, body: {}, error: 'ValidationException' }, historyLimit);
      return sendParticipantError(res, 'ValidationException', 'The request body is not a JSON object.');
    }
    const body = parsed as Record<string, unknown>;
    const bearer = req.headers['x-amz-bearer'];
    const outcome = service.handle({
      operation,
      body,
      bearer: Array.isArray(bearer) ? bearer[0] : bearer,
      ...(route.labels ? { labels: route.labels } : {}),
      baseUrl: req.headers.host ? `http://${req.headers.host}` : deps.url(),
    });
    pushBounded(
      calls,
      {
        operation,
        body,
        ...(outcome.contactId ? { contactId: outcome.contactId } : {}),
        ...(outcome.participantId ? { participantId: outcome.participantId } : {}),
        ...('error' in outcome ? { error: outcome.error } : {}),
      },
      historyLimit,
    );
    if ('error' in outcome) return sendParticipantError(res, outcome.error, outcome.message);
    if (faults.take(['lostReply'], operation)) return void req.socket.destroy();
    return sendJson(res, 200, outcome.output);
  }

  /** The presigned URLs: PUT uploads the declared bytes with the HeadersToInclude; GET downloads them. */
  async function attachment(
    req: IncomingMessage,
    res: ServerResponse,
    route: Extract<Route, { kind: 'attachment' }>,
    signature: string | null,
  ): Promise<void> {
    const stored = service.attachment(route.contactId, route.attachmentId);
    if (req.method === 'GET') {
      const until = signature ? stored?.downloads.get(signature) : undefined;
      if (!stored || until === undefined) {
        return sendS3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature does not match.');
      }
      if (clock() >= until) return sendS3Error(res, 403, 'AccessDenied', 'Request has expired');
      const bytes = stored.bytes ?? Buffer.alloc(0);
      res.writeHead(200, { 'content-type': stored.ContentType, 'content-length': bytes.length });
      return void res.end(bytes);
    }
    if (!stored || signature !== stored.uploadKey) {
      await readCapped(req, 0);
      return sendS3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature does not match.');
    }
    const { bytes, total } = await readCapped(req, Math.min(stored.AttachmentSizeInBytes, MAX_ATTACHMENT_BYTES));
    if (clock() >= stored.uploadExpiresAt) return sendS3Error(res, 403, 'AccessDenied', 'Request has expired');
    if (stored.item) return sendS3Error(res, 403, 'AccessDenied', 'The attachment is already completed.');
    for (const [name, value] of Object.entries(uploadHeaders(stored))) {
      if (req.headers[name.toLowerCase()] !== value) {
        return sendS3Error(
          res,
          403,
          'SignatureDoesNotMatch',
          `The signed header ${name} must be sent as StartAttachmentUpload's HeadersToInclude says.`,
        );
      }
    }
    if (total > stored.AttachmentSizeInBytes) {
      return sendS3Error(res, 400, 'EntityTooLarge', 'The upload is larger than its AttachmentSizeInBytes.');
    }
    if (total < stored.AttachmentSizeInBytes) {
      return sendS3Error(res, 400, 'IncompleteBody', 'The upload is smaller than its AttachmentSizeInBytes.');
    }
    stored.bytes = bytes;
    res.writeHead(200, { etag: `"${createHash('md5').update(bytes).digest('hex')}"`, 'content-length': 0 });
    return void res.end();
  }

  return {
    /** Handles the request if it is a Participant Service route or attachment URL; false if it is not one. */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const url = new URL(req.url ?? '/', 'http://simulator');
      const route = routeOf(req.method, url.pathname);
      if (!route) return false;
      try {
        if (route.kind === 'operation') await operation(req, res, route);
        else if (route.kind === 'attachment-preflight') answerStoragePreflight(req, res);
        else if (route.kind === 'attachment') {
          setStorageCorsHeaders(req, res);
          await attachment(req, res, route, url.searchParams.get('X-Amz-Signature'));
        }
        // The websocket URL answers a websocket handshake (server.ts's upgrade), not a plain request.
        else sendJson(res, 426, { message: 'Upgrade Required' }, { upgrade: 'websocket' });
      } catch (error) {
        // A simulator bug answers as the service's own failure does, not as Connect's.
        if (!res.headersSent) sendParticipantError(res, 'InternalServerException', String(error));
      }
      return true;
    },
  };
}
