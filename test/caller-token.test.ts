import { errors, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantAuth } from '../src/chat/tenant.js';
import {
  CallerTokenError,
  type CallerTokenReason,
  type CallerTokenVerifier,
  createCallerTokenVerifier,
} from '../src/tenants/caller-token.js';
import {
  generateSigningKey,
  type JwksFailure,
  type JwksServer,
  type SigningKey,
  signHs256,
  signWith,
  startJwksServer,
  unsignedToken,
  withPayload,
} from './helpers/jwt.js';

const ISSUER = 'https://backend.tenant.example';
const AUDIENCE = 'connect-chat-gateway';
const SECRET = 'tenant-shared-secret-0123456789-abcdefghij';
const iss = { issuer: ISSUER, audience: AUDIENCE };

function secretAuth(overrides: Partial<TenantAuth> = {}): TenantAuth {
  return {
    required: true,
    issuer: ISSUER,
    audience: AUDIENCE,
    clockSkewSeconds: 0,
    key: { kind: 'secret', secret: SECRET },
    ...overrides,
  };
}

function jwksAuth(url: string, algorithms: ('RS256' | 'ES256')[] = ['RS256', 'ES256']): TenantAuth {
  return {
    required: true,
    issuer: ISSUER,
    audience: AUDIENCE,
    clockSkewSeconds: 0,
    key: { kind: 'jwks', url, algorithms },
  };
}

/** Every refusal message seen, checked once more at the end. */
const seen: { message: string; forbidden: string[] }[] = [];

/** Strings a refusal message must never contain: the token (and its parts), the secret, the JWKS URL. */
function forbiddenFor(auth: TenantAuth, token: string, extra: readonly string[]): string[] {
  const forbidden = [token, ...token.split('.').filter((part) => part.length >= 8), ...extra];
  if (auth.key.kind === 'secret') forbidden.push(auth.key.secret);
  else forbidden.push(auth.key.url, new URL(auth.key.url).host);
  return forbidden;
}

async function expectRefused(
  verifier: CallerTokenVerifier,
  auth: TenantAuth,
  token: string,
  reason: CallerTokenReason,
  options: { now?: Date; forbidden?: readonly string[] } = {},
): Promise<CallerTokenError> {
  const outcome = await verifier.verify(auth, token, options.now).then(
    (caller) => ({ caller }),
    (error: unknown) => ({ error }),
  );
  expect(outcome, `expected ${reason}`).toHaveProperty('error');
  const error = (outcome as { error: unknown }).error;
  expect(error).toBeInstanceOf(CallerTokenError);
  const refusal = error as CallerTokenError;
  expect({ reason: refusal.reason, message: refusal.message }).toMatchObject({ reason });
  expect(refusal.status).toBe(reason === 'TOKEN_KEYS_UNAVAILABLE' ? 503 : 401);
  const forbidden = forbiddenFor(auth, token, options.forbidden ?? []);
  for (const text of forbidden) expect(refusal.message).not.toContain(text);
  seen.push({ message: refusal.message, forbidden });
  return refusal;
}

afterAll(() => {
  // Guards against a test that forgot to look: at least the refusals above were all checked.
  expect(seen.length).toBeGreaterThan(30);
  for (const { message, forbidden } of seen) for (const text of forbidden) expect(message).not.toContain(text);
});

