import { createServer } from 'node:http';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { client, listen, target } from './reference.js';

/*
 * The benchmark's baseline: a bare node:http server doing the same StartChatContact call with the
 * same SDK client settings as the gateway (one pooled client, same timeouts and retry strategy),
 * and nothing else — no GraphQL, validation, tenancy, logging or limits.
 */
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { displayName?: string };
      const out = await client.send(
        new StartChatContactCommand({
          InstanceId: target.instanceId,
          ContactFlowId: target.contactFlowId,
          ParticipantDetails: { DisplayName: body.displayName ?? 'Bench' },
        }),
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          contactId: out.ContactId,
          participantId: out.ParticipantId,
          participantToken: out.ParticipantToken,
        }),
      );
    } catch {
      res.writeHead(502).end();
    }
  });
});
listen(server, 'baseline');
