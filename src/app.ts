import { createYoga, maskError, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ChatPorts } from './chat/ports.js';
import { type Context, createContext } from './context.js';
import { useArmor } from './http/armor.js';
import { createDirectAdmission } from './http/direct-admission.js';
import { createDirectPath, type DirectPathDeps } from './http/direct-path.js';
import { createDirectStream } from './http/direct-stream.js';
import { createDocumentCache } from './http/document-cache.js';
import { createGatewayApp, type GatewayApp } from './http/gateway-app.js';
import { renderGraphiQLPage, useGraphiQLAssets } from './http/graphiql-page.js';
import { createHotDocuments } from './http/hot-documents.js';
import type { OwnOrigins } from './http/own-origins.js';
import { useBodyLimit } from './http/use-body-limit.js';
import { useCsrfPrevention } from './http/use-csrf-prevention.js';
import { useErrorLog } from './http/use-error-log.js';
import { useInputDepth } from './http/use-input-depth.js';
import { type IntrospectionMode, useIntrospectionPolicy } from './http/use-introspection-policy.js';
import { useNoSuggestions } from './http/use-no-suggestions.js';
import { usePrivateResponses } from './http/use-private-responses.js';
import { type ReadinessCheck, useReadiness } from './http/use-readiness.js';
import { useRequestId } from './http/use-request-id.js';
import { useRouterGate } from './http/use-router-gate.js';
import { useTenantCors } from './http/use-tenant-cors.js';
import { readTrustedDocuments, useTrustedDocuments } from './http/use-trusted-documents.js';
import type { GatewayMetrics } from './observability/metrics.js';
import { createRequestObservability, noteConnectCall, useObservability } from './observability/use-observability.js';
import { createSchema } from './schema/index.js';
import type { CallerTokenVerifier } from './tenants/resolve.js';
import type { TenantStore } from './tenants/store.js';

/** The example mutation, GraphiQL's first tab. */
export const EXAMPLE_OPERATION = `mutation StartChat {
  startChatContact(input: {
    participantDetails: { displayName: "Ada" }
    initialMessage: { contentType: TEXT_PLAIN, content: "Hello, I need help with my order." }
    attributes: [{ key: "orderId", value: "A-1001" }]
  }) {
    __typename
    ... on StartChatContactPayload { contactId participantId participantToken region }
    ... on ChatError { code message }
    ... on InvalidInputError { fieldErrors { path message } }
  }
}
`;

/** The example query, GraphiQL's second tab: what the calling tenant's widget may use. */
export const EXAMPLE_SETTINGS_QUERY = `query ChatSettings {
  chatSettings {
    supportedContentTypes
    chatDurationInMinutes { min max default }
    initialMessageAllowed
    authenticationRequired
    region
  }
}
`;

/** The conversation, GraphiQL's third tab: paste the participant token StartChat returned into its headers. */
export const EXAMPLE_CONVERSATION = `# Paste the participantToken that StartChat returned into x-participant-token (Headers below),
# send a message, then read the transcript: the simulator's agent answers within seconds.
query Session {
  chatSession {
    __typename
    ... on ChatSession { state contactId participantId agentDisplayName }
    ... on ChatError { code message }
  }
}

mutation SendMessage {
  sendChatMessage(input: { contentType: TEXT_PLAIN, content: "hello" }) {
    __typename
    ... on SendChatMessagePayload { id at }
    ... on ChatError { code message }
  }
}

query Transcript {
  chatTranscript(last: 20) {
    __typename
    ... on ChatTranscript {
      edges { node { __typename at participantRole displayName ... on ChatMessageItem { content } } }
    }
    ... on ChatError { code message }
  }
}

mutation EndChat {
  endChat { __typename ... on ChatError { code message } }
}
`;

