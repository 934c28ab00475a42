import { type ExecutionResult, execute, type GraphQLError, type GraphQLSchema } from 'graphql';
import { type FetchAPI, type GraphQLParams, processRegularResult } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { RequestObservability } from '../observability/use-observability.js';
import type { DirectAdmission } from './direct-admission.js';
import { regularMediaTypeFor } from './regular-media-type.js';
import { logUnexpectedErrors } from './use-error-log.js';
import { withoutSuggestions } from './use-no-suggestions.js';
import { stampPrivate } from './use-private-responses.js';

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
  /** Which requests it takes (shared with the event stream writer). */
  readonly admission: DirectAdmission;
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

/** A capture of the Response `processRegularResult` makes: its body and init, as the direct path writes them. */
class Captured {
  constructor(
    readonly body: string,
    readonly init: { status: number; headers: Record<string, string> },
  ) {}
}
const CAPTURE = { Response: Captured } as unknown as FetchAPI;

/** What Yoga's `processRegularResult` makes of `result` for `mediaType`: the body, status and headers. */
export const serialised = (result: ExecutionResult, mediaType: string) =>
  processRegularResult(result, CAPTURE, mediaType) as unknown as Captured;

/**
 * The headers Yoga's plugins add to every answer: request ID, CORS, private responses. A promise
 * only when CORS must still look the tenant up (a caller refused before it was resolved).
 */
export function stampAnswerHeaders(
  deps: DirectPathDeps,
  request: Request,
  headers: Headers,
): Headers | Promise<Headers> {
  deps.stampRequestId(request, headers);
  const cors = deps.stampCors(request, headers);
  if (cors) {
    return cors.then(() => {
      stampPrivate(headers);
      return headers;
    });
  }
  stampPrivate(headers);
  return headers;
}

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
  const { admission } = deps;
  /** From the head alone: a request the path may take, answerable as one JSON result. */
  const eligible = (method: string | undefined, url: string | undefined, header: (name: string) => string | null) =>
    admission.headAdmits(method, url, header) && regularMediaTypeFor(header('accept')) !== undefined;

  /** The answer to `result`; a promise only while CORS looks a tenant up (see {@link stampAnswerHeaders}). */
  const answer = (request: Request, result: ExecutionResult): DirectAnswer | Promise<DirectAnswer> => {
    const mediaType = regularMediaTypeFor(request.headers.get('accept')) ?? 'application/json';
    const made = serialised(result, mediaType);
    const answered = (headers: Headers): DirectAnswer => {
      deps.observe.complete(request, made.init.status);
      return { status: made.init.status, headers, body: made.body };
    };
    const stamped = stampAnswerHeaders(deps, request, new deps.fetchAPI.Headers(made.init.headers));
    return stamped instanceof Promise ? stamped.then(answered) : answered(stamped);
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
    const admitted = admission.admit(request, body, 'mutation');
    if (!admitted) return undefined;
    const { params, hot } = admitted;
    const { observe } = deps;
    // The record exists before execution: the wrapped resolveType notes the types it resolved in it.
    observe.begin(request, '/graphql', started, true);
    observe.requested(request, params);
    observe.validated(request, deps.schema, hot.document, params.operationName ?? undefined);
    const initial = { ...serverContext, request, params };
    let context: Context & typeof initial;
    try {
      // Yoga's context is the initial one (server context, request, params) extended by the factory's.
      context = { ...initial, ...(await deps.contextOf(initial)) };
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
      document: hot.document,
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

  return { eligible, run, maxBodyBytes: admission.maxBodyBytes };
}

export type DirectPath = ReturnType<typeof createDirectPath>;
