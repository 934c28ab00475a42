import { createServer } from 'node:http';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { createSchema, createYoga } from 'graphql-yoga';
import { createConnectClientPool } from '../../src/connect/client-pool.js';

const target = { region: 'us-east-1', instanceId: 'i', contactFlowId: 'f' };
const pool = createConnectClientPool({ connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 3 });
const client = pool.clientFor(target);
const yoga = createYoga({
  schema: createSchema({
    typeDefs: `type Query { x: Int } input PD { displayName: String! } input I { participantDetails: PD! }
    type StartChatContactPayload { contactId: String participantToken: String } union R = StartChatContactPayload
    type Mutation { startChatContact(input: I!): R }`,
    resolvers: {
      R: { __resolveType: () => 'StartChatContactPayload' },
      Mutation: {
        startChatContact: async (_: unknown, { input }: { input: { participantDetails: { displayName: string } } }) => {
          const out = await client.send(
            new StartChatContactCommand({
              InstanceId: 'i',
              ContactFlowId: 'f',
              ParticipantDetails: { DisplayName: input.participantDetails.displayName },
            }),
          );
          return { contactId: out.ContactId, participantToken: out.ParticipantToken };
        },
      },
    },
  }),
  logging: false,
});
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(
    `${JSON.stringify({ msg: 'gateway listening', port: typeof a === 'object' && a ? a.port : 0 })}\n`,
  );
});
process.once('SIGTERM', () => {
  server.close();
  process.exit(0);
});