/** GraphiQL's options: the examples preloaded as tabs, each with the demo key when there is one. */
function graphiqlOptions(apiKey: string | undefined) {
  const key = apiKey ? { 'x-api-key': apiKey } : {};
  const headers = JSON.stringify(key, null, 2);
  const conversationHeaders = JSON.stringify(
    { ...key, 'x-participant-token': 'paste the participantToken from StartChat' },
    null,
    2,
  );
  return {
    title: 'Connect chat gateway',
    defaultQuery: EXAMPLE_OPERATION,
    defaultTabs: [
      ...[EXAMPLE_OPERATION, EXAMPLE_SETTINGS_QUERY].map((query) => ({ query, headers })),
      { query: EXAMPLE_CONVERSATION, headers: conversationHeaders },
    ],
    headers,
    defaultHeaders: headers,
    defaultEditorToolsVisibility: 'headers' as const,
  };
}

/**
 * Yoga's own log lines, through the gateway's logger. Yoga logs at debug three times per request
 * ("Processing GraphQL Parameters", …): the level is checked before the arguments are turned into
 * a line, so that at info nothing is built for them.
 */
function yogaLogging(logger: Logger) {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      if (logger.isLevelEnabled(level)) logger[level]({ yoga: args.map(String) }, 'yoga');
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Long-lived dependencies of the app, made in main.ts (or a test). */
export interface AppDeps {
  readonly logger: Logger;
  readonly tenants: TenantStore;
  readonly tokens: CallerTokenVerifier;
  /** Secret shared with the trusted supergraph router (`x-tenant-id` + signature). */
  readonly routerSecret?: string;
  /** The adapters behind the use cases (Connect, rate limits). */
  readonly ports: ChatPorts;
  /** DescribeContact calls one request may run at once. @default 2 */
  readonly contactReadConcurrency?: number;
  /** Serve GraphiQL on GET /graphql. @default false */
  readonly graphiql?: boolean;
  /** Origins of the gateway's own pages (GraphiQL): accepted for every tenant. @default none */
  readonly ownOrigins?: OwnOrigins;
  /** API key prefilled in GraphiQL's headers (development only). */
  readonly graphiqlApiKey?: string;
  /** @default always ready */
  readonly readiness?: ReadinessCheck;
  /** Production hardening: no limits in messages, no field suggestions. @default false */
  readonly production?: boolean;
  /** @default 131072 */
  readonly maxBodyBytes?: number;
  /** @default "on" */
  readonly introspection?: IntrospectionMode;
  /** Only these documents run for public callers. */
  readonly trustedDocumentsFile?: string;
  /** Prometheus metrics (`chat_gateway_requests_total`); absent: requests are only logged. */
  readonly metrics?: GatewayMetrics;
  /**
   * A span per GraphQL execution (`useGraphQLTracing`), given only once `startTracing` started
   * OpenTelemetry; absent: no GraphQL spans. Passed in rather than built here so that a gateway
   * without tracing never loads the OpenTelemetry plugin (≈ 20 ms of every start).
   */
  readonly graphqlTracing?: Plugin | undefined;
  /**
   * Serve the hot documents Yoga validated once through the direct path (`DIRECT_PATH`); off with
   * tracing, whose spans come from Yoga's execution. @default true
   */
  readonly directPath?: boolean;
}

/** What a client reads instead of an unexpected error's message. */
const UNEXPECTED_ERROR = 'Unexpected error.';

/** Headers a cross-site form or image cannot send: every real caller sends one of them (CSRF). */
const CSRF_HEADERS = ['x-api-key', 'x-tenant-id', 'x-graphql-csrf'];

/**
 * Builds the gateway's HTTP app: Yoga, and in front of it the direct path for the hot documents.
 * It never listens: main.ts does.
 */
export function createApp(deps: AppDeps): GatewayApp {
  const requestIds = useRequestId();
  const cors = useTenantCors(deps.tenants);
  const documents = createDocumentCache();
  const hot = createHotDocuments();
  const schema = createSchema();
  const trusted = deps.trustedDocumentsFile ? readTrustedDocuments(deps.trustedDocumentsFile) : undefined;
  const observe = createRequestObservability({
    logger: deps.logger,
    requestIdOf: requestIds.requestIdOf,
    metrics: deps.metrics,
  });
  const production = deps.production ?? false;
  const maxBodyBytes = deps.maxBodyBytes ?? 131_072;
  const contextDeps = {
    tenants: deps.tenants,
    tokens: deps.tokens,
    ...(deps.routerSecret ? { routerSecret: deps.routerSecret } : {}),
    ports: deps.ports,
    contactReadConcurrency: deps.contactReadConcurrency ?? 2,
    logger: deps.logger,
    requestIdOf: requestIds.requestIdOf,
    onCaller: cors.noteCaller,
    ...(deps.ownOrigins ? { ownOrigins: deps.ownOrigins } : {}),
    onConnectCall: noteConnectCall,
  };
  const yogaLog = yogaLogging(deps.logger);
  const contextOf = (initial: YogaInitialContext) => createContext(contextDeps, initial);
  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    context: contextOf,
    // isDev would attach the original error (stack, AWS message) to masked errors: never.
    maskedErrors: { isDev: false, errorMessage: UNEXPECTED_ERROR },
    graphiql: deps.graphiql ? graphiqlOptions(deps.graphiqlApiKey) : false,
    renderGraphiQL: renderGraphiQLPage(deps.logger),
    landingPage: false,
    // Answered per tenant by useTenantCors.
    cors: false,
    logging: yogaLog,
    plugins: [
      // First: its onRequest starts the clock before any plugin can answer early.
      useObservability(observe),
      ...(deps.graphqlTracing ? [deps.graphqlTracing] : []),
      requestIds.plugin,
      cors.plugin,
      ...(deps.graphiql ? [useGraphiQLAssets()] : []),
      usePrivateResponses(),
      useReadiness(deps.readiness ?? (() => ({ ready: true })), () => deps.tenants.health()),
      useErrorLog(),
      documents.plugin,
      useCsrfPrevention(CSRF_HEADERS),
      // Before anything that walks the variables recursively: the router signature, coercion, zod.
      useInputDepth(),
      useRouterGate(deps.routerSecret),
      ...(trusted ? [useTrustedDocuments(trusted)] : []),
      useArmor(production),
      useIntrospectionPolicy(deps.introspection ?? 'on'),
      ...(production ? [useNoSuggestions()] : []),
      // Last: it wraps whichever request parser the content type selected.
      useBodyLimit(maxBodyBytes),
      // After every validation rule was added: it keeps only what all of them accepted.
      hot.plugin,
    ],
    parserAndValidationCache: documents.options,
    batching: false,
    // useBodyLimit replaces Yoga's limit, which streams every body through a counter.
    maxRequestBodySize: false,
  });
  if (!(deps.directPath ?? true) || deps.graphqlTracing) return createGatewayApp(yoga, undefined, undefined);
  const directDeps: DirectPathDeps = {
    schema,
    fetchAPI: yoga.fetchAPI,
    admission: createDirectAdmission({
      hot,
      trusted,
      maxBodyBytes,
      routerSecret: deps.routerSecret,
      csrfHeaders: CSRF_HEADERS,
    }),
    production,
    // As Yoga masks: its own function, and the masked error logged through its logger.
    masking: {
      errorMessage: UNEXPECTED_ERROR,
      maskError(error, message) {
        const masked = maskError(error, message, false);
        if (masked !== error) yogaLog.error(error);
        return masked;
      },
    },
    observe,
    stampRequestId: requestIds.stamp,
    stampCors: cors.stamp,
    contextOf: (initial) => contextOf(initial as unknown as YogaInitialContext),
  };
  return createGatewayApp(yoga, createDirectPath(directDeps), createDirectStream(directDeps));
}
