import { ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';
import { NoAuthSigner } from '@smithy/core';
import { CallScopedHttpHandler, connectCallScope } from './call-runner.js';
import { withFastConfig } from './fast-config.js';
import { removeIdleMiddlewares } from './idle-middlewares.js';
import { readResponseBody } from './response-body.js';
import { ChatStartRetryStrategy, jitteredBackoff } from './retry-strategy.js';

/** How every Participant Service client is built. */
export interface ParticipantClientOptions {
  /**
   * Endpoint for every client, e.g. the embedded simulator. Absent: the SDK decides, honouring
   * `AWS_ENDPOINT_URL_CONNECTPARTICIPANT` / `AWS_ENDPOINT_URL`.
   */
  readonly endpoint?: string;
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
  /** Delay before retry `attempt`, in ms; tests pass `() => 0`. @default jitteredBackoff */
  readonly retryBackoff?: (attempt: number) => number;
}

/**
 * One Participant Service client per region. The service authenticates by bearer token (the
 * participant's, then its connection's), so requests are not signed: the SDK would otherwise sign
 * them with whatever AWS credentials the gateway has, sending its identity for nothing.
 */
export interface ParticipantClientPool {
  clientFor(region: string): ConnectParticipantClient;
  destroy(): void;
}

/** Creates the pool; clients are made lazily and kept until `destroy`. */
export function createParticipantClientPool(options: ParticipantClientOptions): ParticipantClientPool {
  const clients = new Map<string, ConnectParticipantClient>();
  return {
    clientFor(region) {
      let client = clients.get(region);
      if (!client) {
        client = new ConnectParticipantClient({
          region,
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          httpAuthSchemeProvider: () => [{ schemeId: 'smithy.api#noAuth' }],
          httpAuthSchemes: [
            {
              schemeId: 'smithy.api#noAuth',
              identityProvider: (config) => config.getIdentityProvider('smithy.api#noAuth') ?? (async () => ({})),
              signer: new NoAuthSigner(),
            },
          ],
          retryStrategy: new ChatStartRetryStrategy(options.maxAttempts, options.retryBackoff ?? jitteredBackoff),
          // The runner sends without per-call options, so the SDK reuses each command's middleware
          // chain; the signal and attempt count reach the call through connectCallScope and this handler.
          cacheMiddleware: true,
          // Reads each answer's body without a stream pipe (response-body.ts: what the pipe cost).
          streamCollector: readResponseBody,
          requestHandler: new CallScopedHttpHandler({
            connectionTimeout: options.connectionTimeoutMs,
            requestTimeout: options.requestTimeoutMs,
            throwOnRequestTimeout: true,
          }),
        });
        client.middlewareStack.use(connectCallScope);
        removeIdleMiddlewares(client.middlewareStack);
        withFastConfig(client);
        clients.set(region, client);
      }
      return client;
    },
    destroy() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}
