/**
 * Verifies a caller token: its signature (HS256 with the tenant's secret, or RS256/ES256 with keys
 * from the tenant's JWKS, cached per URL) and its registered claims, with jose's errors mapped to
 * refusal reasons. The claims the gateway reads are checked in caller-token-claims.ts.
 */
import {
  createRemoteJWKSet,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  jwtVerify,
  type RemoteJWKSet,
} from 'jose';
import type { TenantAuth } from '../chat/tenant.js';
import { type VerifiedCaller, verifiedCallerOf } from './caller-token-claims.js';
import { CallerTokenError } from './caller-token-errors.js';

export type { VerifiedCaller } from './caller-token-claims.js';
export { CallerTokenError, type CallerTokenReason } from './caller-token-errors.js';

export interface CallerTokenVerifierOptions {
  /** Timeout of one JWKS fetch. Default 3000 (a chat start has an 8 s deadline in all). */
  readonly fetchTimeoutMs?: number;
  /** After a JWKS fetch, an unknown `kid` does not refetch for this long. Default 30000 (jose's). */
  readonly cooldownMs?: number;
  /** A fetched JWKS is used for this long before it is refetched. Default 600000 (jose's). */
  readonly cacheMaxAgeMs?: number;
  /** JWKS URLs whose keys are kept; the least recently used beyond this are dropped. Default 1000. */
  readonly maxJwksUrls?: number;
}

export interface CallerTokenVerifier {
  /**
   * Verifies `token` against the tenant's `auth`. Resolves with the caller or rejects with a
   * {@link CallerTokenError}; any other rejection is a bug or a configuration error (500).
   */
  verify(auth: TenantAuth, token: string, now?: Date): Promise<VerifiedCaller>;
}

/**
 * Longer than any token Node accepts in a header (16 KiB of headers in all): refused before any
 * parsing or key fetch.
 */
const MAX_TOKEN_CHARS = 16_384;

const JWKS_ALGORITHMS = new Set(['RS256', 'ES256']);

