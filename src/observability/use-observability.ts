import {
  type DocumentNode,
  defaultTypeResolver,
  type ExecutionResult,
  type GraphQLAbstractType,
  type GraphQLError,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  getNamedType,
  getOperationAST,
  isAbstractType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Context } from '../context.js';
import { fixedShapeLogger } from '../logger.js';
import { createRequestSlot } from '../request-slot.js';
import type { ConnectCallReport } from './connect-calls.js';
import { type ConnectOperation, type GatewayMetrics, labelValue } from './metrics.js';

/** What one request collects on its way through Yoga, until `onResponse` logs and counts it. */
interface RequestRecord {
  readonly started?: number;
  /** The URL's path, from `onRequest` (parsed once by Yoga). */
  path?: string;
  /**
   * Names of the operations run, from the document (or the request's `operationName` when the
   * document did not validate). Client text: logged, truncated, never a metric label.
   */
  readonly operationNames: string[];
  readonly requestedNames: string[];
  /** Root fields of each validated operation, e.g. `startChatContact`. */
  readonly operations: string[];
  /** Response key → root field, of the validated operations. */
  readonly rootFields: Map<string, RootField>;
  /** Response key → concrete types the schema resolved for an abstract root field. */
  readonly resolvedTypes: Map<string, Set<string>>;
  readonly outcomes: string[];
  /** Codes of every error in the results, nested ones included (for the log). */
  readonly errorCodes: string[];
  /** Set once a GraphQL result was produced (executed or refused). */
  results: number;
  tenantId?: string;
  via?: string;
  /** The Connect calls the request made, summed. */
  connect?: { calls: number; attempts: number; latencyMs: number };
}

interface RootField {
  readonly name: string;
  /** The named return type: the outcome of a field that resolved without error. */
  readonly typeName: string;
  readonly abstract: boolean;
}

/** Options of {@link useObservability}. */
export interface ObservabilityOptions {
  readonly logger: Logger;
  readonly requestIdOf: (request: Request) => string;
  readonly metrics?: GatewayMetrics | undefined;
  /** @default "/graphql" */
  readonly graphqlEndpoint?: string;
}

const PROBE_PATHS = new Set(['/health', '/readiness']);
const MAX_OPERATION_NAME = 100;
const wrappedTypes = new WeakSet<GraphQLAbstractType>();
/** Shared by every app in the process: the wrapped `resolveType` finds its request's record here. */
const records = createRequestSlot<RequestRecord>('chat-gateway.request-record');

function newRecord(started?: number): RequestRecord {
  return {
    ...(started !== undefined ? { started } : {}),
    operationNames: [],
    requestedNames: [],
    operations: [],
    rootFields: new Map(),
    resolvedTypes: new Map(),
    outcomes: [],
    errorCodes: [],
    results: 0,
  };
}

/**
 * The error code of a GraphQL error (masked unexpected errors are `INTERNAL_SERVER_ERROR`); a
 * request error without one (variables that do not fit the schema, answered 400) is `BAD_REQUEST`.
 */
function codeOf(error: GraphQLError | undefined): string {
  const code = error?.extensions?.code;
  if (typeof code === 'string') return code;
  return error && error.path === undefined ? 'BAD_REQUEST' : 'ERROR';
}

const unique = (values: readonly string[]) => [...new Set(values)];

interface OperationShape {
  readonly fields: Map<string, RootField>;
  readonly name: string | undefined;
  /** The root field names, sorted and joined: the `operation` label. */
  readonly operation: string | undefined;
}

/**
 * Shapes per parsed document and operation name. Yoga's parser cache hands every request with the
 * same query text the same DocumentNode, so the walk runs once per distinct document, not per request.
 */
const shapes = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationShape>>>();

function operationShapeOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined) {
  let bySchema = shapes.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    shapes.set(schema, bySchema);
  }
  let byName = bySchema.get(document);
  if (!byName) {
    byName = new Map();
    bySchema.set(document, byName);
  }
  const key = operationName ?? '';
  let shape = byName.get(key);
  if (!shape) {
    const { fields, name } = rootFieldsOf(schema, document, operationName);
    const names = unique([...fields.values()].map((f) => f.name)).sort();
    shape = { fields, name, operation: names.length > 0 ? names.join(',') : undefined };
    // Only names the document defines are kept: any other string a client sends would grow the map.
    if (operationName === undefined || name === operationName) byName.set(key, shape);
  }
  return shape;
}

