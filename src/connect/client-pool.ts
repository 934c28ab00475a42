import { createHash } from 'node:crypto';
import { ConnectClient } from '@aws-sdk/client-connect';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { ConnectTarget, StaticCredentials } from '../chat/tenant.js';
import { CallScopedHttpHandler, connectCallScope } from './call-runner.js';
import { withFastConfig } from './fast-config.js';
import { removeIdleMiddlewares } from './idle-middlewares.js';
import { readResponseBody } from './response-body.js';
import { ChatStartRetryStrategy, jitteredBackoff } from './retry-strategy.js';

/** How every Connect client is built. */
export interface ConnectClientOptions {
  /**
   * Endpoint for every client, e.g. the embedded simulator. Absent: the SDK decides, honouring
   * `AWS_ENDPOINT_URL_CONNECT` / `AWS_ENDPOINT_URL`.
   */
  readonly endpoint?: string;
  /**
   * STS endpoint for tenants with a role, e.g. the embedded simulator. Absent: the SDK decides,
   * honouring `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL` (STS is called in the tenant's region).
   */
  readonly stsEndpoint?: string;
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

/** Session name of every AssumeRole the gateway makes: it shows in the tenant's CloudTrail. */
export const ROLE_SESSION_NAME = 'connect-chat-gateway';
/** Lifetime asked for assumed-role credentials; the SDK assumes the role again 5 minutes before they expire. */
const ROLE_SESSION_SECONDS = 3600;

/** Fingerprints per credentials object: a tenant's credentials live as long as its registry snapshot. */
const fingerprints = new WeakMap<StaticCredentials, string>();

/** A SHA-256 of the whole credentials (a rotated secret changes it), so no secret sits in a cache key. */
function fingerprint(credentials: StaticCredentials | undefined): string {
  if (!credentials) return 'default-chain';
  let print = fingerprints.get(credentials);
  if (print === undefined) {
    print = createHash('sha256')
      .update(JSON.stringify([credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken ?? null]))
      .digest('hex');
    fingerprints.set(credentials, print);
  }
  return print;
}

/**
 * One Connect client per (region, credentials) for static credentials, and per (role, external ID,
 * region, credentials that assume it) for roles, reused across requests. A role client keeps its
 * assumed credentials and lets the SDK refresh them before they expire.
 */
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
      const role = target.role;
      const key = JSON.stringify(
        role
          ? ['role', target.region, role.roleArn, role.externalId ?? null, fingerprint(credentials)]
          : ['static', target.region, fingerprint(credentials)],
      );
      let client = clients.get(key);
      if (!client) {
        client = new ConnectClient({
          region: target.region,
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(role
            ? {
                // The client memoizes this provider: one AssumeRole, then again when the credentials
                // are within 5 minutes of expiry (concurrent calls share the pending one).
                credentials: fromTemporaryCredentials({
                  params: {
                    RoleArn: role.roleArn,
                    ...(role.externalId !== undefined ? { ExternalId: role.externalId } : {}),
                    RoleSessionName: ROLE_SESSION_NAME,
                    DurationSeconds: ROLE_SESSION_SECONDS,
                  },
                  ...(credentials ? { masterCredentials: credentials } : {}),
                  clientConfig: {
                    region: target.region,
                    ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
                  },
                }),
              }
            : credentials
              ? { credentials }
              : {}),
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
