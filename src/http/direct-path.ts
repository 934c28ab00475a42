import { type ExecutionResult, execute, type GraphQLError, type GraphQLSchema } from 'graphql';
import { type FetchAPI, type GraphQLParams, processRegularResult } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { RequestObservability } from '../observability/use-observability.js';
import type { HotDocuments } from './hot-documents.js';
import { regularMediaTypeFor } from './regular-media-type.js';
import { assertDeclaredLength } from './use-body-limit.js';
import { assertNotCrossSiteSimple } from './use-csrf-prevention.js';
import { logUnexpectedErrors } from './use-error-log.js';
import { assertParamsShallow } from './use-input-depth.js';
import { withoutSuggestions } from './use-no-suggestions.js';
import { stampPrivate } from './use-private-responses.js';
import { assertRouterGate } from './use-router-gate.js';
import { mayRunAnyDocument, type TrustedDocuments, trustedDocumentIdOf } from './use-trusted-documents.js';

/** An answer the direct path made; `undefined` from {@link DirectPath.run}: Yoga answers instead. */
export interface DirectAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/** What the direct path shares with the Yoga app: the same functions, the same settings. */
export interface DirectPathDeps {
  readonly schema: GraphQLSchema;
  readonly fetchAPI: FetchAPI;
  readonly hot: HotDocuments;
  readonly trusted?: TrustedDocuments | undefined;
  readonly maxBodyBytes: number;
  readonly routerSecret?: string | undefined;
  /** The headers that prove a request is not a cross-site form (useCsrfPrevention's). */
  readonly csrfHeaders: readonly string[];
  readonly production: boolean;
  /** Yoga's own error masking (its `maskedErrorsOpts`): the same message, the same log line. */
  readonly masking: { maskError(error: unknown, message: string): Error; readonly errorMessage: string };
  readonly observe: RequestObservability;
  readonly stampRequestId: (request: Request, headers: Headers) => void;
  readonly stampCors: (request: Request, headers: Headers) => void | Promise<void>;
  /** The app's context factory (Yoga's `context` option). */
  readonly contextOf: (
    initial: { request: Request; params: GraphQLParams } & Record<string, unknown>,
  ) => Promise<Context>;
}

/** The parameters of GraphQL over HTTP, and the trusted document's ID. */
const PARAMETERS = new Set(['query', 'variables', 'operationName', 'extensions', 'documentId']);

const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;

/** Returns a JSON body's parameters when each has the type GraphQL over HTTP requires; otherwise undefined. */
function paramsOf(body: string): (GraphQLParams & { documentId?: unknown }) | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  // Yoga refuses any other parameter (400 "Unexpected parameter"): such a request is Yoga's to answer.
  for (const [key, value] of Object.entries(parsed)) if (value != null && !PARAMETERS.has(key)) return undefined;
  const { query, variables, operationName, extensions } = parsed as Record<string, unknown>;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (query !== undefined && typeof query !== 'string') return undefined;
  if (variables != null && !isObject(variables)) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (extensions != null && !isObject(extensions)) return undefined;
  return parsed as GraphQLParams;
}

/** A capture of the Response `processRegularResult` makes: its body and init, as the direct path writes them. */
class Captured {
  constructor(
    readonly body: string,
    readonly init: { status: number; headers: Record<string, string> },
  ) {}
}
const CAPTURE = { Response: Captured } as unknown as FetchAPI;

/**
 * The direct path (issue 17): a hot document (`startChatContact`, `sendChatMessage`,
 * `sendChatEvent`) that Yoga has already parsed and validated runs with graphql-js's `execute`,
 * without Yoga's per-request machinery, through the very functions the Yoga plugins call: body
 * limit, CSRF, input depth, router gate, trusted documents, the context (tenant, caller,
 * rate limits in the use cases), error log and masking, suggestions, request ID, CORS, private
 * responses, the completion line and the metrics; the result is serialised and its status chosen
 * by Yoga's own `processRegularResult`.
 *
 * It only answers what it is sure of. Anything else — another method, path, content or accept
 * type, a document Yoga has not validated, a refusal before the context (depth, signature,
 * trusted documents), variables that do not coerce — goes to Yoga, which answers it as before:
 * the refusals stay Yoga's, the direct path never makes its own.
 */
