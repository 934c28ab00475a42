import { ChatEndedError, ChatUnavailableError, RateLimitedError } from '../chat/errors.js';
import type { ChatSessionView } from '../chat/session-state.js';
import { ChatQueueStatus } from './availability.js';
import { builder } from './builder.js';
import { asRequest } from './participant-request.js';

/* The customer's chat as it stands: for a page that reloads, or a second look at a started chat. */

export const ChatSessionState = builder.enumType('ChatSessionState', {
  values: {
    WAITING: { description: 'No agent is in the chat: it is queued (or back in a queue after a transfer).' },
    CONNECTED: { description: 'An agent is in the chat.' },
  } satisfies Record<ChatSessionView['state'], unknown>,
});

export const ChatSession = builder.objectRef<ChatSessionView>('ChatSession').implement({
  description: 'The chat of `x-participant-token`. An ended chat answers ChatEndedError instead.',
  fields: (t) => ({
    state: t.expose('state', { type: ChatSessionState }),
    contactId: t.exposeID('contactId', { description: 'The contact the chat is on now.' }),
    participantId: t.exposeID('participantId', {
      nullable: true,
      description: "The customer's participant ID (null only if Connect's transcript never shows the customer).",
    }),
    agentDisplayName: t.exposeString('agentDisplayName', {
      nullable: true,
      description: 'The name of the agent in the chat, while one is.',
    }),
    queue: t.field({
      type: ChatQueueStatus,
      nullable: true,
      description:
        'While WAITING: the place in the queue and the estimated wait (shared for a few seconds). Null when Connect gives none.',
      resolve: (session, _args, ctx) => (session.state === 'WAITING' ? ctx.chat.queueStatus(session.contactId) : null),
    }),
  }),
});

builder.queryFields((t) => ({
  chatSession: t.field({
    description: 'The chat of `x-participant-token`: whether an agent is in it, its contact and participant IDs.',
    type: ChatSession,
    errors: {
      types: [RateLimitedError, ChatUnavailableError, ChatEndedError],
      directResult: true,
      union: { name: 'ChatSessionResult' },
    },
    resolve: (_root, _args, ctx) => asRequest(() => ctx.chat.session()),
  }),
}));
