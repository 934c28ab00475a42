import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { ConnectClient, StartChatContactCommand } from '@aws-sdk/client-connect';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectClientPool } from '../src/connect/client-pool.js';
import { createParticipantClientPool } from '../src/connect/participant-clients.js';

/*
 * The pooled clients' configuration keeps fast properties (src/connect/fast-config.ts): the SDK
 * copies it whole on every call, and a copy of a V8 hash-table object takes the slow path.
 * V8's own test, `%HasFastProperties`, reached through its natives syntax (tests only). A plain
 * client is the control: if V8 ever stops making the SDK's config a hash table, that test fails
 * and the workaround can go.
 */

setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean;

const STARTED = { ContactId: 'contact-1', ParticipantId: 'participant-1', ParticipantToken: 'token-1' };
const SENT = { Id: 'message-1', AbsoluteTime: '2026-12-03T10:00:00.000Z' };

describe('pooled SDK clients: a configuration with fast properties (real SDK, loopback server)', () => {
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(req.url?.includes('/participant/message') ? SENT : STARTED));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('control: the SDK alone leaves a client configuration as a hash table', () => {
    const plain = new ConnectClient({ region: 'eu-west-2', endpoint });
    expect(hasFastProperties(plain.config)).toBe(false);
    plain.destroy();
  });

  it('Connect and Participant Service clients: fast before and after calls, same settings, calls answer', async () => {
    const options = { endpoint, connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 1 };
    const connectPool = createConnectClientPool({
      ...options,
      defaultCredentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    });
    const participantPool = createParticipantClientPool(options);
    try {
      const connect = connectPool.clientFor({
        region: 'eu-west-2',
        instanceId: 'acme-instance',
        contactFlowId: 'acme-flow',
      });
      const participant = participantPool.clientFor('eu-west-2');
      for (const client of [connect, participant]) {
        expect(hasFastProperties(client.config)).toBe(true);
        expect(client.config.cacheMiddleware).toBe(true);
        expect(client.config.maxAttempts).toBeTypeOf('function');
        expect(await client.config.region()).toBe('eu-west-2');
      }
      for (let i = 0; i < 3; i++) {
        const started = await connect.send(
          new StartChatContactCommand({
            InstanceId: 'acme-instance',
            ContactFlowId: 'acme-flow',
            ParticipantDetails: { DisplayName: 'Ada' },
          }),
        );
        expect(started.ContactId).toBe('contact-1');
        const sent = await participant.send(
          new SendMessageCommand({ ConnectionToken: 'connection-1', ContentType: 'text/plain', Content: 'hi' }),
        );
        expect(sent.Id).toBe('message-1');
      }
      // The signer writes its region and service into the configuration on the first call.
      for (const client of [connect, participant]) expect(hasFastProperties(client.config)).toBe(true);
    } finally {
      connectPool.destroy();
      participantPool.destroy();
    }
  });
});
