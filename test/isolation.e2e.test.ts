import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signForRouter } from '../src/tenants/router-signature.js';
import { StartChatDocument } from './generated/graphql.js';
import { FIXTURE_SECRETS, type Harness, startHarness } from './helpers/harness.js';
import {
  generateSigningKey,
  type JwksServer,
  type SigningKey,
  signHs256,
  signWith,
  startJwksServer,
} from './helpers/jwt.js';

/*
 * Every combination of API key × Origin × JWT × x-tenant-id either reaches exactly its own
 * tenant's instance, flow, region and credentials (or role), or is refused; nothing else reaches
 * the simulator. The expected outcome is computed by a small model written from the resolution rules
 * of docs/tenants-and-auth.md, independently of the gateway's code.
 */

const ROUTER_SECRET = 'isolation-router-secret-0123456789abcdef';
const ACME_JWT_SECRET = 'acme-jwt-secret-0123456789abcdef0123456789';
const INITECH_ROLE = 'arn:aws:iam::222233334444:role/InitechChat';

interface TenantFacts {
  readonly id: string;
  readonly apiKey: string;
  readonly origin: string;
  readonly region: string;
  readonly instanceId: string;
  readonly flowId: string;
  readonly accessKeyId?: string;
  readonly roleArn?: string;
  readonly auth?: { readonly required: boolean };
}

const TENANTS: readonly TenantFacts[] = [
  {
    id: 'acme',
    apiKey: 'acme-public-key',
    origin: 'https://www.acme.test',
    region: 'eu-west-2',
    instanceId: 'acme-instance',
    flowId: 'acme-flow',
    accessKeyId: 'ASIMULATORACCESSKEY',
    auth: { required: true },
  },
  {
    id: 'globex',
    apiKey: 'globex-public-key',
    origin: 'https://chat.globex.test',
    region: 'us-east-1',
    instanceId: 'globex-instance',
    flowId: 'globex-flow',
    accessKeyId: FIXTURE_SECRETS.GLOBEX_KEY_ID,
    auth: { required: false },
  },
  {
    id: 'initech',
    apiKey: 'initech-public-key',
    origin: 'https://help.initech.test',
    region: 'ap-southeast-2',
    instanceId: 'initech-instance',
    flowId: 'initech-flow',
    roleArn: INITECH_ROLE,
  },
];
const byId = (id: string) => TENANTS.find((t) => t.id === id);

function tenantsDocument(jwksUrl: string) {
  return {
    tenants: [
      {
        id: 'acme',
        apiKeys: ['acme-public-key'],
        allowedOrigins: ['https://www.acme.test'],
        connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
        auth: { required: true, issuer: 'https://acme.test', audience: 'chat', secret: { env: 'ACME_JWT_SECRET' } },
        attributes: { allow: ['orderId', 'accountId'], fromClaims: { customerTier: 'tier' } },
      },
      {
        id: 'globex',
        apiKeys: ['globex-public-key'],
        allowedOrigins: ['https://chat.globex.test'],
        connect: {
          region: 'us-east-1',
          instanceId: 'globex-instance',
          contactFlowId: 'globex-flow',
          credentials: { accessKeyId: { env: 'GLOBEX_KEY_ID' }, secretAccessKey: { env: 'GLOBEX_SECRET' } },
        },
        auth: { issuer: 'https://auth.globex.test', audience: 'chat', jwksUrl, algorithms: ['ES256'] },
      },
      {
        id: 'initech',
        apiKeys: ['initech-public-key'],
        allowedOrigins: ['https://help.initech.test'],
        connect: {
          region: 'ap-southeast-2',
          instanceId: 'initech-instance',
          contactFlowId: 'initech-flow',
          roleArn: INITECH_ROLE,
          externalId: 'initech-external-id',
        },
      },
    ],
  };
}

type Jwt = 'none' | 'acme' | 'globex' | 'garbage';
type TenantHeader = 'none' | `signed:${string}` | `unsigned:${string}` | `badly-signed:${string}`;

interface Combo {
  readonly apiKey: string;
  readonly origin: string;
  readonly jwt: Jwt;
  readonly tenantHeader: TenantHeader;
}

/** The resolution rules of docs/tenants-and-auth.md, as a model: the tenant a request must reach, or null. */
function expectedTenant(combo: Combo): TenantFacts | null {
  let tenant: TenantFacts | undefined;
  if (combo.tenantHeader !== 'none') {
    const [kind, id] = combo.tenantHeader.split(':') as [string, string];
    if (kind !== 'signed') return null;
    tenant = byId(id);
    if (!tenant) return null;
    if (combo.apiKey !== 'none' && TENANTS.find((t) => t.apiKey === combo.apiKey)?.id !== tenant.id) return null;
  } else {
    tenant = TENANTS.find((t) => t.apiKey === combo.apiKey);
    if (!tenant) return null;
  }
  if (combo.origin !== 'none' && combo.origin !== tenant.origin) return null;
  if (tenant.auth) {
    if (combo.jwt === 'none') return tenant.auth.required ? null : tenant;
    if (combo.jwt !== tenant.id) return null;
  }
  return tenant;
}