describe('HS256 tokens (tenant secret)', () => {
  const verifier = createCallerTokenVerifier();

  it('accepts a valid token and returns its subject, claims and Connect claims', async () => {
    const claims = {
      attributes: { plan: 'gold', 'customer-tier_2': 'vip' },
      segmentAttributes: {
        'connect:Subtype': { valueString: 'connect:Guide' },
        priority: { valueInteger: 3 },
        profile: { valueMap: { region: { valueString: 'eu' }, score: { valueInteger: -7 } } },
      },
      customerId: 'cust-42',
      displayName: 'Ada Lovelace',
      email: 'ada@example.com',
    };
    const token = await signHs256(SECRET, claims, { ...iss, subject: 'user-1' });
    const caller = await verifier.verify(secretAuth(), token);
    expect(caller).toMatchObject({
      subject: 'user-1',
      attributes: claims.attributes,
      segmentAttributes: claims.segmentAttributes,
      customerId: 'cust-42',
      displayName: 'Ada Lovelace',
    });
    expect(caller.claims).toMatchObject({ ...claims, sub: 'user-1', iss: ISSUER, aud: AUDIENCE });
    expect(Object.isFrozen(caller.claims)).toBe(true);
    expect(Object.isFrozen(caller.claims.attributes)).toBe(true);
  });

  it('accepts a token with only the required claims; the optional members are absent', async () => {
    const caller = await verifier.verify(secretAuth(), await signHs256(SECRET, {}, iss));
    expect(Object.keys(caller)).toEqual(['claims']);
  });

  it('accepts an audience array that contains the expected audience', async () => {
    const token = await signHs256(SECRET, {}, { issuer: ISSUER, audience: ['other', AUDIENCE] });
    await expect(verifier.verify(secretAuth(), token)).resolves.toBeDefined();
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signHs256(`${SECRET}-other`, {}, iss);
    await expectRefused(verifier, secretAuth(), token, 'TOKEN_SIGNATURE_INVALID');
  });

  it('refuses a tampered payload (a claim changed, the signature kept)', async () => {
    const token = await signHs256(SECRET, { customerId: 'cust-42' }, iss);
    const tampered = withPayload(token, (payload) => ({ ...payload, customerId: 'cust-1' }));
    const error = await expectRefused(verifier, secretAuth(), tampered, 'TOKEN_SIGNATURE_INVALID');
    expect(error.cause).toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('refuses alg "none" (an unsigned token crafted by hand)', async () => {
    const error = await expectRefused(verifier, secretAuth(), unsignedToken({}, iss), 'TOKEN_ALGORITHM_NOT_ALLOWED');
    expect(error.cause).toBeInstanceOf(errors.JOSEAlgNotAllowed);
  });

  it('refuses HS512 and asymmetric algorithms: only HS256 for a secret', async () => {
    const hs512 = await signHs256(SECRET, {}, { ...iss, header: { alg: 'HS512' } });
    await expectRefused(verifier, secretAuth(), hs512, 'TOKEN_ALGORITHM_NOT_ALLOWED');
    const rs256 = await signWith(await generateSigningKey('RS256'), {}, iss);
    await expectRefused(verifier, secretAuth(), rs256, 'TOKEN_ALGORITHM_NOT_ALLOWED');
  });
});

describe('time, issuer and audience claims', () => {
  const verifier = createCallerTokenVerifier();
  const now = new Date('2030-01-01T12:00:00Z');
  const t = Math.floor(now.getTime() / 1000);
  const at = (offset: number) => t + offset;

  it('refuses an expired token and keeps the jose error only as cause', async () => {
    const token = await signHs256(SECRET, {}, { ...iss, iat: at(-600), exp: at(-1) });
    const error = await expectRefused(verifier, secretAuth(), token, 'TOKEN_EXPIRED', { now });
    expect(error.cause).toBeInstanceOf(errors.JWTExpired);
    expect(error.message).toBe('The caller token has expired.');
  });

  it('uses the given time: a token valid now is expired an hour later', async () => {
    const token = await signHs256(SECRET, {}, iss);
    await expect(verifier.verify(secretAuth(), token)).resolves.toBeDefined();
    await expectRefused(verifier, secretAuth(), token, 'TOKEN_EXPIRED', { now: new Date(Date.now() + 3_600_000) });
  });

  it('accepts an expired token within the clock skew, refuses it beyond', async () => {
    const auth = secretAuth({ clockSkewSeconds: 30 });
    const within = await signHs256(SECRET, {}, { ...iss, iat: at(-600), exp: at(-20) });
    await expect(verifier.verify(auth, within, now)).resolves.toBeDefined();
    const beyond = await signHs256(SECRET, {}, { ...iss, iat: at(-600), exp: at(-40) });
    await expectRefused(verifier, auth, beyond, 'TOKEN_EXPIRED', { now });
  });

  it('refuses a token not valid yet (nbf) beyond the clock skew, accepts it within', async () => {
    const auth = secretAuth({ clockSkewSeconds: 30 });
    const within = await signHs256(SECRET, {}, { ...iss, iat: at(0), nbf: at(20), exp: at(300) });
    await expect(verifier.verify(auth, within, now)).resolves.toBeDefined();
    const beyond = await signHs256(SECRET, {}, { ...iss, iat: at(0), nbf: at(60), exp: at(300) });
    await expectRefused(verifier, auth, beyond, 'TOKEN_NOT_YET_VALID', { now });
  });

  it('refuses a token issued longer ago than maxAgeSeconds, accepts a younger one', async () => {
    const auth = secretAuth({ maxAgeSeconds: 60 });
    const young = await signHs256(SECRET, {}, { ...iss, iat: at(-50), exp: at(3600) });
    await expect(verifier.verify(auth, young, now)).resolves.toBeDefined();
    const old = await signHs256(SECRET, {}, { ...iss, iat: at(-120), exp: at(3600) });
    await expectRefused(verifier, auth, old, 'TOKEN_TOO_OLD', { now });
    // Without maxAgeSeconds, the same token passes.
    await expect(verifier.verify(secretAuth(), old, now)).resolves.toBeDefined();
  });

  it('with maxAgeSeconds, requires iat and refuses one in the future', async () => {
    const auth = secretAuth({ maxAgeSeconds: 60 });
    const noIat = await signHs256(SECRET, {}, { ...iss, iat: null, exp: at(300) });
    const missing = await expectRefused(verifier, auth, noIat, 'TOKEN_CLAIMS_INVALID', { now });
    expect(missing.claim).toBe('iat');
    expect(missing.message).toMatch(/"iat" claim.*required/);
    const future = await signHs256(SECRET, {}, { ...iss, iat: at(120), exp: at(300) });
    await expectRefused(verifier, auth, future, 'TOKEN_NOT_YET_VALID', { now });
  });

  it('requires exp', async () => {
    const token = await signHs256(SECRET, {}, { ...iss, exp: null });
    const error = await expectRefused(verifier, secretAuth(), token, 'TOKEN_CLAIMS_INVALID');
    expect(error.claim).toBe('exp');
    expect(error.message).toBe('The caller token\'s "exp" claim is invalid: it is required.');
  });

  it('refuses an exp that is not a number', async () => {
    const token = await signHs256(SECRET, { exp: '2099-01-01' } as unknown as JWTPayload, { ...iss, exp: null });
    const error = await expectRefused(verifier, secretAuth(), token, 'TOKEN_CLAIMS_INVALID', {
      forbidden: ['2099'],
    });
    expect(error.claim).toBe('exp');
  });

  it('refuses a wrong or missing issuer', async () => {
    const wrong = await signHs256(SECRET, {}, { issuer: 'https://evil.example', audience: AUDIENCE });
    const error = await expectRefused(verifier, secretAuth(), wrong, 'TOKEN_ISSUER_INVALID', {
      forbidden: ['evil.example', ISSUER],
    });
    expect(error.cause).toBeInstanceOf(errors.JWTClaimValidationFailed);
    const missing = await signHs256(SECRET, {}, { audience: AUDIENCE });
    await expectRefused(verifier, secretAuth(), missing, 'TOKEN_ISSUER_INVALID');
  });

  it('refuses a wrong or missing audience', async () => {
    const wrong = await signHs256(SECRET, {}, { issuer: ISSUER, audience: 'another-service' });
    await expectRefused(verifier, secretAuth(), wrong, 'TOKEN_AUDIENCE_INVALID', {
      forbidden: ['another-service', AUDIENCE],
    });
    const missing = await signHs256(SECRET, {}, { issuer: ISSUER });
    await expectRefused(verifier, secretAuth(), missing, 'TOKEN_AUDIENCE_INVALID');
  });
});

describe('malformed and missing tokens', () => {
  const verifier = createCallerTokenVerifier();

  it('reports an empty token as missing', async () => {
    const error = await verifier.verify(secretAuth(), '').catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'TOKEN_MISSING', status: 401 });
  });

  it.each([
    ['not a JWT', 'not-a-jwt-at-all'],
    ['three parts of garbage', 'abc.def.ghi'],
    ['four parts', 'eyJhbGciOiJIUzI1NiJ9.e30.sig.extra'],
    ['a header that is not JSON', `${Buffer.from('{alg').toString('base64url')}.e30.c2ln`],
    ['longer than any header allows', `${'a'.repeat(20_000)}.b.c`],
  ])('refuses %s as malformed', async (_name, token) => {
    await expectRefused(verifier, secretAuth(), token, 'TOKEN_MALFORMED');
  });

  it('refuses a payload that is not a JSON object, even correctly signed', async () => {
    const header = Buffer.from('{"alg":"HS256"}').toString('base64url');
    const payload = Buffer.from('[1,2]').toString('base64url');
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
    await expectRefused(verifier, secretAuth(), `${header}.${payload}.${signature}`, 'TOKEN_MALFORMED');
  });
});

