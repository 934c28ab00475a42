import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatSettingsDocument, StartChatDocument } from './generated/graphql.js';
import { chatResult, type Harness, startHarness } from './helpers/harness.js';
import {
  generateSigningKey,
  type JwksServer,
  nowSeconds,
  type SigningKey,
  signHs256,
  signWith,
  startJwksServer,
  unsignedToken,
  withPayload,
} from './helpers/jwt.js';

/*
 * Caller JWTs through the whole gateway: each bad token is a 401 with a precise reason and
 * reaches nothing; a good token's claims become what Connect receives, over the client's values.
 */

const SECRET = 'hs256-tenant-secret-0123456789abcdef0123';
const HS = { 'x-api-key': 'hs-public-key' };
const JWKS = { 'x-api-key': 'jwks-public-key' };
const hsClaims = { issuer: 'https://hs.test', audience: 'chat' };
const jwksClaims = { issuer: 'https://jwks.test', audience: 'chat' };

describe('caller JWT through the gateway', () => {
  let h: Harness;
  let jwks: JwksServer;
  let rsa: SigningKey;
  let ec: SigningKey;

  beforeAll(async () => {
    rsa = await generateSigningKey('RS256', 'rsa-1');
    ec = await generateSigningKey('ES256', 'ec-1');
    jwks = await startJwksServer([rsa, ec]);
    h = await startHarness(
      { HS_SECRET: SECRET },
      {
        tenants: {
          tenants: [
            {
              id: 'hs',
              apiKeys: ['hs-public-key'],
              connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
              auth: { required: true, ...hsClaims, maxAgeSeconds: 600, secret: { env: 'HS_SECRET' } },
              attributes: {
                allow: ['orderId', 'accountId', 'p*'],
                set: { source: 'web' },
                fromClaims: { plan: 'plan' },
              },
              segmentAttributes: { allow: [] },
            },
            {
              id: 'jwks',
              apiKeys: ['jwks-public-key'],
              connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
              auth: { ...jwksClaims, jwksUrl: jwks.url },
            },
          ],
        },
      },
    );
  });
  afterAll(async () => {
    await h?.close();
    await jwks?.close();
  });

  const start = (headers: Record<string, string>, input = { participantDetails: { displayName: 'Client name' } }) =>
    h.execute(StartChatDocument, { input }, headers);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it.each<[string, () => Promise<[Record<string, string>, string]>]>([
    ['missing when required', async () => [HS, 'TOKEN_MISSING']],
    ['not a JWT', async () => [{ ...HS, ...bearer('abc') }, 'TOKEN_MALFORMED']],
    [
      'expired',
      async () => [
        { ...HS, ...bearer(await signHs256(SECRET, {}, { ...hsClaims, exp: nowSeconds() - 120 })) },
        'TOKEN_EXPIRED',
      ],
    ],
    [
      'not yet valid',
      async () => [
        { ...HS, ...bearer(await signHs256(SECRET, {}, { ...hsClaims, nbf: nowSeconds() + 600 })) },
        'TOKEN_NOT_YET_VALID',
      ],
    ],
    [
      'older than maxAgeSeconds',
      async () => [
        { ...HS, ...bearer(await signHs256(SECRET, {}, { ...hsClaims, iat: nowSeconds() - 3600 })) },
        'TOKEN_TOO_OLD',
      ],
    ],
    [
      'wrong issuer',
      async () => [
        { ...HS, ...bearer(await signHs256(SECRET, {}, { ...hsClaims, issuer: 'https://evil.test' })) },
        'TOKEN_ISSUER_INVALID',
      ],
    ],
    [
      'wrong audience',
      async () => [
        { ...HS, ...bearer(await signHs256(SECRET, {}, { ...hsClaims, audience: 'other' })) },
        'TOKEN_AUDIENCE_INVALID',
      ],
    ],
    ['alg: none', async () => [{ ...HS, ...bearer(unsignedToken({}, hsClaims)) }, 'TOKEN_ALGORITHM_NOT_ALLOWED']],
    [
      'signed with another secret',
      async () => [
        { ...HS, ...bearer(await signHs256('another-secret-0123456789abcdef0123456', {}, hsClaims)) },
        'TOKEN_SIGNATURE_INVALID',
      ],
    ],
    [
      'tampered payload',
      async () => {
        const token = await signHs256(SECRET, { plan: 'free' }, hsClaims);
        return [
          { ...HS, ...bearer(withPayload(token, (p) => ({ ...p, plan: 'enterprise' }))) },
          'TOKEN_SIGNATURE_INVALID',
        ];
      },
    ],
    [
      'HS256 signed with the RSA public key',
      async () => [
        { ...JWKS, ...bearer(await signHs256(rsa.publicPem, {}, { ...jwksClaims, header: { kid: rsa.kid } })) },
        'TOKEN_ALGORITHM_NOT_ALLOWED',
      ],
    ],
    [
      'unknown kid',
      async () => {
        const stranger = await generateSigningKey('RS256', 'stranger');
        return [{ ...JWKS, ...bearer(await signWith(stranger, {}, jwksClaims)) }, 'TOKEN_KEY_UNKNOWN'];
      },
    ],
    [
      'a trusted claim of the wrong shape',
      async () => [
        { ...HS, ...bearer(await signHs256(SECRET, { attributes: { 'bad key': 'x' } }, hsClaims)) },
        'TOKEN_CLAIMS_INVALID',
      ],
    ],
  ])('refuses a token that is %s with 401', async (_case, make) => {
    const before = h.simulator.received.length;
    const [headers, reason] = await make();
    const result = await start(headers);
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
    expect(h.simulator.received.length).toBe(before);
    const token = headers.authorization?.slice('Bearer '.length);
    if (token) expect(JSON.stringify(result.body)).not.toContain(token);
  });

  it('puts a valid token’s claims into the request Connect receives, over the client’s values', async () => {
    const token = await signHs256(
      SECRET,
      {
        displayName: 'Ada (verified)',
        customerId: 'profile-42',
        attributes: { accountId: 'acct-9' },
        segmentAttributes: { 'connect:CustomerAuthentication': { valueString: 'verified' } },
        plan: 'gold',
      },
      { ...hsClaims, subject: 'user-42' },
    );
    const result = await h.execute(
      StartChatDocument,
      {
        input: {
          participantDetails: { displayName: 'Mallory' },
          attributes: [
            { key: 'orderId', value: 'A-1' },
            { key: 'accountId', value: 'someone-else' },
          ],
        },
      },
      { ...HS, ...bearer(token) },
    );
    expect(chatResult(result).__typename).toBe('StartChatContactPayload');
    const body = h.simulator.received.at(-1)?.body;
    expect(body).toMatchObject({
      ParticipantDetails: { DisplayName: 'Ada (verified)' },
      CustomerId: 'profile-42',
      Attributes: { orderId: 'A-1', plan: 'gold', accountId: 'acct-9', source: 'web' },
      SegmentAttributes: { 'connect:CustomerAuthentication': { ValueString: 'verified' } },
    });
    expect(h.log()).not.toContain(token);
    expect(h.log()).not.toContain('profile-42');
  });

  it('refuses client values for what only the server or the token may set, even when a pattern allows the key', async () => {
    // No `plan` claim in this token: the client still may not supply it.
    const token = await signHs256(SECRET, {}, hsClaims);
    const before = h.simulator.received.length;
    const result = await h.execute(
      StartChatDocument,
      {
        input: {
          participantDetails: { displayName: 'Mallory' },
          customerId: 'victim-profile',
          attributes: [
            { key: 'plan', value: 'enterprise' },
            { key: 'source', value: 'fake' },
            { key: 'promo', value: 'ok' },
          ],
        },
      },
      { ...HS, ...bearer(token) },
    );
    expect(chatResult(result).fieldErrors).toEqual([
      { path: ['input', 'attributes', '0', 'key'], message: 'Attribute "plan" is set by the server for this tenant.' },
      {
        path: ['input', 'attributes', '1', 'key'],
        message: 'Attribute "source" is set by the server for this tenant.',
      },
      {
        path: ['input', 'customerId'],
        message: "This tenant takes the customer ID from the caller's token, not from the client.",
      },
    ]);
    expect(h.simulator.received.length).toBe(before);
  });

  it('accepts RS256 and ES256 tokens from the JWKS, and no token when not required', async () => {
    for (const key of [rsa, ec]) {
      const result = await start({
        ...JWKS,
        ...bearer(await signWith(key, { customerId: `c-${key.alg}` }, jwksClaims)),
      });
      expect(chatResult(result).__typename).toBe('StartChatContactPayload');
      expect(h.simulator.received.at(-1)?.body.CustomerId).toBe(`c-${key.alg}`);
    }
    expect(chatResult(await start(JWKS)).__typename).toBe('StartChatContactPayload');
  });

  it('tells the widget that a token is required', async () => {
    const token = await signHs256(SECRET, {}, hsClaims);
    const settings = await h.execute(ChatSettingsDocument, {}, { ...HS, ...bearer(token) });
    expect(settings.body.data?.chatSettings.authenticationRequired).toBe(true);
  });
});