export function createDirectPath(deps: DirectPathDeps) {
  /**
   * From the head alone (before a body is read): a POST of JSON to /graphql, answerable as one
   * result, whose Content-Length (when it has one: an in-process request may not) is within the limit.
   */
  const eligible = (method: string | undefined, url: string | undefined, header: (name: string) => string | null) => {
    if (method !== 'POST' || url !== '/graphql') return false;
    if (!JSON_CONTENT_TYPE.test(header('content-type') ?? '')) return false;
    if (regularMediaTypeFor(header('accept')) === undefined) return false;
    try {
      assertDeclaredLength(header('content-length'), deps.maxBodyBytes);
      return true;
    } catch {
      return false;
    }
  };

  /** The document a request runs, if the direct path may run it; checks nothing about the caller yet. */
  const hotDocumentOf = (request: Request, params: GraphQLParams) => {
    let source: string | undefined;
    const id = trustedDocumentIdOf(params);
    if (deps.trusted) {
      if (id !== null) source = params.query === undefined ? deps.trusted.get(id) : undefined;
      else if (mayRunAnyDocument(request)) source = params.query;
    } else if (id === null) source = params.query;
    const hot = source === undefined ? undefined : deps.hot.get(source);
    if (!hot || (params.operationName != null && params.operationName !== hot.operationName)) return undefined;
    return { hot, source: source as string };
  };

  const answer = async (request: Request, result: ExecutionResult): Promise<DirectAnswer> => {
    const mediaType = regularMediaTypeFor(request.headers.get('accept')) ?? 'application/json';
    const made = processRegularResult(result, CAPTURE, mediaType) as unknown as Captured;
    const headers = new deps.fetchAPI.Headers(made.init.headers);
    deps.stampRequestId(request, headers);
    await deps.stampCors(request, headers);
    stampPrivate(headers);
    deps.observe.complete(request, made.init.status);
    return { status: made.init.status, headers, body: made.body };
  };

  /**
   * Runs one request whose head was {@link eligible}: `request` carries its method, URL and headers
   * (its body already read into `body`); `serverContext` is what Yoga would get (`{ req, res }`);
   * `started`: when the request arrived, before its body was read (`performance.now()`).
   */
  const run = async (
    request: Request,
    body: string,
    serverContext: Record<string, unknown>,
    started = performance.now(),
  ): Promise<DirectAnswer | undefined> => {
    const parsed = paramsOf(body);
    if (!parsed) return undefined;
    const found = hotDocumentOf(request, parsed);
    if (!found) return undefined;
    // What the persisted-operations plugin hands on: the manifest's document as the query.
    const params: GraphQLParams = { ...parsed, query: found.source };
    try {
      assertNotCrossSiteSimple(request, deps.csrfHeaders);
      assertParamsShallow(parsed);
      // The router signs what it sent: as in Yoga, checked before a trusted document's text replaces the ID.
      assertRouterGate(deps.routerSecret, parsed, request);
    } catch {
      return undefined;
    }
    const { observe } = deps;
    // The record exists before execution: the wrapped resolveType notes the types it resolved in it.
    observe.begin(request, '/graphql', started, true);
    observe.requested(request, params);
    observe.validated(request, deps.schema, found.hot.document, params.operationName ?? undefined);
    const initial = { ...serverContext, request, params };
    let context: Context & typeof initial;
    try {
      // Yoga's context is the initial one (server context, request, params) extended by the factory's.
      context = Object.assign(initial, await deps.contextOf(initial));
    } catch (error) {
      // A refused caller: answered here as Yoga answers it (the error was logged by createContext).
      observe.received(request, '/graphql');
      // Yoga's masking hands a caller refusal (a GraphQLError with its code) back unchanged.
      const errors = [deps.masking.maskError(error, deps.masking.errorMessage)] as GraphQLError[];
      const result = deps.production ? withoutSuggestions({ errors }) : { errors };
      observe.resulted(request, result);
      return answer(request, result);
    }
    observe.executing(context);
    const executed = await execute({
      schema: deps.schema,
      document: found.hot.document,
      contextValue: context,
      variableValues: params.variables ?? undefined,
      operationName: params.operationName ?? undefined,
    });
    // No data: the variables did not coerce and nothing ran. Yoga answers such requests its own way.
    if (!('data' in executed) || executed.data === undefined) return undefined;
    observe.received(request, '/graphql');
    let result: ExecutionResult = executed;
    if (executed.errors?.length) {
      logUnexpectedErrors(executed.errors, context.logger);
      const errors = executed.errors.map((e) => deps.masking.maskError(e, deps.masking.errorMessage) as GraphQLError);
      result = { ...executed, errors };
      if (deps.production) result = withoutSuggestions(result);
    }
    observe.resulted(request, result);
    return answer(request, result);
  };

  return { eligible, run, maxBodyBytes: deps.maxBodyBytes };
}

export type DirectPath = ReturnType<typeof createDirectPath>;
