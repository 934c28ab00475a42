import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { loadTenantsFile, parseTenants } from '../src/tenants/tenants-file.js';

describe('config', () => {
  it('has defaults: simulator outside production, aws in production', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      connectMode: 'simulator',
      graphiql: true,
      tenantsFile: 'tenants.example.json',
    });
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ connectMode: 'aws', graphiql: false });
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', CONNECT_MODE: 'mock' })).toThrow(/PORT[\s\S]*CONNECT_MODE/);
  });
});

describe('tenants file', () => {
  const valid = {
    tenants: [
      { id: 'a', apiKeys: ['key-aaaa-1'], connect: { region: 'us-east-1', instanceId: 'i', contactFlowId: 'f' } },
    ],
  };

  it.each([
    [
      'a bad region',
      { ...valid.tenants[0], connect: { ...valid.tenants[0]!.connect, region: 'mars' } },
      'tenants[0].connect.region',
    ],
    [
      'an origin with a path',
      { ...valid.tenants[0], allowedOrigins: ['https://a.test/'] },
      'tenants[0].allowedOrigins[0]',
    ],
    [
      'a wildcard over a public suffix',
      { ...valid.tenants[0], allowedOrigins: ['https://*.com'] },
      'tenants[0].allowedOrigins[0]',
    ],
    [
      'a wildcard not leftmost',
      { ...valid.tenants[0], allowedOrigins: ['https://a.*.test'] },
      'tenants[0].allowedOrigins[0]',
    ],
    [
      'auth with both a secret and a JWKS',
      {
        ...valid.tenants[0],
        auth: { issuer: 'i', audience: 'a', secret: { env: 'S' }, jwksUrl: 'https://keys.test/jwks.json' },
      },
      'tenants[0].auth',
    ],
    [
      'a JWKS over plain http to a remote host',
      { ...valid.tenants[0], auth: { issuer: 'i', audience: 'a', jwksUrl: 'http://keys.test/jwks.json' } },
      'tenants[0].auth.jwksUrl',
    ],
    [
      'an external ID without a role',
      { ...valid.tenants[0], connect: { ...valid.tenants[0]!.connect, externalId: 'ext-123' } },
      'tenants[0].connect.externalId',
    ],
    [
      'a duration default above its max',
      { ...valid.tenants[0], chat: { chatDurationInMinutes: { default: 600, max: 120 } } },
      'tenants[0].chat.chatDurationInMinutes.default',
    ],
    [
      'content types without TEXT_PLAIN',
      { ...valid.tenants[0], chat: { supportedContentTypes: ['TEXT_MARKDOWN'] } },
      'tenants[0].chat.supportedContentTypes',
    ],
    ['an unknown field', { ...valid.tenants[0], instanceID: 'typo' }, 'tenants[0]'],
    ['no API key', { ...valid.tenants[0], apiKeys: [] }, 'tenants[0].apiKeys'],
  ])('names the path of %s', (_name, tenant, path) => {
    expect(() => parseTenants({ tenants: [tenant] }, () => undefined, 'x.json')).toThrow(`${path}:`);
  });

  it('refuses an API key shared by two tenants', () => {
    const second = { ...valid.tenants[0], id: 'b' };
    expect(() => parseTenants({ tenants: [valid.tenants[0], second] }, () => undefined)).toThrow(
      'tenants[1].apiKeys[0]: API key already used by tenants[0]',
    );
  });

  it('resolves secrets from the environment and names a missing one', () => {
    const withCredentials = {
      tenants: [
        {
          ...valid.tenants[0],
          connect: {
            ...valid.tenants[0]!.connect,
            credentials: { accessKeyId: { env: 'KEY_ID' }, secretAccessKey: { env: 'SECRET' } },
          },
        },
      ],
    };
    const env: Record<string, string> = { KEY_ID: 'AKIDEXAMPLE', SECRET: 's3cr3t' };
    expect(parseTenants(withCredentials, (n) => env[n]).tenants[0]?.connect.credentials).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 's3cr3t',
    });
    expect(() => parseTenants(withCredentials, () => undefined)).toThrow(
      'tenants[0].connect.credentials.accessKeyId: environment variable KEY_ID is not set',
    );
  });

  it('refuses an HS256 secret shorter than 32 bytes, naming the variable', () => {
    const withAuth = {
      tenants: [{ ...valid.tenants[0], auth: { issuer: 'i', audience: 'a', secret: { env: 'JWT_SECRET' } } }],
    };
    expect(() => parseTenants(withAuth, () => 'short')).toThrow(
      'tenants[0].auth.secret: environment variable JWT_SECRET must hold at least 32 bytes',
    );
  });

  it('accepts the complete tenants example of docs/tenants-and-auth.md', () => {
    const page = readFileSync('docs/tenants-and-auth.md', 'utf8');
    const example = [...page.matchAll(/```json\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .find((b) => b.includes('"tenants"'));
    const registry = parseTenants(JSON.parse(example ?? '{}'), () => undefined, 'docs/tenants-and-auth.md');
    expect(registry.tenants[0]).toMatchObject({
      connect: { role: { roleArn: 'arn:aws:iam::111122223333:role/ConnectChatGateway', externalId: 'acme-7d1e0c' } },
      auth: { required: true, key: { kind: 'jwks', algorithms: ['RS256', 'ES256'] } },
      policy: { attributes: { allow: ['orderId', 'utm_*'] }, chat: { persistentChat: false } },
    });
  });

  it('loads the committed example file', () => {
    expect(loadTenantsFile('tenants.example.json', () => undefined).demoApiKey).toBe('demo-public-key');
    expect(() => loadTenantsFile('no-such-file.json', () => undefined)).toThrow(
      /Cannot read tenants file no-such-file.json/,
    );
  });
});
