/**
 * The simulator's HTTP routes: STS's `POST /`, Connect's `PUT /contact/chat`,
 * `GET /contacts/{InstanceId}/{ContactId}` and the availability routes (handed to `availability`),
 * and the Participant Service's routes (handed to
 * `participant`, which authenticates by bearer token instead of SigV4). Each request is
 * authenticated, recorded for tests to assert on, handed to its operation and answered as the
 * real service answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticate } from './auth.js';
import { type AvailabilityRoute, availabilityRouteOf, type createAvailabilityRoutes } from './availability-routes.js';
import { type createConnectOperations, describeContactOutput, startChatContactOutput } from './connect-operations.js';
import type { FaultQueue } from './faults.js';
import { pushBounded } from './history.js';
import { readBody, sendError, sendJson } from './rest-json.js';
import { type createSts, sendXml, stsAuthError } from './sts.js';

/** One request the simulator received after authentication, for tests to assert on. */
export interface ReceivedCall {
  readonly operation: 'StartChatContact';
  readonly accessKeyId: string;
  /** The region in the request's credential scope. */
  readonly region: string;
  readonly body: Record<string, unknown>;
  /** The role whose temporary credentials (issued by the simulated STS) signed the call; undefined for static keys. */
  readonly roleArn?: string;
  /** The error type answered, or undefined for success. */
  readonly error?: string;
  /** The contact started (or found again by ClientToken) on success, even when the reply was lost. */
  readonly contactId?: string;
}

/** One DescribeContact call the simulator received after authentication, for tests to assert on. */
export interface DescribeCall {
  readonly operation: 'DescribeContact';
  /** The instance named in the path: the only one whose contacts the call can see. */
  readonly instanceId: string;
  readonly contactId: string;
  readonly accessKeyId: string;
  /** The region in the request's credential scope. */
  readonly region: string;
  /** The role whose temporary credentials signed the call; undefined for static keys. */
  readonly roleArn?: string;
  /** The error type answered, or undefined for success. */
  readonly error?: string;
}

/** The route of a Connect request: the operation and its URI labels. */
type Route =
  | { operation: 'StartChatContact' }
  | { operation: 'DescribeContact'; instanceId: string; contactId: string }
  | ({ availability: true } & AvailabilityRoute)
  | { operation: undefined };

function routeOf(method: string | undefined, pathname: string): Route {
  if (method === 'PUT' && pathname === '/contact/chat') return { operation: 'StartChatContact' };
  const availability = availabilityRouteOf(method, pathname);
  if (availability) return { availability: true, ...availability };
  const describe = /^\/contacts\/([^/]+)\/([^/]+)$/.exec(pathname);
  if (method === 'GET' && describe) {
    try {
      return {
        operation: 'DescribeContact',
        instanceId: decodeURIComponent(describe[1]!),
        contactId: decodeURIComponent(describe[2]!),
      };
    } catch {
      return { operation: undefined };
    }
  }
  return { operation: undefined };
}

/** What the routes answer with and where they record the calls they received. */
export interface RoutesOptions {
  readonly authenticate: Authenticate;
  readonly operations: ReturnType<typeof createConnectOperations>;
  readonly sts: ReturnType<typeof createSts>;
  /** Transport faults (`drop`, `hang`, `latency`) and `lostReply` are taken here. */
  readonly faults: FaultQueue;
  readonly received: ReceivedCall[];
  readonly describeCalls: DescribeCall[];
  readonly historyLimit: number;
  /** The availability and queue-status operations (GetCurrentMetricData, DescribeQueue, …). */
  readonly availability: ReturnType<typeof createAvailabilityRoutes>;
  /** The Participant Service routes: handles a request and resolves true when it is one of them. */
  readonly participant?: { handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> };
}

/** Creates the request handler; its promise settles once the request is answered (or dropped). */
export function createRoutes(options: RoutesOptions) {
  const { authenticate, operations, sts, faults, received, describeCalls, historyLimit } = options;

  /** STS speaks awsQuery: `POST /` with a form body, XML answers. Faults do not apply. */
  async function handleSts(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const auth = await authenticate(req, body, 'sts');
    if ('failure' in auth) return sendXml(res, stsAuthError(auth.failure));
    return sendXml(res, sts.handle(body, { accessKeyId: auth.caller.accessKeyId, region: auth.caller.region }));
  }

  return async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const { pathname } = url;
    if (req.method === 'POST' && pathname === '/') return handleSts(req, res);
    if (options.participant && (await options.participant.handle(req, res))) return;
    const route = routeOf(req.method, pathname);
    // Transport faults hit before anything is read; service faults after authentication and validation.
    const fault = faults.take(['drop', 'hang', 'latency'], route.operation);
    if (fault?.kind === 'drop') return req.socket.destroy();
    if (fault?.kind === 'hang') return; // never answers; close() destroys the socket
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms));

    const body = await readBody(req);
    const auth = await authenticate(req, body, 'connect');
    if ('failure' in auth) return sendError(res, auth.failure.type, auth.failure.message);
    const { caller } = auth;
    if ('availability' in route) return options.availability(route, url, body, caller, res);
    if (route.operation === 'DescribeContact') {
      const outcome = operations.describeContact(route.instanceId, route.contactId);
      pushBounded(
        describeCalls,
        {
          operation: 'DescribeContact',
          instanceId: route.instanceId,
          contactId: route.contactId,
          ...caller,
          ...('error' in outcome ? { error: outcome.error } : {}),
        },
        historyLimit,
      );
      if ('error' in outcome) return sendError(res, outcome.error, outcome.message);
      return sendJson(res, 200, { Contact: describeContactOutput(outcome.contact) });
    }
    if (route.operation !== 'StartChatContact') {
      return sendError(res, 'UnknownOperationException', `No operation at ${req.method} ${pathname}.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body || '{}');
    } catch {
      return sendError(res, 'SerializationException', 'Request body is not valid JSON.');
    }
    const bodyObject = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    const outcome = operations.startChatContact(bodyObject, caller);
    pushBounded(
      received,
      {
        operation: 'StartChatContact',
        accessKeyId: caller.accessKeyId,
        region: caller.region,
        body: bodyObject,
        ...(caller.roleArn ? { roleArn: caller.roleArn } : {}),
        ...('error' in outcome ? { error: outcome.error } : { contactId: outcome.contact.ContactId }),
      },
      historyLimit,
    );
    if ('error' in outcome) return sendError(res, outcome.error, outcome.message);
    if (faults.take(['lostReply'], 'StartChatContact')) return req.socket.destroy();
    return sendJson(res, 200, startChatContactOutput(outcome.contact));
  };
}
