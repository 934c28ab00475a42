import { createServer } from 'node:http';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { createConnectClientPool } from '../../src/connect/client-pool.js';

/*
 * The benchmark's baseline: a bare node:http server doing the same StartChatContact call with the
 * same SDK client settings as the gateway (one pooled client, same timeouts and retry strategy),
 * and nothing else — no GraphQL, validation, tenancy, logging or limits.
 * Env: PORT, BENCH_REGION, BENCH_INSTANCE_ID, BENCH_FLOW_ID, AWS_ENDPOINT_URL_CONNECT + credentials.
 */
const target = {
  region: process.env.BENCH_REGION ?? 'us-east-1',
  instanceId: process.env.BENCH_INSTANCE_ID ?? '',
  contactFlowId: process.env.BENCH_FLOW_ID ?? '',
};
const pool = createConnectClientPool({ connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 3 });
const client = pool.clientFor(target);

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
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ msg: 'baseline listening', port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
});
process.once('SIGTERM', () => {
  server.close();
  pool.destroy();
  process.exit(0);
});
