/**
 * The one line logged when a request completes, and the labels it is counted under. Its shape is
 * fixed (see `fixedShapeLogger`): the same keys for every request, absent ones left undefined.
 */
import { unique } from './request-outcome.js';
import type { RequestRecord } from './request-record.js';

/** Health probes are logged at `debug`: they would drown the requests that matter. */
const PROBE_PATHS = new Set(['/health', '/readiness']);

/** A request's completion: its log entry and level, and whether and how it is counted as a GraphQL request. */
export interface CompletionLine {
  readonly level: 'debug' | 'info' | 'warn';
  readonly entry: {
    readonly requestId: string;
    readonly tenantId: string | undefined;
    readonly via: string | undefined;
    readonly method: string;
    readonly path: string;
    readonly operationName: string | undefined;
    readonly operation: string | undefined;
    readonly outcome: string | undefined;
    readonly errors: readonly string[] | undefined;
    readonly status: number;
    readonly durationMs: number | undefined;
    readonly connect: RequestRecord['connect'];
    /** `true` when the direct path answered (issue 17); absent when Yoga did. */
    readonly direct: true | undefined;
  };
  /** A GraphQL request: one that produced a result, or that the GraphQL endpoint refused. */
  readonly graphql: boolean;
  /** The `operation` label: the root fields run, or `none`. */
  readonly operation: string;
  /** The outcomes of the results, or `HTTP_<status>` for a GraphQL request refused without one. */
  readonly outcome: string | undefined;
}

/** The completion line of `request`, answered with `status`, from what its record collected. */
export function completionLineOf(
  record: RequestRecord,
  request: Request,
  status: number,
  options: { readonly graphqlEndpoint: string; readonly requestIdOf: (request: Request) => string },
): CompletionLine {
  const path = record.path ?? new URL(request.url, 'http://localhost').pathname;
  const graphql =
    record.results > 0 || (path === options.graphqlEndpoint && request.method !== 'OPTIONS' && status >= 400);
  const operation = unique(record.operations).join('+') || 'none';
  const outcome = unique(record.outcomes).join('+') || (graphql ? `HTTP_${status}` : undefined);
  const durationMs =
    record.started === undefined ? undefined : Math.round((performance.now() - record.started) * 10) / 10;
  const entry = {
    requestId: options.requestIdOf(request),
    tenantId: record.tenantId,
    via: record.via,
    method: request.method,
    path,
    operationName:
      unique(record.operationNames.length > 0 ? record.operationNames : record.requestedNames).join('+') || undefined,
    operation: graphql ? operation : undefined,
    outcome,
    errors: record.errorCodes.length > 0 ? unique(record.errorCodes) : undefined,
    status,
    durationMs,
    connect: record.connect,
    direct: record.direct,
  };
  const level = PROBE_PATHS.has(path) ? 'debug' : status >= 500 ? 'warn' : 'info';
  return { level, entry, graphql, operation, outcome };
}
