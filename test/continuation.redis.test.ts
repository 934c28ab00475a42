import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATOR_CREDENTIALS, type Simulator } from '../src/simulator/index.js';
import { startFixtureSimulator } from './helpers/fixture-simulator.js';
import { signHs256 } from './helpers/jwt.js';
import { type GatewayProcess, startGatewayProcess } from './helpers/process.js';
import { type RedisServer, startRedisServer } from './helpers/redis.js';

/*
 * Continue on another device across two gateway processes sharing Redis (each a replica a load
 * balancer may pick), against one simulator: the chat started through one is picked up through
 * the other by the same `sub`; what Redis holds names neither the customer nor the token.
 */

const SECRET = 'hs256-tenant-secret-0123456789abcdef0123';
const claims = { issuer: 'https://hs.test', audience: 'chat' };
const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  __typename ... on StartChatContactPayload { contactId participantToken } } }`;
const SESSION = `{ chatSession { __typename ... on ChatSession { contactId } } }`;

describe('continue on another device, two gateway processes and Redis', () => {
  let redis: RedisServer;
  let simulator: Simulator;
  let dir: string;
  const gateways: GatewayProcess[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    simulator = await startFixtureSimulator({ agent: { enabled: false } });
    dir = mkdtempSync(join(tmpdir(), 'continuation-'));
    const tenants = join(dir, 'tenants.json');
    writeFileSync(
      tenants,
      JSON.stringify({
        tenants: [
          {
            id: 'hs',
            apiKeys: ['hs-public-key'],
            connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
            auth: { required: true, ...claims, secret: { env: 'HS_SECRET' } },
          },
        ],
      }),
    );
    const env = {
      NODE_ENV: 'production',
      CONNECT_MODE: 'aws',
      TENANTS_FILE: tenants,
      AWS_ENDPOINT_URL_CONNECT: simulator.url,
      AWS_ENDPOINT_URL_CONNECTPARTICIPANT: simulator.url,
      AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
      REDIS_URL: redis.url,
      CONTINUATION_KEY: randomBytes(32).toString('base64'),
      HS_SECRET: SECRET,
    };
    for (let i = 0; i < 2; i += 1) gateways.push(await startGatewayProcess(env));
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop('SIGTERM');
    await simulator?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (gateway: GatewayProcess, query: string, subject: string) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'hs-public-key',
        authorization: `Bearer ${await signHs256(SECRET, {}, { ...claims, subject })}`,
      },
      body: JSON.stringify({ query }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: bodies are read as each step needs.
    return { status: response.status, body: (await response.json()) as any };
  };

  it('started through one replica, picked up through the other; Redis holds only sealed records', async () => {
    const [first, second] = gateways as [GatewayProcess, GatewayProcess];
    const started = (await post(first, START, 'alice@example.com')).body.data.startChatContact;
    expect(started.__typename).toBe('StartChatContactPayload');
    expect((await post(second, SESSION, 'alice@example.com')).body.data.chatSession).toEqual({
      __typename: 'ChatSession',
      contactId: started.contactId,
    });
    const stranger = await post(second, SESSION, 'mallory@example.com');
    expect(stranger.status).toBe(401);

    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('connect-chat-gateway:chat:*');
      expect(keys).toHaveLength(1);
      const stored = `${keys.join()} ${await client.get(keys[0] as string)}`;
      for (const secret of [started.participantToken, 'alice', started.contactId]) expect(stored).not.toContain(secret);
      expect(await client.ttl(keys[0] as string)).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
    for (const gateway of gateways) expect(gateway.lines.join('\n')).not.toContain(started.participantToken);
  });
});