describe('claims the gateway reads, within Connect limits', () => {
  const verifier = createCallerTokenVerifier();

  it.each<[string, Record<string, unknown>, string, string[]]>([
    ['an attribute key with a space', { attributes: { 'bad key': 'x' } }, 'attributes', ['bad key']],
    ['an attribute value that is a number', { attributes: { plan: 12345 } }, 'attributes', ['12345']],
    ['attributes as an array', { attributes: ['plan-gold'] }, 'attributes', ['plan-gold']],
    ['a customerId of 200 characters', { customerId: 'c'.repeat(200) }, 'customerId', ['cccc']],
    ['an empty customerId', { customerId: '' }, 'customerId', []],
    ['a numeric customerId', { customerId: 987654 }, 'customerId', ['987654']],
    ['a blank displayName', { displayName: '   ' }, 'displayName', []],
    ['a displayName of 257 characters', { displayName: 'd'.repeat(257) }, 'displayName', ['dddd']],
    [
      'a segment attribute value with two members',
      { segmentAttributes: { tier: { valueString: 'gold-tier', valueInteger: 1 } } },
      'segmentAttributes',
      ['gold-tier', 'tier'],
    ],
    ['an empty segment attribute value', { segmentAttributes: { tier: {} } }, 'segmentAttributes', []],
    [
      'a system-only segment attribute member',
      { segmentAttributes: { tier: { valueArn: 'arn:aws:connect:secret' } } },
      'segmentAttributes',
      ['arn:aws', 'valueArn'],
    ],
    [
      'a segment attribute string over 1024 characters',
      { segmentAttributes: { tier: { valueString: 's'.repeat(1025) } } },
      'segmentAttributes',
      ['ssss'],
    ],
    [
      'a segment attribute key over 128 characters',
      { segmentAttributes: { ['k'.repeat(129)]: { valueString: 'x' } } },
      'segmentAttributes',
      ['kkkk'],
    ],
    [
      'an invalid value deep in a valueMap',
      { segmentAttributes: { profile: { valueMap: { score: { valueInteger: 1.5 } } } } },
      'segmentAttributes',
      ['1.5', 'score'],
    ],
    ['a numeric subject', { sub: 31337 }, 'sub', ['31337']],
  ])('refuses %s, naming the claim and not its value', async (_name, claims, claim, values) => {
    const token = await signHs256(SECRET, claims as JWTPayload, iss);
    const error = await expectRefused(verifier, secretAuth(), token, 'TOKEN_CLAIMS_INVALID', { forbidden: values });
    expect(error.claim).toBe(claim);
    expect(error.message).toMatch(new RegExp(`^The caller token's "${claim}" claim is invalid: `));
  });

  it('leaves claims it does not read alone', async () => {
    const token = await signHs256(SECRET, { attributesExtra: { 'bad key': 1 }, roles: ['a'] }, iss);
    const caller = await verifier.verify(secretAuth(), token);
    expect(caller.claims).toMatchObject({ attributesExtra: { 'bad key': 1 }, roles: ['a'] });
  });
});