/** Root fields of the operation a request runs, by response key; fragments at the root are followed. */
function rootFieldsOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined) {
  const fields = new Map<string, RootField>();
  const operation = getOperationAST(document, operationName);
  const name = operation?.name?.value;
  if (!operation) return { fields, name };
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return { fields, name };
  const typeFields = rootType.getFields();
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const visited = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const key = selection.alias?.value ?? name;
        if (name === '__typename') continue;
        if (name === '__schema' || name === '__type') {
          fields.set(key, { name, typeName: name === '__schema' ? '__Schema' : '__Type', abstract: false });
          continue;
        }
        const field = typeFields[name];
        if (!field) continue;
        const type = getNamedType(field.type);
        fields.set(key, { name, typeName: type.name, abstract: isAbstractType(type) });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !visited.has(name)) {
          visited.add(name);
          walk(fragment.selectionSet);
        }
      }
    }
  };
  walk(operation.selectionSet);
  return { fields, name };
}

/**
 * Lets the outcome of an abstract root field (`StartChatContactResult`) be its concrete type even
 * when the client did not select `__typename`: the type's own resolver (graphql-js's default when it
 * has none) is wrapped to note what it answered for a root position. The schema is otherwise unchanged.
 */
function noteResolvedTypes(schema: GraphQLSchema) {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const type = getNamedType(field.type);
      if (!isAbstractType(type) || wrappedTypes.has(type)) continue;
      wrappedTypes.add(type);
      const original: GraphQLTypeResolver<unknown, unknown> = type.resolveType ?? defaultTypeResolver;
      type.resolveType = (value, context, info, abstractType) => {
        const answer = original(value, context, info, abstractType);
        // A root field, or an item of a root list field (`_entities`).
        const path = typeof info.path.key === 'number' ? info.path.prev : info.path;
        const request = (context as { request?: Request } | undefined)?.request;
        const record = request ? records.get(request) : undefined;
        if (record && path && path.prev === undefined) {
          const key = String(path.key);
          const note = (name: string | undefined) => {
            if (!name) return;
            const names = record.resolvedTypes.get(key) ?? new Set<string>();
            names.add(name);
            record.resolvedTypes.set(key, names);
          };
          if (answer instanceof Promise) answer.then(note, () => undefined);
          else note(answer);
        }
        return answer;
      };
    }
  }
}

/**
 * The outcome of one GraphQL result: the root fields' result types, or the error code of a root
 * field that failed as a whole (an error deeper down, such as the router's `contact`, leaves the
 * root field's type) or of a request refused before execution.
 */
function outcomeOf(record: RequestRecord, result: ExecutionResult): string {
  const data = result.data as Record<string, unknown> | null | undefined;
  if (!data) return codeOf(result.errors?.[0]);
  const outcomes = new Set<string>();
  for (const [key, value] of Object.entries(data)) {
    const field = record.rootFields.get(key);
    if (!field) continue;
    const error = result.errors?.find((e) => e.path?.length === 1 && e.path[0] === key);
    if (error) outcomes.add(codeOf(error));
    else if (value === null || value === undefined) {
      // A null that a deeper error propagated up to the root field.
      const nested = result.errors?.find((e) => e.path?.[0] === key);
      outcomes.add(nested ? codeOf(nested) : 'null');
    } else if (field.abstract) {
      const typename = (value as { __typename?: unknown }).__typename;
      const resolved = record.resolvedTypes.get(key);
      if (resolved?.size) for (const name of resolved) outcomes.add(name);
      else outcomes.add(typeof typename === 'string' ? typename : field.typeName);
    } else outcomes.add(field.typeName);
  }
  if (outcomes.size === 0) return result.errors?.length ? codeOf(result.errors[0]) : 'ok';
  return [...outcomes].sort().join(',');
}

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
          for (const [key, field] of shape.fields) record.rootFields.set(key, field);
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
        const path = record.path ?? new URL(request.url, 'http://localhost').pathname;
        const status = response.status;
        const graphql = record.results > 0 || (path === endpoint && request.method !== 'OPTIONS' && status >= 400);
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
            unique(record.operationNames.length > 0 ? record.operationNames : record.requestedNames).join('+') ||
            undefined,
          operation: graphql ? operation : undefined,
          outcome,
          errors: record.errorCodes.length > 0 ? unique(record.errorCodes) : undefined,
          status,
          durationMs,
          connect: record.connect,
        };
        if (PROBE_PATHS.has(path)) completionLog.debug(entry, 'request completed');
        else if (status >= 500) completionLog.warn(entry, 'request completed');
        else completionLog.info(entry, 'request completed');
        if (graphql) options.metrics?.requestCompleted(record.tenantId, operation, labelValue(outcome));
      });
    },
  };
}
