import type { JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { limits } from '../src/chat/limits.js';
import type { TenantAuth } from '../src/chat/tenant.js';
import { createCallerTokenVerifier } from '../src/tenants/caller-token.js';
import { signHs256 } from './helpers/jwt.js';
import { astral } from './helpers/model.js';

/*
 * Caller token claims become Connect fields unchanged, so they are measured as Connect measures:
 * UTF-16 code units (an emoji is two), never code points.
 */

const SECRET = 'claim-lengths-secret-0123456789abcdef012';
const auth: TenantAuth = {
  required: true,
  issuer: 'https://issuer.test',
  audience: 'chat',
  clockSkewSeconds: 30,
  key: { kind: 'secret', secret: SECRET },
};
const options = { issuer: auth.issuer, audience: auth.audience };
const verifier = createCallerTokenVerifier();

/** Each claim string Connect limits: what it is, the claim, the limit, and a payload carrying a value. */
const claims: [string, string, number, (value: string) => JWTPayload][] = [
  ['displayName', 'displayName', limits.displayName.max, (v) => ({ displayName: v })],
  ['customerId', 'customerId', limits.customerId.max, (v) => ({ customerId: v })],
  [
    'a segment attribute key',
    'segmentAttributes',
    limits.segmentAttributeKey.max,
    (v) => ({ segmentAttributes: { [v]: { valueString: 'x' } } }),
  ],
  [
    'a segment attribute valueString',
    'segmentAttributes',
    limits.segmentAttributeString.max,
    (v) => ({ segmentAttributes: { s: { valueString: v } } }),
  ],
  [
    'a valueString inside a valueMap',
    'segmentAttributes',
    limits.segmentAttributeString.max,
    (v) => ({ segmentAttributes: { s: { valueMap: { inner: { valueString: v } } } } }),
  ],
];

describe('caller token claims are measured in UTF-16 code units', () => {
  it.each(claims)('accepts %s (claim %s) of max/2 emoji (max %i)', async (_what, _claim, max, build) => {
    const token = await signHs256(SECRET, build(astral(Math.floor(max / 2))), options);
    await expect(verifier.verify(auth, token)).resolves.toBeDefined();
  });

  it.each(claims)('refuses %s (claim %s) of max/2 + 1 emoji (max %i)', async (_what, claim, max, build) => {
    const token = await signHs256(SECRET, build(astral(Math.floor(max / 2) + 1)), options);
    await expect(verifier.verify(auth, token)).rejects.toMatchObject({ reason: 'TOKEN_CLAIMS_INVALID', claim });
  });
});
