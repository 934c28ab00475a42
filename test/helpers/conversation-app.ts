import { createApp } from '../../src/app.js';
import type { ChatFeed, ParticipantService } from '../../src/chat/ports.js';
import { createLogger } from '../../src/logger.js';
import { createCallerTokenVerifier } from '../../src/tenants/caller-token.js';
import { createMemoryTenantStore } from '../../src/tenants/memory-store.js';
import { parseTenants } from '../../src/tenants/tenants-file.js';

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
  } = {},
) {
  const logLines: string[] = [];
  const app = createApp({
    logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
    tenants: createMemoryTenantStore(
      parseTenants(
        {
          tenants: [
            {
              id: 'demo',
              apiKeys: [CONVERSATION_KEY],
              connect: { region: 'eu-west-2', instanceId: 'i', contactFlowId: 'f' },
              ...(options.chat ? { chat: options.chat } : {}),
            },
          ],
        },
        () => undefined,
      ),
    ),
    tokens: createCallerTokenVerifier(),
    ports: {
      chatStarter: { start: () => Promise.reject(new Error('not used')) },
      contactReader: { describe: () => Promise.reject(new Error('not used')) },
      participants,
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