export function createCallerTokenVerifier(options: CallerTokenVerifierOptions = {}): CallerTokenVerifier {
  const timeoutDuration = nonNegativeInteger('fetchTimeoutMs', options.fetchTimeoutMs, 3000);
  const cooldownDuration = nonNegativeInteger('cooldownMs', options.cooldownMs, 30_000);
  const cacheMaxAge = nonNegativeInteger('cacheMaxAgeMs', options.cacheMaxAgeMs, 600_000);
  const maxJwksUrls = nonNegativeInteger('maxJwksUrls', options.maxJwksUrls, 1000);
  if (maxJwksUrls < 1) throw new TypeError('maxJwksUrls must be at least 1');

  /** One remote key set per URL, in least-recently-used order (a Map keeps insertion order). */
  const keySets = new Map<string, JWTVerifyGetKey>();

  function keySetFor(url: string): JWTVerifyGetKey {
    const known = keySets.get(url);
    if (known) {
      keySets.delete(url);
      keySets.set(url, known);
      return known;
    }
    let remote: RemoteJWKSet;
    try {
      remote = createRemoteJWKSet(new URL(url), { timeoutDuration, cooldownDuration, cacheMaxAge });
    } catch (cause) {
      throw new CallerTokenError('TOKEN_KEYS_UNAVAILABLE', { cause });
    }
    // Errors while resolving a key are classified here, where it is certain they concern the key
    // set (fetch failed, timed out, not JSON, not a JWKS) rather than the token.
    const getKey: JWTVerifyGetKey = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (cause) {
        throw keyResolutionError(cause);
      }
    };
    keySets.set(url, getKey);
    for (const oldest of keySets.keys()) {
      if (keySets.size <= maxJwksUrls) break;
      keySets.delete(oldest);
    }
    return getKey;
  }

  return {
    async verify(auth, token, now) {
      if (typeof token !== 'string' || token.length === 0) throw new CallerTokenError('TOKEN_MISSING');
      if (token.length > MAX_TOKEN_CHARS) throw new CallerTokenError('TOKEN_MALFORMED');

      const verifyOptions: JWTVerifyOptions = {
        issuer: auth.issuer,
        audience: auth.audience,
        clockTolerance: auth.clockSkewSeconds,
        requiredClaims: ['exp'],
        ...(auth.maxAgeSeconds !== undefined && { maxTokenAge: auth.maxAgeSeconds }),
        ...(now !== undefined && { currentDate: now }),
      };

      let payload: JWTPayload;
      try {
        if (auth.key.kind === 'secret') {
          const secret = new TextEncoder().encode(auth.key.secret);
          ({ payload } = await jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] }));
        } else {
          // Only asymmetric algorithms, whatever the configuration says: an HMAC token "signed"
          // with the public key must never be checked against it.
          const algorithms = auth.key.algorithms.filter((alg) => JWKS_ALGORITHMS.has(alg));
          ({ payload } = await jwtVerify(token, keySetFor(auth.key.url), { ...verifyOptions, algorithms }));
        }
      } catch (error) {
        throw toCallerTokenError(error);
      }
      return verifiedCallerOf(payload);
    },
  };
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${name} must be a non-negative integer`);
  return value;
}

function keyResolutionError(cause: unknown): CallerTokenError {
  if (cause instanceof CallerTokenError) return cause;
  if (cause instanceof errors.JWKSNoMatchingKey || cause instanceof errors.JWKSMultipleMatchingKeys) {
    // Multiple matches: a token without `kid` against a key set with several keys of its type.
    return new CallerTokenError('TOKEN_KEY_UNKNOWN', { cause });
  }
  if (cause instanceof errors.JOSENotSupported) {
    return new CallerTokenError('TOKEN_ALGORITHM_NOT_ALLOWED', { cause });
  }
  // JWKSTimeout, JWKSInvalid, JWKInvalid, a non-200 answer or bad JSON (generic JOSEError), a
  // network failure (TypeError from fetch), a member that is not a public key.
  return new CallerTokenError('TOKEN_KEYS_UNAVAILABLE', { cause });
}

/** Maps jose's verification errors to refusals; other errors (bugs, configuration) pass through. */
function toCallerTokenError(error: unknown): unknown {
  if (error instanceof CallerTokenError) return error;
  if (!(error instanceof errors.JOSEError)) return error;
  const cause = error;
  switch (error.code) {
    case 'ERR_JWT_EXPIRED': {
      // maxTokenAge failures are JWTExpired on "iat"; a passed "exp" is JWTExpired on "exp".
      const claim = (error as errors.JWTExpired).claim;
      return new CallerTokenError(claim === 'iat' ? 'TOKEN_TOO_OLD' : 'TOKEN_EXPIRED', { cause });
    }
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const { claim, reason } = error as errors.JWTClaimValidationFailed;
      if (claim === 'iss') return new CallerTokenError('TOKEN_ISSUER_INVALID', { cause });
      if (claim === 'aud') return new CallerTokenError('TOKEN_AUDIENCE_INVALID', { cause });
      if ((claim === 'nbf' || claim === 'iat') && reason === 'check_failed') {
        // "nbf" in the future, or "iat" in the future (checked when a maximum age is set).
        return new CallerTokenError('TOKEN_NOT_YET_VALID', { cause });
      }
      return new CallerTokenError('TOKEN_CLAIMS_INVALID', {
        claim,
        detail: reason === 'missing' ? 'it is required' : 'it must be a NumericDate (seconds since the epoch)',
        cause,
      });
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new CallerTokenError('TOKEN_ALGORITHM_NOT_ALLOWED', { cause });
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new CallerTokenError('TOKEN_SIGNATURE_INVALID', { cause });
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return new CallerTokenError('TOKEN_KEY_UNKNOWN', { cause });
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
      return new CallerTokenError('TOKEN_KEYS_UNAVAILABLE', { cause });
    default:
      // ERR_JWS_INVALID, ERR_JWT_INVALID (not three parts, bad base64url or JSON, payload not an
      // object, unencoded payload), ERR_JOSE_NOT_SUPPORTED (unknown "crit" extension), the rest.
      return new CallerTokenError('TOKEN_MALFORMED', { cause });
  }
}