describe('JWKS tokens (RS256, ES256)', () => {
  let rsa: SigningKey;
  let ec: SigningKey;
  let jwks: JwksServer;
  const servers: JwksServer[] = [];

  async function server(keys: SigningKey[]) {
    const started = await startJwksServer(keys);
    servers.push(started);
    return started;
  }

  beforeAll(async () => {
    rsa = await generateSigningKey('RS256', 'rsa-1');
    ec = await generateSigningKey('ES256', 'ec-1');
    jwks = await server([rsa, ec]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('accepts valid RS256 and ES256 tokens with one JWKS fetch, and returns their claims', async () => {
    const verifier = createCallerTokenVerifier();
    const before = jwks.fetches();
    const rsCaller = await verifier.verify(
      jwksAuth(jwks.url),
      await signWith(rsa, { customerId: 'c-1' }, { ...iss, subject: 'rs-user' }),
    );
    expect(rsCaller).toMatchObject({ subject: 'rs-user', customerId: 'c-1', claims: { iss: ISSUER } });
    const ecCaller = await verifier.verify(
      jwksAuth(jwks.url),
      await signWith(ec, { displayName: 'Grace' }, { ...iss, subject: 'es-user' }),
    );
    expect(ecCaller).toMatchObject({ subject: 'es-user', displayName: 'Grace' });
    expect(jwks.fetches() - before).toBe(1);
  });

  it('refuses an algorithm the tenant does not list', async () => {
    const verifier = createCallerTokenVerifier();
    const token = await signWith(ec, {}, iss);
    await expectRefused(verifier, jwksAuth(jwks.url, ['RS256']), token, 'TOKEN_ALGORITHM_NOT_ALLOWED');
  });

  it('refuses alg "none" without fetching keys', async () => {
    const verifier = createCallerTokenVerifier();
    const before = jwks.fetches();
    const token = unsignedToken({}, { ...iss, header: { kid: rsa.kid } });
    await expectRefused(verifier, jwksAuth(jwks.url), token, 'TOKEN_ALGORITHM_NOT_ALLOWED');
    expect(jwks.fetches()).toBe(before);
  });

  it.each([
    ['its SPKI PEM', (key: SigningKey) => key.publicPem],
    ['its JWK JSON', (key: SigningKey) => JSON.stringify(key.publicJwk)],
  ])('refuses HS256 "signed" with the RSA public key (%s) as HMAC secret', async (_name, secretOf) => {
    const verifier = createCallerTokenVerifier();
    const token = await signHs256(secretOf(rsa), {}, { ...iss, header: { kid: rsa.kid } });
    const error = await expectRefused(verifier, jwksAuth(jwks.url), token, 'TOKEN_ALGORITHM_NOT_ALLOWED');
    expect(error.cause).toBeInstanceOf(errors.JOSEAlgNotAllowed);
  });

  it('refuses a tampered RS256 payload', async () => {
    const verifier = createCallerTokenVerifier();
    const token = await signWith(rsa, { attributes: { plan: 'basic' } }, iss);
    const tampered = withPayload(token, (payload) => ({ ...payload, attributes: { plan: 'gold' } }));
    await expectRefused(verifier, jwksAuth(jwks.url), tampered, 'TOKEN_SIGNATURE_INVALID');
  });

  it('refuses a token signed by another key that claims a published kid', async () => {
    const verifier = createCallerTokenVerifier();
    const impostor = await generateSigningKey('RS256', rsa.kid);
    await expectRefused(verifier, jwksAuth(jwks.url), await signWith(impostor, {}, iss), 'TOKEN_SIGNATURE_INVALID');
  });

  it('refuses an unknown kid', async () => {
    const verifier = createCallerTokenVerifier();
    const stranger = await generateSigningKey('RS256', 'not-published');
    const error = await expectRefused(
      verifier,
      jwksAuth(jwks.url),
      await signWith(stranger, {}, iss),
      'TOKEN_KEY_UNKNOWN',
    );
    expect(error.cause).toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('refuses a token without kid when several keys of its type match', async () => {
    const second = await generateSigningKey('RS256', 'rsa-2');
    const own = await server([rsa, second]);
    const verifier = createCallerTokenVerifier();
    const token = await signWith(rsa, {}, { ...iss, header: { kid: undefined } });
    await expectRefused(verifier, jwksAuth(own.url), token, 'TOKEN_KEY_UNKNOWN');
  });

  it('picks up a key rotation after one refetch once the cooldown has passed', async () => {
    const own = await server([rsa]);
    const verifier = createCallerTokenVerifier({ cooldownMs: 100 });
    await verifier.verify(jwksAuth(own.url), await signWith(rsa, {}, iss));
    expect(own.fetches()).toBe(1);

    const rotated = await generateSigningKey('RS256', 'rsa-rotated');
    own.setKeys([rotated]);
    const rotatedToken = await signWith(rotated, {}, iss);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(verifier.verify(jwksAuth(own.url), rotatedToken)).resolves.toBeDefined();
    expect(own.fetches()).toBe(2);
    // Cached from now on; the old key is gone.
    await verifier.verify(jwksAuth(own.url), rotatedToken);
    await expectRefused(verifier, jwksAuth(own.url), await signWith(rsa, {}, iss), 'TOKEN_KEY_UNKNOWN');
    expect(own.fetches()).toBe(2);
  });

  it('does not refetch for an unknown kid within the cooldown', async () => {
    const own = await server([rsa]);
    const verifier = createCallerTokenVerifier();
    await verifier.verify(jwksAuth(own.url), await signWith(rsa, {}, iss));
    const rotated = await generateSigningKey('RS256', 'rsa-rotated');
    own.setKeys([rotated]);
    await expectRefused(verifier, jwksAuth(own.url), await signWith(rotated, {}, iss), 'TOKEN_KEY_UNKNOWN');
    expect(own.fetches()).toBe(1);
  });

  it('a burst of 20 tokens with unknown kids causes at most 2 fetches', async () => {
    const own = await server([rsa]);
    const strangers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => generateSigningKey(i % 2 ? 'RS256' : 'ES256', `unknown-${i}`)),
    );
    const tokens = await Promise.all(strangers.map((key) => signWith(key, {}, iss)));

    // Cold cache: the concurrent first loads share one fetch, then the cooldown holds.
    const cold = createCallerTokenVerifier();
    const coldResults = await Promise.allSettled(tokens.map((token) => cold.verify(jwksAuth(own.url), token)));
    expect(coldResults.map((r) => r.status === 'rejected' && (r.reason as CallerTokenError).reason)).toEqual(
      tokens.map(() => 'TOKEN_KEY_UNKNOWN'),
    );
    expect(own.fetches()).toBeLessThanOrEqual(2);

    // Warm cache past its cooldown: the burst triggers one shared refetch.
    const warm = createCallerTokenVerifier({ cooldownMs: 50 });
    await warm.verify(jwksAuth(own.url), await signWith(rsa, {}, iss));
    const before = own.fetches();
    await new Promise((resolve) => setTimeout(resolve, 80));
    const warmResults = await Promise.allSettled(tokens.map((token) => warm.verify(jwksAuth(own.url), token)));
    expect(warmResults.every((r) => r.status === 'rejected')).toBe(true);
    expect(own.fetches() - before).toBeLessThanOrEqual(2);
    expect(own.fetches() - before).toBeGreaterThanOrEqual(1);
  });

  it.each<[JwksFailure, string]>([
    ['status-500', 'an HTTP 500'],
    ['bad-json', 'a body that is not JSON'],
    ['not-a-jwks', 'JSON that is not a key set'],
    ['reset', 'a reset connection'],
    ['hang', 'no answer before the timeout'],
  ])('reports the keys as unavailable (503) on %s (%s), and recovers', async (failure) => {
    const own = await server([rsa]);
    own.fail(failure);
    const verifier = createCallerTokenVerifier({ fetchTimeoutMs: 200, cooldownMs: 0 });
    const token = await signWith(rsa, {}, iss);
    const error = await expectRefused(verifier, jwksAuth(own.url), token, 'TOKEN_KEYS_UNAVAILABLE');
    expect(error.cause).toBeDefined();
    if (failure === 'hang') expect(error.cause).toBeInstanceOf(errors.JWKSTimeout);
    if (failure === 'not-a-jwks') expect(error.cause).toBeInstanceOf(errors.JWKSInvalid);
    own.fail(undefined);
    await expect(verifier.verify(jwksAuth(own.url), token)).resolves.toBeDefined();
  });

  it('reports the keys as unavailable when nothing listens at the JWKS URL', async () => {
    const own = await startJwksServer([rsa]);
    await own.close();
    const verifier = createCallerTokenVerifier({ fetchTimeoutMs: 1000 });
    await expectRefused(verifier, jwksAuth(own.url), await signWith(rsa, {}, iss), 'TOKEN_KEYS_UNAVAILABLE');
  });

  it('keeps at most maxJwksUrls key sets, dropping the least recently used', async () => {
    const own = await server([rsa]);
    const token = await signWith(rsa, {}, iss);
    const [a, b] = [jwksAuth(`${own.origin}/a/jwks.json`), jwksAuth(`${own.origin}/b/jwks.json`)];

    const small = createCallerTokenVerifier({ maxJwksUrls: 1 });
    for (const auth of [a, b, a, b]) await small.verify(auth, token);
    expect([own.fetches('/a/jwks.json'), own.fetches('/b/jwks.json')]).toEqual([2, 2]);

    const roomy = createCallerTokenVerifier({ maxJwksUrls: 2 });
    for (const auth of [a, b, a, b]) await roomy.verify(auth, token);
    expect([own.fetches('/a/jwks.json'), own.fetches('/b/jwks.json')]).toEqual([3, 3]);
  });
});

describe('createCallerTokenVerifier options', () => {
  it.each([{ fetchTimeoutMs: -1 }, { cooldownMs: 1.5 }, { cacheMaxAgeMs: Number.NaN }, { maxJwksUrls: 0 }])(
    'refuses %o',
    (options) => {
      expect(() => createCallerTokenVerifier(options)).toThrow(TypeError);
    },
  );
});
