import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { createAvailabilityService } from './chat/availability.js';
import { interruptible } from './chat/interruptible-feed.js';
import type { StaticCredentials } from './chat/tenant.js';
import type { Config } from './config.js';
import { createAvailabilityReader } from './connect/availability-reader.js';
import { type ChatFeedTimings, createChatFeed } from './connect/chat-feed.js';
import { createChatStarter } from './connect/chat-starter.js';
import { createConnectClientPool } from './connect/client-pool.js';
import { createContactReader } from './connect/contact-reader.js';
import { createParticipantClientPool } from './connect/participant-clients.js';
import { createParticipantService } from './connect/participant-service.js';
import { createContinuations } from './continuations/store.js';
import { createOwnOrigins } from './http/own-origins.js';
import type { ReadinessCheck } from './http/use-readiness.js';
import { createMetrics, type GatewayMetrics } from './observability/metrics.js';
import { withConversationLimits } from './ratelimit/conversation-limiter.js';
import { createLimitStore } from './ratelimit/limit-store.js';
import { createChatStartLimiter, withRateLimits } from './ratelimit/limiter.js';
import { withStreamLimits } from './ratelimit/stream-limits.js';
import { createSimulator, parseFaults, SIMULATOR_CREDENTIALS } from './simulator/index.js';
import { createCallerTokenVerifier } from './tenants/caller-token.js';
import type { TenantRegistry } from './tenants/registry.js';
import type { TenantStore } from './tenants/store.js';

/** Where Connect is, as main.ts decided from CONNECT_MODE. */
export interface ConnectEndpoint {
  /** Absent in `aws` mode: the SDK resolves the endpoint (AWS_ENDPOINT_URL_CONNECT honoured). */
  readonly endpoint?: string;
  /** Absent in `aws` mode: the default credential chain. */
  readonly credentials?: StaticCredentials;
  /** STS for tenants with a role. Absent in `aws` mode: the SDK resolves it (AWS_ENDPOINT_URL_STS honoured). */
  readonly stsEndpoint?: string;
}

/**
 * Wires the app from config: one client pool, one chat starter, the Yoga app. Shared by main.ts
 * and the loopback tests so both run the same graph of objects.
 */