describe('tenant isolation over API key × Origin × JWT × x-tenant-id', () => {
  let h: Harness;
  let jwks: JwksServer;
  let globexKey: SigningKey;
  const tokens: Record<Exclude<Jwt, 'none'>, string> = { acme: '', globex: '', garbage: 'not.a.jwt' };

  beforeAll(async () => {
    globexKey = await generateSigningKey('ES256', 'globex-1');
    jwks = await startJwksServer([globexKey]);
    tokens.acme = await signHs256(
      ACME_JWT_SECRET,
      { tier: 'gold', attributes: { accountId: 'acme-account-7' } },
      { issuer: 'https://acme.test', audience: 'chat', subject: 'user-1' },
    );
    tokens.globex = await signWith(
      globexKey,
      { customerId: 'globex-customer-1' },
      { issuer: 'https://auth.globex.test', audience: 'chat', subject: 'user-2' },
    );
    h = await startHarness(
      { ROUTER_HMAC_SECRET: ROUTER_SECRET, ACME_JWT_SECRET },
      {
        tenants: tenantsDocument(jwks.url),
        simulator: {
          instances: TENANTS.map((t) => ({ instanceId: t.instanceId, contactFlowIds: [t.flowId] })),
          roles: [{ roleArn: INITECH_ROLE, externalId: 'initech-external-id' }],
        },
      },
    );
  });
  afterAll(async () => {
    await h?.close();
    await jwks?.close();
  });

  it('reaches exactly the expected tenant or is refused, for every combination', async () => {
    const apiKeys = ['none', 'unknown-public-key', ...TENANTS.map((t) => t.apiKey)];
    const origins = ['none', 'https://evil.test', ...TENANTS.map((t) => t.origin)];
    const jwts: Jwt[] = ['none', 'acme', 'globex', 'garbage'];
    const tenantHeaders: TenantHeader[] = [
      'none',
      ...TENANTS.map((t) => `signed:${t.id}` as const),
      'signed:nobody',
      'unsigned:acme',
      'badly-signed:globex',
    ];
    const combos: Combo[] = [];
    for (const apiKey of apiKeys)
      for (const origin of origins)
        for (const jwt of jwts)
          for (const tenantHeader of tenantHeaders) combos.push({ apiKey, origin, jwt, tenantHeader });

    const query = StartChatDocument.toString();
    const send = async (combo: Combo, index: number) => {
      const displayName = `combo-${index}`;
      // The client tries to override what the token vouches for.
      const variables = {
        input: {
          participantDetails: { displayName },
          attributes: [{ key: 'accountId', value: 'client-account' }],
        },
      };
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (combo.apiKey !== 'none') headers['x-api-key'] = combo.apiKey;
      if (combo.origin !== 'none') headers.origin = combo.origin;
      if (combo.jwt !== 'none') headers.authorization = `Bearer ${tokens[combo.jwt]}`;
      const extensions: Record<string, string> = {};
      if (combo.tenantHeader !== 'none') {
        const [kind, id] = combo.tenantHeader.split(':') as [string, string];
        headers['x-tenant-id'] = id;
        if (kind === 'signed') extensions['hmac-signature'] = signForRouter(ROUTER_SECRET, { query, variables }, id);
        if (kind === 'badly-signed') {
          extensions['hmac-signature'] = signForRouter(
            'not-the-router-secret-0123456789abcdef',
            { query, variables },
            id,
          );
        }
      }
      const response = await h.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables, extensions }),
      });
      return { combo, displayName, status: response.status, body: await response.json() };
    };

    const results = [];
    for (let i = 0; i < combos.length; i += 25) {
      results.push(...(await Promise.all(combos.slice(i, i + 25).map((combo, j) => send(combo, i + j)))));
    }

    const problems: string[] = [];
    let reached = 0;
    for (const { combo, displayName, status, body } of results) {
      const expected = expectedTenant(combo);
      const calls = h.simulator.received.filter(
        (c) => (c.body.ParticipantDetails as { DisplayName?: string } | undefined)?.DisplayName === displayName,
      );
      const label = JSON.stringify(combo);
      if (!expected) {
        if (![401, 403].includes(status)) problems.push(`${label}: expected refusal, got ${status}`);
        if (calls.length > 0) problems.push(`${label}: refused but reached Connect`);
        continue;
      }
      reached += 1;
      if (body.data?.startChatContact?.__typename !== 'StartChatContactPayload') {
        problems.push(`${label}: expected ${expected.id}, got ${status} ${JSON.stringify(body)}`);
        continue;
      }
      const [call] = calls;
      if (calls.length !== 1 || !call) {
        problems.push(`${label}: ${calls.length} calls reached Connect`);
        continue;
      }
      const reachedTenant = {
        instance: call.body.InstanceId,
        flow: call.body.ContactFlowId,
        region: call.region,
        credentials: call.roleArn ?? call.accessKeyId,
      };
      const own = {
        instance: expected.instanceId,
        flow: expected.flowId,
        region: expected.region,
        credentials: expected.roleArn ?? expected.accessKeyId,
      };
      if (JSON.stringify(reachedTenant) !== JSON.stringify(own)) {
        problems.push(`${label}: reached ${JSON.stringify(reachedTenant)}, not ${expected.id}`);
      }
      const attributes = call.body.Attributes as Record<string, string> | undefined;
      if (
        expected.id === 'acme' &&
        (attributes?.customerTier !== 'gold' || attributes.accountId !== 'acme-account-7')
      ) {
        problems.push(`${label}: token claims not applied over the client's: ${JSON.stringify(attributes)}`);
      }
      if (expected.id === 'globex' && combo.jwt === 'globex' && call.body.CustomerId !== 'globex-customer-1') {
        problems.push(`${label}: customerId claim not applied`);
      }
    }
    expect(problems).toEqual([]);
    expect(combos.length).toBe(5 * 5 * 4 * 7);
    // Every request that should reach Connect did, once, and nothing else did.
    expect(h.simulator.received.length).toBe(reached);
    expect(reached).toBeGreaterThan(20);
    expect(h.simulator.stsCalls.length).toBe(1);
  });
});
