import { createServer } from 'node:http';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { createSchema, createYoga } from 'graphql-yoga';
import { client, listen, target } from './reference.js';

/*
 * The benchmark's second reference: the framework's floor. A minimal Yoga server (hand-written SDL,
 * default plugins, no logging) whose one resolver makes the same StartChatContact call with the same
 * SDK client settings as the gateway — no validation, tenancy, limits, logs or metrics.
 */
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

listen(createServer(yoga), 'naive-yoga');