export function createGateway(options: {
  config: Config;
  logger: Logger;
  tenants: TenantStore;
  /** API key prefilled in GraphiQL in development. */
  demoApiKey?: string;
  connect: ConnectEndpoint;
  readiness?: ReadinessCheck;
  retryBackoff?: (attempt: number) => number;
  /** Prometheus metrics; default: a new registry of their own. */
  metrics?: GatewayMetrics;
  /** GraphQL execution spans (`useGraphQLTracing`), when the entry point started OpenTelemetry. */
  graphqlTracing?: Plugin | undefined;
  /** The token-bucket clock of the in-memory rate limits, in epoch ms (tests). @default Date.now */
  rateLimitNow?: () => number;
  /** The availability answers' clock, epoch ms (tests). @default Date.now */
  availabilityNow?: () => number;
  /** The Connect feed's timings (tests: a silent socket found dead in a second, not twenty). @default chatjs's */
  chatFeedTimings?: ChatFeedTimings;
}) {
  const { config } = options;
  const metrics = options.metrics ?? createMetrics();
  // The listener tells it its port (`ownOrigins.listening(port)`) once bound.
  const ownOrigins = createOwnOrigins({
    enabled: config.graphiql,
    publicUrl: config.publicUrl,
    host: config.host,
    production: config.nodeEnv === 'production',
  });
  const pool = createConnectClientPool({
    ...(options.connect.endpoint ? { endpoint: options.connect.endpoint } : {}),
    ...(options.connect.stsEndpoint ? { stsEndpoint: options.connect.stsEndpoint } : {}),
    ...(options.connect.credentials ? { defaultCredentials: options.connect.credentials } : {}),
    connectionTimeoutMs: config.connect.connectionTimeoutMs,
    requestTimeoutMs: config.connect.requestTimeoutMs,
    maxAttempts: config.connect.maxAttempts,
    ...(options.retryBackoff ? { retryBackoff: options.retryBackoff } : {}),
  });
  // The Participant Service (bearer tokens, not signed): the simulator serves it beside Connect.
  const participantClients = createParticipantClientPool({
    ...(options.connect.endpoint ? { endpoint: options.connect.endpoint } : {}),
    connectionTimeoutMs: config.connect.connectionTimeoutMs,
    requestTimeoutMs: config.connect.requestTimeoutMs,
    maxAttempts: config.connect.maxAttempts,
    ...(options.retryBackoff ? { retryBackoff: options.retryBackoff } : {}),
  });
  // Per IP, per tenant and per AWS account + region (Connect's quota); RATE_LIMIT=off: none. Redis with REDIS_URL.
  // One store for every limit (one Redis connection with REDIS_URL).
  const limitStore = createLimitStore({
    settings: config.rateLimit,
    logger: options.logger,
    now: options.rateLimitNow,
  });
  const rateLimiter = createChatStartLimiter({
    settings: config.rateLimit,
    logger: options.logger,
    defaultCredentials: options.connect.credentials,
    ...(limitStore ? { store: limitStore } : {}),
  });
  const participantService = createParticipantService({
    clients: participantClients,
    deadlineMs: config.connect.deadlineMs,
    metrics,
  });
  // Signed-in customers' chats, sealed, for their other devices (in Redis with REDIS_URL); off without a key.
  const continuationKey = config.continuationKey();
  const continuations = continuationKey
    ? createContinuations({ key: continuationKey, redisUrl: config.rateLimit.redisUrl, logger: options.logger })
    : undefined;
  // Aborted on shutdown: every open chatEvents stream ends at once, telling its client to resume elsewhere.
  const streams = new AbortController();
  const app = createApp({
    logger: options.logger,
    tenants: options.tenants,
    tokens: createCallerTokenVerifier(),
    ...(config.routerSecret() ? { routerSecret: config.routerSecret() } : {}),
    ports: {
      chatStarter: withRateLimits(
        createChatStarter({ pool, deadlineMs: config.connect.deadlineMs, metrics }),
        rateLimiter,
        (tenantId, limit) => metrics.rateLimitRejected(tenantId, limit),
      ),
      contactReader: createContactReader({ pool, deadlineMs: config.connect.deadlineMs, metrics }),
      // Hours and queue metrics, one answer per tenant per its cacheSeconds; positions per contact for seconds.
      availability: createAvailabilityService(
        createAvailabilityReader({ pool, deadlineMs: config.connect.deadlineMs, metrics }),
        options.availabilityNow ? { now: options.availabilityNow } : {},
      ),
      // Messages, events and uploads per chat and per tenant; RATE_LIMIT=off: none.
      participants: limitStore
        ? withConversationLimits(participantService, {
            store: limitStore,
            chatPerMinute: config.rateLimit.chatWritesPerMinute,
            tenantPerMinute: config.rateLimit.tenantWritesPerMinute,
            onRefused: (tenantId, limit) => metrics.rateLimitRejected(tenantId, limit),
          })
        : participantService,
      ...(continuations ? { continuations } : {}),
      // One Connect websocket per open chatEvents stream, bounded per chat, IP, tenant and process.
      feed: withStreamLimits(
        interruptible(
          createChatFeed({
            clients: participantClients,
            deadlineMs: config.connect.deadlineMs,
            metrics,
            ...options.chatFeedTimings,
          }),
          streams.signal,
        ),
        {
          ...config.streams,
          trustedProxies: config.rateLimit.trustedProxies,
          onRefused: (tenantId, limit) => metrics.rateLimitRejected(tenantId, limit),
          onOpenChange: (delta) => metrics.eventStreamsChanged(delta),
        },
      ),
    },
    contactReadConcurrency: config.connect.contactReadConcurrency,
    graphiql: config.graphiql,
    ownOrigins,
    production: config.nodeEnv === 'production',
    maxBodyBytes: config.maxBodyBytes,
    introspection: config.introspection,
    ...(config.trustedDocumentsFile ? { trustedDocumentsFile: config.trustedDocumentsFile } : {}),
    ...(config.nodeEnv === 'development' && options.demoApiKey ? { graphiqlApiKey: options.demoApiKey } : {}),
    ...(options.readiness ? { readiness: options.readiness } : {}),
    metrics,
    graphqlTracing: options.graphqlTracing,
    directPath: config.directPath,
  });
  // `metrics.registry`: serve it with `createMetricsServer` on METRICS_PORT.
  return {
    app,
    pool,
    rateLimiter,
    metrics,
    ownOrigins,
    /** Ends every open chatEvents stream (clients resume elsewhere): first thing on shutdown. */
    endStreams: () => streams.abort(),
    /** Releases what the gateway holds (Yoga's plugins, Connect clients, the limits' Redis connection), once the server stopped listening. */
    async close() {
      streams.abort();
      await app.dispose();
      pool.destroy();
      participantClients.destroy();
      await rateLimiter.close();
      await continuations?.close();
    },
  };
}

/** What a simulator needs of a tenant: its instance, flow and role; never its secrets. */
export interface SimulatedTenant {
  readonly connect: {
    readonly instanceId: string;
    readonly contactFlowId: string;
    readonly role?: { readonly roleArn: string; readonly externalId?: string };
  };
}

/** The instances (each with every flow of the tenants sharing it) and roles a simulator must know to serve these tenants. */
export function simulatedResourcesOf(tenants: readonly SimulatedTenant[]) {
  const flowsByInstance = new Map<string, Set<string>>();
  for (const { connect } of tenants) {
    const flows = flowsByInstance.get(connect.instanceId) ?? new Set<string>();
    flows.add(connect.contactFlowId);
    flowsByInstance.set(connect.instanceId, flows);
  }
  return {
    instances: [...flowsByInstance].map(([instanceId, flows]) => ({ instanceId, contactFlowIds: [...flows] })),
    roles: tenants.flatMap((t) => (t.connect.role ? [t.connect.role] : [])),
  };
}

/**
 * A Connect simulator that knows every tenant's instance and flow, accepts the simulator
 * credentials, lets them assume every tenant's role (with its external ID) and starts with the
 * faults of `SIMULATOR_FAULTS`.
 */
export function createSimulatorForTenants(tenants: TenantRegistry, faults: string) {
  return createSimulator({
    credentials: [SIMULATOR_CREDENTIALS],
    ...simulatedResourcesOf(tenants.tenants),
    faults: parseFaults(faults),
  });
}
