import type { ExecutionResult } from 'graphql';
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

/**
 * Logs every request's completion once (request ID, tenant, operation, outcome, HTTP status,
 * duration) and counts GraphQL requests in `chat_gateway_requests_total`. The tenant is only ever a
 * resolved tenant's ID; the client's operation name goes to the log, never into a metric label.
 * At `debug`, the arrival of each request is logged with its (redacted) headers.
 */
export function useObservability(options: ObservabilityOptions): Plugin<Context> {
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
    onRequest({ request, url }) {
      const record = newRecord(performance.now());
      record.path = url.pathname;
      records.set(request, record);
      if (options.logger.isLevelEnabled('debug')) {
        options.logger.debug(
          {
            requestId: options.requestIdOf(request),
            req: { method: request.method, path: url.pathname, headers: Object.fromEntries(request.headers) },
          },
          'request received',
        );
      }
    },
    onParams({ request, params }) {
      // Not yet validated: anything a client sent (an object, a number) must pass through untouched.
      const name: unknown = params.operationName;
      if (typeof name === 'string' && name) recordOf(request).requestedNames.push(name.slice(0, MAX_OPERATION_NAME));
    },
    onValidate({ context, params }) {
      const { request } = context;
      const requested: unknown = context.params?.operationName;
      const operationName = typeof requested === 'string' ? requested : undefined;
      return ({ valid }) => {
        if (!valid || !request) return;
        safely(() => {
          noteResolvedTypes(params.schema);
          const record = recordOf(request);
          const shape = operationShapeOf(params.schema, params.documentAST, operationName);
          if (shape.name) record.operationNames.push(shape.name.slice(0, MAX_OPERATION_NAME));
          record.rootFields =
            record.rootFields.size === 0 ? shape.fields : new Map([...record.rootFields, ...shape.fields]);
          if (shape.operation) record.operations.push(shape.operation);
        });
      };
    },
    onExecute({ args }) {
      const context = args.contextValue;
      if (!context.request) return;
      const record = recordOf(context.request);
      if (context.tenant) record.tenantId = context.tenant.id;
      if (context.via) record.via = context.via;
    },
    onResultProcess({ request, result }) {
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
    onResponse({ request, response }) {
      safely(() => {
        const record = records.get(request) ?? newRecord();
        records.delete(request);
        const line = completionLineOf(record, request, response.status, {
          graphqlEndpoint: endpoint,
          requestIdOf: options.requestIdOf,
        });
        completionLog[line.level](line.entry, 'request completed');
        if (line.graphql) options.metrics?.requestCompleted(record.tenantId, line.operation, labelValue(line.outcome));
      });
    },
  };
}
