import { createServer } from 'node:http';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { createSchema, createYoga } from 'graphql-yoga';
import { createConnectClientPool } from '../../src/connect/client-pool.js';

/*
 * The benchmark's second reference: the framework's floor. A minimal Yoga server (hand-written SDL,
 * default plugins, no logging) whose one resolver makes the same StartChatContact call with the same
 * SDK client settings as the gateway — no validation, tenancy, limits, logs or metrics.
 * Env: as baseline.ts.
 */
const target = {
  region: process.env.BENCH_REGION ?? 'us-east-1',
  instanceId: process.env.BENCH_INSTANCE_ID ?? '',
  contactFlowId: process.env.BENCH_FLOW_ID ?? '',
};
const pool = createConnectClientPool({ connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 3 });
const client = pool.clientFor(target);

interface Input {
  readonly participantDetails: { readonly displayName: string };
}

const yoga = createYoga({
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      type Query { ok: Boolean }
      input ParticipantDetailsInput { displayName: String! }
      input StartChatContactInput { participantDetails: ParticipantDetailsInput! }
      type StartChatContactPayload { contactId: String! participantId: String! participantToken: String! }
      union StartChatContactResult = StartChatContactPayload
      type Mutation { startChatContact(input: StartChatContactInput!): StartChatContactResult! }
    `,
    resolvers: {
      StartChatContactResult: { __resolveType: () => 'StartChatContactPayload' },
      Mutation: {
        startChatContact: async (_root: unknown, { input }: { input: Input }) => {
          const out = await client.send(
            new StartChatContactCommand({
              InstanceId: target.instanceId,
              ContactFlowId: target.contactFlowId,
              ParticipantDetails: { DisplayName: input.participantDetails.displayName },
            }),
          );
          return { contactId: out.ContactId, participantId: out.ParticipantId, participantToken: out.ParticipantToken };
        },
      },
    },
  }),
  logging: false,
});

const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ msg: 'naive-yoga listening', port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
});
process.once('SIGTERM', () => {
  server.close();
  pool.destroy();
  process.exit(0);
});
