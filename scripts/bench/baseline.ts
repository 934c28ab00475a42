import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { client, listen, participantClient, target } from './reference.js';

/*
 * The benchmark's baseline: a bare node:http server doing the same SDK calls with the same SDK
 * client settings as the gateway (one pooled client each, same timeouts and retry strategy), and
 * nothing else — no GraphQL, validation, tenancy, logging or limits. Routes:
 *   POST /         `{ displayName }` → StartChatContact
 *   POST /message  `{ content }` with `x-connection-token` → SendMessage (text/plain): the bare call
 *                  a client holding its connection token makes
 *   POST /connect  `{ participantToken }` → CreateParticipantConnection (CONNECTION_CREDENTIALS, connected,
 *                  as the gateway makes it): how the bench gets the connection tokens, never measured
 * With BENCH_IN_SITU=<work> (scripts/bench/in-situ.ts), that in-process work runs before each request.
 */

const inSitu = process.env.BENCH_IN_SITU
  ? await import('./in-situ-work.js').then(({ IN_SITU_WORK, isInSituWork }) => {
      const name = process.env.BENCH_IN_SITU ?? '';
      if (!isInSituWork(name)) throw new Error(`BENCH_IN_SITU: unknown work ${name}`);
      return IN_SITU_WORK[name];
    })
  : undefined;

type Handler = (body: Record<string, unknown>, req: IncomingMessage) => Promise<unknown>;

const startChat: Handler = async (body) => {
  const out = await client.send(
    new StartChatContactCommand({
      InstanceId: target.instanceId,
      ContactFlowId: target.contactFlowId,
      ParticipantDetails: { DisplayName: typeof body.displayName === 'string' ? body.displayName : 'Bench' },
    }),
  );
  return { contactId: out.ContactId, participantId: out.ParticipantId, participantToken: out.ParticipantToken };
};

const sendMessage: Handler = async (body, req) => {
  const out = await participantClient.send(
    new SendMessageCommand({
      ConnectionToken: String(req.headers['x-connection-token'] ?? ''),
      ContentType: 'text/plain',
      Content: typeof body.content === 'string' ? body.content : 'Bench',
    }),
  );
  return { id: out.Id, at: out.AbsoluteTime };
};

const connect: Handler = async (body) => {
  const out = await participantClient.send(
    new CreateParticipantConnectionCommand({
      ParticipantToken: String(body.participantToken ?? ''),
      Type: ['CONNECTION_CREDENTIALS'],
      ConnectParticipant: true,
    }),
  );
  return { connectionToken: out.ConnectionCredentials?.ConnectionToken };
};

// A Map, not an object literal: an object would answer `/__proto__`.
const routes = new Map<string, Handler>([
  ['/', startChat],
  ['/message', sendMessage],
  ['/connect', connect],
]);

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    if (inSitu) await inSitu();
    const route = routes.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const answer = JSON.stringify(await route(body, req));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer);
    } catch {
      res.writeHead(502).end();
    }
  });
});
listen(server, 'baseline');
