import type { SentItem } from '../chat/conversation.js';
import {
  type CHAT_EVENT_TYPES,
  SendChatEventInputSchema,
  SendChatMessageInputSchema,
} from '../chat/conversation-input.js';
import { ChatEndedError, ChatUnavailableError, RateLimitedError } from '../chat/errors.js';
import { builder } from './builder.js';
import { DateTime } from './contact.js';
import { ChatContentType } from './enums.js';
import { asRequest, CONVERSATION_ERROR_TYPES } from './participant-request.js';

/*
 * The customer's side of the conversation after the start: messages, typing and receipts, and
 * leaving; the chat is named by the participant token (header `x-participant-token`).
 */

export const ChatEventType = builder.enumType('ChatEventType', {
  description: 'What the customer signals.',
  values: {
    TYPING: { description: 'The customer is typing.' },
    MESSAGE_DELIVERED: { description: 'A message (messageId) reached the customer.' },
    MESSAGE_READ: { description: 'The customer read a message (messageId).' },
  } satisfies Record<(typeof CHAT_EVENT_TYPES)[number], unknown>,
});

export const SendChatMessageInput = builder.inputType('SendChatMessageInput', {
  fields: (t) => ({
    contentType: t.field({
      type: ChatContentType,
      required: true,
      description: 'Not INTERACTIVE (an agent template).',
    }),
    content: t.string({
      required: true,
      description: 'At most 1024 characters for text and markdown, 12000 for JSON, 12288 for an interactive response.',
    }),
    clientToken: t.string({
      description: 'Idempotency: a retry with the same token sends no second message. At most 500 characters.',
    }),
  }),
});

export const SendChatEventInput = builder.inputType('SendChatEventInput', {
  fields: (t) => ({
    type: t.field({ type: ChatEventType, required: true }),
    messageId: t.id({ description: 'The message a receipt is for: required for MESSAGE_DELIVERED and MESSAGE_READ.' }),
  }),
});

const SentItemRef = (name: string, description: string) =>
  builder.objectRef<SentItem>(name).implement({
    description,
    fields: (t) => ({
      id: t.exposeID('id', { description: "Connect's ID of the item." }),
      at: t.expose('at', { type: DateTime }),
    }),
  });

export const SendChatMessagePayload = SentItemRef('SendChatMessagePayload', 'The message Connect accepted.');
export const SendChatEventPayload = SentItemRef('SendChatEventPayload', 'The event Connect accepted.');

export const EndChatPayload = builder.objectRef<{ ended: true }>('EndChatPayload').implement({
  description: 'The customer left: the chat has ended.',
  fields: (t) => ({ ended: t.boolean({ resolve: () => true }) }),
});

builder.mutationFields((t) => ({
  sendChatMessage: t.field({
    description: "Sends the customer's message to the chat of `x-participant-token`.",
    type: SendChatMessagePayload,
    errors: { types: CONVERSATION_ERROR_TYPES, directResult: true, union: { name: 'SendChatMessageResult' } },
    args: { input: t.arg({ type: SendChatMessageInput, required: true }).validate(SendChatMessageInputSchema) },
    resolve: (_root, { input }, ctx) => asRequest(() => ctx.chat.sendMessage(input)),
  }),
  sendChatEvent: t.field({
    description: 'Typing, or a delivered/read receipt, in the chat of `x-participant-token`.',
    type: SendChatEventPayload,
    errors: { types: CONVERSATION_ERROR_TYPES, directResult: true, union: { name: 'SendChatEventResult' } },
    args: { input: t.arg({ type: SendChatEventInput, required: true }).validate(SendChatEventInputSchema) },
    resolve: (_root, { input }, ctx) => asRequest(() => ctx.chat.sendEvent(input)),
  }),
  endChat: t.field({
    description: 'The customer leaves the chat of `x-participant-token`: it ends for everyone.',
    type: EndChatPayload,
    errors: {
      types: [RateLimitedError, ChatUnavailableError, ChatEndedError],
      directResult: true,
      union: { name: 'EndChatResult' },
    },
    resolve: (_root, _args, ctx) =>
      asRequest(async () => {
        await ctx.chat.endChat();
        return { ended: true as const };
      }),
  }),
}));
