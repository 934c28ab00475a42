import { createApp } from '../../src/app.js';
import { createAvailabilityService } from '../../src/chat/availability.js';
import type { AvailabilityReader, ChatFeed, ChatStarter, ParticipantService } from '../../src/chat/ports.js';
import { createLogger } from '../../src/logger.js';
import { createCallerTokenVerifier } from '../../src/tenants/caller-token.js';
import { createMemoryTenantStore } from '../../src/tenants/memory-store.js';
import { parseTenants } from '../../src/tenants/tenants-file.js';
import { directPath } from './request-path.js';

/** Connect's availability answers: never asked for (the tenant names no hours or queue). */
const notConfigured: AvailabilityReader = {
  hours: () => Promise.reject(new Error('not used')),
  queueMetrics: () => Promise.reject(new Error('not used')),
  contactPosition: () => Promise.reject(new Error('not used')),
};

/** The demo tenant's key, in eu-west-2, for in-process conversation tests. */
export const CONVERSATION_KEY = 'demo-public-key';

/**
 * The app in-process (`yoga.fetch`) with a Participant Service of the test's own (a recording
 * fake), one tenant in eu-west-2, and the other ports refusing: for the conversation's schema,
 * validation and error mapping. `gql` posts with `headers` (defaults given by the caller).
 */
export function createConversationApp(
  participants: ParticipantService,
  defaultHeaders: Record<string, string>,
  /** The tenant's chat policy, as its tenants file entry writes it. */
  options: {
    readonly chat?: Record<string, unknown>;
    /** The live feed behind chatEvents. @default one that refuses */
    readonly feed?: ChatFeed;
    /** Connect's availability answers. @default one that is never asked */
    readonly availabilityReader?: AvailabilityReader;
    /** The availability answers' clock (epoch ms). @default Date.now */
    readonly now?: () => number;
    /** More of the tenant's connect entry (queueId, hoursOfOperationId). */
    readonly connect?: Record<string, unknown>;
    /** The tenant's availability entry. */
    readonly availability?: Record<string, unknown>;
    /** Connect's StartChatContact. @default one that refuses */
    readonly chatStarter?: ChatStarter;
  } = {},
) {
  const logLines: string[] = [];
  const app = createApp({
    directPath,
    logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
    tenants: createMemoryTenantStore(
      parseTenants(
        {
          tenants: [
            {
              id: 'demo',
              apiKeys: [CONVERSATION_KEY],
              connect: { region: 'eu-west-2', instanceId: 'i', contactFlowId: 'f', ...options.connect },
              ...(options.availability ? { availability: options.availability } : {}),
              ...(options.chat ? { chat: options.chat } : {}),
            },
          ],
        },
        () => undefined,
      ),
    ),
    tokens: createCallerTokenVerifier(),
    ports: {
      chatStarter: options.chatStarter ?? { start: () => Promise.reject(new Error('not used')) },
      contactReader: { describe: () => Promise.reject(new Error('not used')) },
      participants,
      availability: createAvailabilityService(
        options.availabilityReader ?? notConfigured,
        options.now ? { now: options.now } : {},
      ),
      feed: options.feed ?? {
        open: () => {
          throw new Error('not used');
        },
      },
    },
  });
  async function gql(query: string, variables: Record<string, unknown> = {}, headers = defaultHeaders) {
    const response = await app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are read as each test needs.
    return { status: response.status, body: (await response.json()) as any };
  }
  return { app, gql, logLines };
}
