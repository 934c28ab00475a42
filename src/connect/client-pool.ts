import { ConnectClient } from '@aws-sdk/client-connect';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ConnectTarget, StaticCredentials } from '../tenants/tenant.js';
import { ChatStartRetryStrategy, jitteredBackoff } from './retry-strategy.js';

/** How every Connect client is built. */
export interface ConnectClientOptions {
  /**
   * Endpoint for every client, e.g. the embedded simulator. Absent: the SDK decides, honouring
   * `AWS_ENDPOINT_URL_CONNECT` / `AWS_ENDPOINT_URL`.
   */
  readonly endpoint?: string;
  /** Credentials for tenants that have none of their own. Absent: the default AWS chain. */
  readonly defaultCredentials?: StaticCredentials;
  /** @default 1000 */
  readonly connectionTimeoutMs: number;
  /** @default 3000 */
  readonly requestTimeoutMs: number;
  /** @default 3 */
  readonly maxAttempts: number;
  /** Delay before retry `attempt`, in ms; tests pass `() => 0`. @default jitteredBackoff */
  readonly retryBackoff?: (attempt: number) => number;
}

/** One Connect client per (region, credentials), reused across requests. */
export interface ConnectClientPool {
  clientFor(target: ConnectTarget): ConnectClient;
  readonly size: number;
  destroy(): void;
}

/** Creates the pool; clients are made lazily and kept until `destroy`. */
export function createConnectClientPool(options: ConnectClientOptions): ConnectClientPool {
  const clients = new Map<string, ConnectClient>();
  return {
    clientFor(target) {
      const credentials = target.credentials ?? options.defaultCredentials;
      const key = `${target.region}\u0000${credentials?.accessKeyId ?? 'default-chain'}`;
      let client = clients.get(key);
      if (!client) {
        client = new ConnectClient({
          region: target.region,
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(credentials ? { credentials } : {}),
          retryStrategy: new ChatStartRetryStrategy(options.maxAttempts, options.retryBackoff ?? jitteredBackoff),
          requestHandler: new NodeHttpHandler({
            connectionTimeout: options.connectionTimeoutMs,
            requestTimeout: options.requestTimeoutMs,
            throwOnRequestTimeout: true,
          }),
        });
        clients.set(key, client);
      }
      return client;
    },
    get size() {
      return clients.size;
    },
    destroy() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}
