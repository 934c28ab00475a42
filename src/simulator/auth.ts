/**
 * Who may call the simulator: a request is verified with SigV4 against the static keys it was
 * given and the temporary keys its STS issued, and the caller is read from the credential scope.
 */
import type { IncomingMessage } from 'node:http';
import { type AuthFailure, type SimulatorCredentials, verifySigV4 } from './sigv4.js';
import type { IssuedKey } from './sts.js';

/** Who signed a call: the access key, the region of its scope, and the role behind a temporary key. */
export interface Caller {
  readonly accessKeyId: string;
  readonly region: string;
  /** The role whose temporary credentials (issued by the simulated STS) signed the call; absent for static keys. */
  readonly roleArn?: string;
}

/** Verifies a request whose `body` was read, for `service`; the refusal AWS would send, or the caller. */
export type Authenticate = (
  req: IncomingMessage,
  body: string,
  service: 'connect' | 'sts',
) => Promise<{ failure: AuthFailure } | { caller: Caller }>;

/**
 * Creates the check every simulated service runs before anything else it does.
 * @param issued the temporary keys the simulated STS issued, looked up at each call
 * @param clock the simulator's clock, in epoch ms: signature skew and credential expiry
 */
export function createAuthenticator(
  credentials: readonly SimulatorCredentials[],
  issued: ReadonlyMap<string, IssuedKey>,
  clock: () => number,
): Authenticate {
  const staticKeys = new Map(credentials.map((c) => [c.accessKeyId, c]));
  const findKey = (accessKeyId: string) => staticKeys.get(accessKeyId) ?? issued.get(accessKeyId);
  return async (req, body, service) => {
    const target = new URL(req.url ?? '/', 'http://simulator');
    const failure = await verifySigV4(
      {
        method: req.method ?? 'GET',
        path: target.pathname,
        query: Object.fromEntries(target.searchParams),
        headers: req.headers,
        body,
      },
      { service, findKey, now: clock() },
    );
    if (failure) return { failure };
    const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization));
    const accessKeyId = credential?.[1] ?? '';
    const roleArn = issued.get(accessKeyId)?.roleArn;
    return { caller: { accessKeyId, region: credential?.[2] ?? '', ...(roleArn ? { roleArn } : {}) } };
  };
}
