import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ConnectCallReport, ConnectOperation } from '../chat/ports.js';
import type { Context } from '../context.js';
import { fixedShapeLogger } from '../logger.js';
import { completionLineOf } from './completion-line.js';
import { type GatewayMetrics, labelValue } from './metrics.js';
import { codeOf, noteResolvedTypes, operationShapeOf, outcomeOf } from './request-outcome.js';
import { newRecord, records } from './request-record.js';

/** Options of {@link useObservability}. */
export interface ObservabilityOptions {
  readonly logger: Logger;
  readonly requestIdOf: (request: Request) => string;
  readonly metrics?: GatewayMetrics | undefined;
  /** @default "/graphql" */
  readonly graphqlEndpoint?: string;
}

const MAX_OPERATION_NAME = 100;

/** Adds a Connect call to its request's completion line (`connect: { calls, attempts, latencyMs }`). */
export function noteConnectCall(request: Request, _operation: ConnectOperation, report: ConnectCallReport): void {
  const record = records.get(request);
  if (!record) return;
  record.connect ??= { calls: 0, attempts: 0, latencyMs: 0 };
  const { connect } = record;
  connect.calls += 1;
  connect.attempts += report.attempts;
  connect.latencyMs = Math.round((connect.latencyMs + report.latencyMs) * 10) / 10;
}

/** What the observability records of one request, step by step; the plugin and the direct path both call these. */
export interface RequestObservability {
  /**
   * The request arrived (its clock starts at `started`, a `performance.now()` reading, or now);
   * `direct`: the direct path answers it.
   */
  begin(request: Request, path: string, started?: number, direct?: boolean): void;
  /** At `debug`: logs the request's arrival with its (redacted) headers. */
  received(request: Request, path: string): void;
  /** Its parameters were parsed (the requested operation name, client text). */
  requested(request: Request, params: { operationName?: unknown }): void;
  /** Its document validated: the operation and its root fields. */
  validated(request: Request, schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): void;
  /** It is about to execute with this context (tenant, via). */
  executing(context: Partial<Context> & { request?: Request }): void;
  /** It produced these results. */
  resulted(request: Request, result: unknown): void;
  /** Its response is ready: one completion line, one count. */
  complete(request: Request, status: number): void;
}

/**
 * Logs every request's completion once (request ID, tenant, operation, outcome, HTTP status,
 * duration) and counts GraphQL requests in `chat_gateway_requests_total`. The tenant is only ever a
 * resolved tenant's ID; the client's operation name goes to the log, never into a metric label.
 * At `debug`, the arrival of each request is logged with its (redacted) headers.
 */
export function createRequestObservability(options: ObservabilityOptions): RequestObservability {
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const completionLog = fixedShapeLogger(options.logger);
  const recordOf = (request: Request) => {
    let record = records.get(request);
    if (!record) {
      record = newRecord();
      records.set(request, record);
    }
    return record;
  };
  /** Observability never fails a request: a bug here is logged and the request goes on. */
  const safely = (work: () => void) => {
    try {
      work();
    } catch (error) {
      options.logger.warn({ err: error }, 'request observability failed');
    }
  };
  return {
    begin(request, path, started = performance.now(), direct = false) {
      const record = newRecord(started);
      record.path = path;
      if (direct) record.direct = true;
      records.set(request, record);
    },
    received(request, path) {
      if (options.logger.isLevelEnabled('debug')) {
        options.logger.debug(
          {
            requestId: options.requestIdOf(request),
            req: { method: request.method, path, headers: Object.fromEntries(request.headers) },
          },
          'request received',
        );
      }
    },
    requested(request, params) {
      // Not yet validated: anything a client sent (an object, a number) must pass through untouched.
      const name: unknown = params.operationName;
      if (typeof name === 'string' && name) recordOf(request).requestedNames.push(name.slice(0, MAX_OPERATION_NAME));
    },
    validated(request, schema, document, operationName) {
      safely(() => {
        noteResolvedTypes(schema);
        const record = recordOf(request);
        const shape = operationShapeOf(schema, document, operationName);
        if (shape.name) record.operationNames.push(shape.name.slice(0, MAX_OPERATION_NAME));
        record.rootFields =
          record.rootFields.size === 0 ? shape.fields : new Map([...record.rootFields, ...shape.fields]);
        if (shape.operation) record.operations.push(shape.operation);
      });
    },
    executing(context) {
      if (!context.request) return;
      const record = recordOf(context.request);
      if (context.tenant) record.tenantId = context.tenant.id;
      if (context.via) record.via = context.via;
    },
    resulted(request, result) {
      safely(() => {
        const record = recordOf(request);
        for (const one of Array.isArray(result) ? result : [result]) {
          record.results += 1;
          if (Symbol.asyncIterator in (one as object)) {
            record.outcomes.push('stream');
            continue;
          }
          const executed = one as ExecutionResult;
          for (const error of executed.errors ?? []) record.errorCodes.push(codeOf(error));
          record.outcomes.push(outcomeOf(record, executed));
        }
      });
    },
    complete(request, status) {
      safely(() => {
        const record = records.get(request) ?? newRecord();
        records.delete(request);
        const line = completionLineOf(record, request, status, {
          graphqlEndpoint: endpoint,
          requestIdOf: options.requestIdOf,
        });
        completionLog[line.level](line.entry, 'request completed');
        if (line.graphql) options.metrics?.requestCompleted(record.tenantId, line.operation, labelValue(line.outcome));
      });
    },
  };
}

/** The Yoga plugin over {@link createRequestObservability}: each hook one step. */
export function useObservability(observe: RequestObservability): Plugin<Context> {
  return {
    onRequest({ request, url }) {
      observe.begin(request, url.pathname);
      observe.received(request, url.pathname);
    },
    onParams: ({ request, params }) => observe.requested(request, params),
    onValidate({ context, params }) {
      const { request } = context;
      const requested: unknown = context.params?.operationName;
      const operationName = typeof requested === 'string' ? requested : undefined;
      return ({ valid }) => {
        if (valid && request) observe.validated(request, params.schema, params.documentAST, operationName);
      };
    },
    onExecute: ({ args }) => observe.executing(args.contextValue),
    onResultProcess: ({ request, result }) => observe.resulted(request, result),
    onResponse: ({ request, response }) => observe.complete(request, response.status),
  };
}
