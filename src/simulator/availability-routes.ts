/**
 * The HTTP routes of the availability and queue-status operations, from the model's `requestUri`s:
 * the request's members gathered from its path labels, query string and JSON body, the call
 * recorded for tests, the answer written as Connect writes it. Authentication, transport faults
 * and the other Connect routes are `routes.ts`'s.
 */
import type { ServerResponse } from 'node:http';
import type { Caller } from './auth.js';
import { AVAILABILITY_OPERATIONS, AVAILABILITY_SHAPES, type AvailabilityOperation } from './availability-model.js';
import type { createAvailabilityOperations } from './availability-operations.js';
import { pushBounded } from './history.js';
import { sendError, sendJson } from './rest-json.js';

/** One availability or queue-status call the simulator received after authentication, whatever its outcome. */
export interface AvailabilityCall {
  readonly operation: AvailabilityOperation;
  /** The request's members: path labels, query parameters and body, by the model's member names. */
  readonly input: Record<string, unknown>;
  readonly accessKeyId: string;
  /** The region in the request's credential scope. */
  readonly region: string;
  /** The role whose temporary credentials signed the call; undefined for static keys. */
  readonly roleArn?: string;
  /** The error type answered, or undefined for success. */
  readonly error?: string;
}

/** A request for one of the operations, with its path labels decoded. */
export interface AvailabilityRoute {
  readonly operation: AvailabilityOperation;
  readonly labels: Record<string, string>;
}

const ROUTES = (
  Object.entries(AVAILABILITY_OPERATIONS) as [AvailabilityOperation, { method: string; requestUri: string }][]
).map(([operation, spec]) => {
  const names = [...spec.requestUri.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const pattern = new RegExp(`^${spec.requestUri.replace(/\{\w+\}/g, '([^/]+)')}$`);
  return { operation, method: spec.method, pattern, names };
});

/** The operation a request is for, or undefined when it is none of them (or a label is not valid percent-encoding). */
export function availabilityRouteOf(method: string | undefined, pathname: string): AvailabilityRoute | undefined {
  for (const route of ROUTES) {
    const m = route.method === method ? route.pattern.exec(pathname) : null;
    if (!m) continue;
    try {
      return {
        operation: route.operation,
        labels: Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(m[i + 1]!)])),
      };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Where the routes answer from and record to. */
export interface AvailabilityRoutesOptions {
  readonly operations: ReturnType<typeof createAvailabilityOperations>;
  readonly calls: AvailabilityCall[];
  readonly historyLimit: number;
}

/** Creates the handler of an authenticated request for one of the operations. */
export function createAvailabilityRoutes(options: AvailabilityRoutesOptions) {
  const { operations, calls, historyLimit } = options;
  return function handle(route: AvailabilityRoute, url: URL, body: string, caller: Caller, res: ServerResponse) {
    const spec = AVAILABILITY_OPERATIONS[route.operation];
    let members: Record<string, unknown> = {};
    if (spec.method === 'POST') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body || '{}');
      } catch {
        return sendError(res, 'SerializationException', 'Request body is not valid JSON.');
      }
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        members = parsed as Record<string, unknown>;
      }
    }
    const shape = AVAILABILITY_SHAPES[spec.input];
    for (const [name, member] of Object.entries(shape?.type === 'structure' ? shape.members : {})) {
      const value = member.location === 'querystring' ? url.searchParams.get(member.locationName!) : null;
      if (value !== null) members[name] = value;
    }
    const input = { ...members, ...route.labels };
    const outcome = operations.handle(route.operation, input, caller);
    pushBounded(
      calls,
      {
        operation: route.operation,
        input,
        accessKeyId: caller.accessKeyId,
        region: caller.region,
        ...(caller.roleArn ? { roleArn: caller.roleArn } : {}),
        ...('error' in outcome ? { error: outcome.error } : {}),
      },
      historyLimit,
    );
    if ('error' in outcome) return sendError(res, outcome.error, outcome.message);
    return sendJson(res, 200, outcome.output);
  };
}
