import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ChatStarter } from './connect/chat-starter.js';
import { type Context, createContext } from './context.js';
import { useErrorLog } from './http/use-error-log.js';
import { type ReadinessCheck, useReadiness } from './http/use-readiness.js';
import { useRequestId } from './http/use-request-id.js';
import { createSchema } from './schema/index.js';
import type { TenantRegistry } from './tenants/registry.js';

/** The example shown in GraphiQL. */
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

/** Long-lived dependencies of the app, made in main.ts (or a test). */
export interface AppDeps {
  readonly logger: Logger;
  readonly tenants: TenantRegistry;
  readonly chatStarter: ChatStarter;
  /** Serve GraphiQL on GET /graphql. @default false */
  readonly graphiql?: boolean;
  /** API key prefilled in GraphiQL's headers (development only). */
  readonly graphiqlApiKey?: string;
  /** @default always ready */
  readonly readiness?: ReadinessCheck;
}

function corsFor(tenants: TenantRegistry) {
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin) return false;
    const apiKey = request.headers.get('x-api-key');
    // A preflight carries no key: allow an origin that some tenant allows; the real request is checked per tenant.
    const allowed = apiKey
      ? (tenants.byApiKey(apiKey)?.allowedOrigins.includes(origin) ?? false)
      : tenants.tenants.some((t) => t.allowedOrigins.includes(origin));
    if (!allowed) return false;
    return {
      origin,
      credentials: false,
      methods: ['POST', 'GET', 'OPTIONS'],
      allowedHeaders: ['content-type', 'x-api-key', 'x-request-id'],
      exposedHeaders: ['x-request-id'],
      maxAge: 600,
    };
  };
}

/** Builds the gateway's HTTP app (a Yoga instance). It never listens: main.ts does. */
export function createApp(deps: AppDeps) {
  const requestIds = useRequestId();
  return createYoga<Record<string, never>, Context>({
    schema: createSchema(),
    graphqlEndpoint: '/graphql',
    context: (initial) =>
      createContext(
        {
          tenants: deps.tenants,
          chatStarter: deps.chatStarter,
          logger: deps.logger,
          requestIdOf: requestIds.requestIdOf,
        },
        initial,
      ),
    // isDev would attach the original error (stack, AWS message) to masked errors: never.
    maskedErrors: { isDev: false },
    graphiql: deps.graphiql
      ? {
          title: 'Connect chat gateway',
          defaultQuery: EXAMPLE_OPERATION,
          headers: JSON.stringify(deps.graphiqlApiKey ? { 'x-api-key': deps.graphiqlApiKey } : {}),
        }
      : false,
    renderGraphiQL,
    landingPage: false,
    cors: corsFor(deps.tenants),
    logging: {
      debug: (...args) => deps.logger.debug({ yoga: args.map(String) }, 'yoga'),
      info: (...args) => deps.logger.info({ yoga: args.map(String) }, 'yoga'),
      warn: (...args) => deps.logger.warn({ yoga: args.map(String) }, 'yoga'),
      error: (...args) => deps.logger.error({ yoga: args.map(String) }, 'yoga'),
    },
    plugins: [requestIds.plugin, useReadiness(deps.readiness ?? (() => ({ ready: true }))), useErrorLog()],
  });
}
