import {
  ChatCapacityExceededError,
  ChatClosedError,
  ChatEndedError,
  type ChatError as ChatErrorClass,
  ChatErrorCode as ChatErrorCodes,
  ChatUnavailableError,
  type FieldError as FieldErrorShape,
  InvalidInputError,
  RateLimitedError,
} from '../chat/errors.js';
import { builder } from './builder.js';

export const ChatErrorCode = builder.enumType('ChatErrorCode', {
  description: 'Stable code of a ChatError; switch on it, not on the message.',
  values: {
    INVALID_INPUT: { value: ChatErrorCodes.INVALID_INPUT, description: 'The input breaks a rule; see fieldErrors.' },
    RATE_LIMITED: {
      value: ChatErrorCodes.RATE_LIMITED,
      description: 'Too many chat starts or messages right now; retry after retryAfterSeconds.',
    },
    CHAT_CAPACITY_EXCEEDED: {
      value: ChatErrorCodes.CHAT_CAPACITY_EXCEEDED,
      description: 'The contact center has no free chat capacity.',
    },
    CHAT_UNAVAILABLE: {
      value: ChatErrorCodes.CHAT_UNAVAILABLE,
      description: 'Chat cannot be started now; quote requestId to support.',
    },
    CHAT_CLOSED: {
      value: ChatErrorCodes.CHAT_CLOSED,
      description: 'Chat is closed now (outside the hours of operation); see opensAt.',
    },
    CHAT_ENDED: {
      value: ChatErrorCodes.CHAT_ENDED,
      description: 'The chat is over (ended by the customer, the agent or Connect): start a new one.',
    },
  } as const,
});

export const ChatError = builder.interfaceRef<ChatErrorClass>('ChatError').implement({
  description: 'A failure the end user caused or must react to. The message is safe to show.',
  fields: (t) => ({
    code: t.field({ type: ChatErrorCode, resolve: (error) => error.code }),
    message: t.exposeString('message'),
  }),
});

export const FieldError = builder.objectRef<FieldErrorShape>('FieldError').implement({
  description: 'One broken input rule.',
  fields: (t) => ({
    path: t.stringList({
      description: 'Path of the offending value in the arguments, e.g. ["input", "attributes", "2", "key"].',
      resolve: (error) => [...error.path],
    }),
    message: t.exposeString('message', { description: 'What is wrong, for a person.' }),
  }),
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  description: 'The input was rejected before reaching Connect. Every problem is listed.',
  interfaces: [ChatError],
  isTypeOf: (value) => value instanceof InvalidInputError,
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldError], resolve: (error) => [...error.fieldErrors] }),
  }),
});

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description:
    "Too many chat starts: a gateway limit (per client IP, per tenant, or the AWS account's StartChatContact quota; nothing reached Connect), or Connect still throttles after retries. Try again after retryAfterSeconds.",
  interfaces: [ChatError],
  isTypeOf: (value) => value instanceof RateLimitedError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

builder.objectType(ChatCapacityExceededError, {
  name: 'ChatCapacityExceededError',
  description: "The tenant's Connect instance has reached its concurrent active chats quota.",
  interfaces: [ChatError],
  isTypeOf: (value) => value instanceof ChatCapacityExceededError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds', { nullable: true }) }),
});

builder.objectType(ChatUnavailableError, {
  name: 'ChatUnavailableError',
  description: 'The chat could not be started for a reason the caller cannot fix.',
  interfaces: [ChatError],
  isTypeOf: (value) => value instanceof ChatUnavailableError,
  fields: (t) => ({
    requestId: t.exposeString('requestId', {
      description: 'Quote this to support; the gateway log has the detail under it.',
    }),
  }),
});

builder.objectType(ChatEndedError, {
  name: 'ChatEndedError',
  description: 'The chat has ended: nothing more can be sent or read through it. Start a new chat.',
  interfaces: [ChatError],
  isTypeOf: (value) => value instanceof ChatEndedError,
  fields: () => ({}),
});

builder.objectType(ChatClosedError, {
  name: 'ChatClosedError',
  description: "Chat is closed now: the tenant's hours of operation say so, and nothing reached Connect.",
  interfaces: [ChatError],
  isTypeOf: (value) => value instanceof ChatClosedError,
  fields: (t) => ({
    opensAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When chat opens next (within a week), if known.',
      resolve: (error) => error.opensAt,
    }),
  }),
});

/** The domain error classes a chat start returns as union members. */
export const CHAT_ERROR_TYPES = [
  InvalidInputError,
  RateLimitedError,
  ChatCapacityExceededError,
  ChatUnavailableError,
  ChatClosedError,
];
