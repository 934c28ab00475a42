import { GraphQLError, Kind } from 'graphql';
import { type ChatContact as ChatContactShape, contactState } from '../chat/contact.js';
import { ContactReadNotAllowedError } from '../chat/contact-loader.js';
import { ChatError, ChatUnavailableError, RateLimitedError } from '../chat/errors.js';
import type { Context } from '../context.js';
import { builder } from './builder.js';
import { isoInstant } from './iso-instant.js';

export const DateTime = builder.scalarType('DateTime', {
  description: 'An instant, as an RFC 3339 string in UTC (e.g. "2026-11-23T09:30:00.000Z").',
  specifiedByURL: 'https://scalars.graphql.org/chillicream/date-time.html',
  serialize: isoInstant,
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 string.');
    return date;
  },
  parseLiteral: (ast) => {
    const date = ast.kind === Kind.STRING ? new Date(ast.value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 string.');
    return date;
  },
});

export const ChatContactState = builder.enumType('ChatContactState', {
  description: 'Where a chat is in its life, from the timestamps Connect reports.',
  values: {
    INITIATED: { description: 'Started; not yet in a queue.' },
    QUEUED: { description: 'Waiting in a queue for an agent.' },
    CONNECTED_TO_AGENT: { description: 'An agent has joined.' },
    DISCONNECTED: { description: 'Ended.' },
  } as const,
});

/*
 * Channel, initiation method and disconnect reason stay strings: Connect adds values to these
 * lists, and an enum here would turn each new value into an error for every reader.
 */
export const ChatContact = builder.objectRef<ChatContactShape>('ChatContact').implement({
  description:
    "A contact of the calling tenant's Connect instance (DescribeContact). Other subgraphs hold contact IDs and resolve the rest here; readable by the trusted router only.",
  fields: (t) => ({
    contactId: t.exposeID('contactId'),
    state: t.field({ type: ChatContactState, resolve: (c) => contactState(c) }),
    channel: t.exposeString('channel', { nullable: true, description: 'VOICE, CHAT, TASK or EMAIL.' }),
    initiationMethod: t.exposeString('initiationMethod', {
      nullable: true,
      description: 'API for chats started here.',
    }),
    initiatedAt: t.expose('initiatedAt', { type: DateTime, nullable: true }),
    enqueuedAt: t.expose('enqueuedAt', { type: DateTime, nullable: true }),
    connectedToAgentAt: t.expose('connectedToAgentAt', { type: DateTime, nullable: true }),
    disconnectedAt: t.expose('disconnectedAt', { type: DateTime, nullable: true }),
    lastUpdatedAt: t.expose('lastUpdatedAt', { type: DateTime, nullable: true }),
    queueId: t.exposeID('queueId', { nullable: true }),
    agentId: t.exposeID('agentId', { nullable: true }),
    disconnectReason: t.exposeString('disconnectReason', {
      nullable: true,
      description: 'As Connect reports it, e.g. CUSTOMER_DISCONNECT, AGENT_DISCONNECT, EXPIRED.',
    }),
    relatedContactId: t.exposeID('relatedContactId', { nullable: true }),
    previousContactId: t.exposeID('previousContactId', { nullable: true }),
    initialContactId: t.exposeID('initialContactId', { nullable: true }),
  }),
});

/** A domain failure while reading a contact, as a GraphQL error on that path with a safe message. */
function contactReadError(error: unknown): unknown {
  if (error instanceof ContactReadNotAllowedError) {
    return new GraphQLError(error.message, { extensions: { code: 'FORBIDDEN', reason: 'CONTACT_READ_NOT_ALLOWED' } });
  }
  if (error instanceof RateLimitedError) {
    return new GraphQLError(`Connect is throttling contact reads. Try again in ${error.retryAfterSeconds} s.`, {
      extensions: { code: error.code, retryAfterSeconds: error.retryAfterSeconds },
    });
  }
  if (error instanceof ChatUnavailableError) {
    return new GraphQLError(`Contact details are unavailable right now. Quote request ID ${error.requestId}.`, {
      extensions: { code: error.code, requestId: error.requestId },
    });
  }
  if (error instanceof ChatError) return new GraphQLError(error.message, { extensions: { code: error.code } });
  return error;
}

/** An unknown contact: null on its path, with this error, never a failed request. */
function contactNotFound(): GraphQLError {
  return new GraphQLError("No such contact in this tenant's Connect instance.", { extensions: { code: 'NOT_FOUND' } });
}

/** Loads a contact of the calling tenant through the request's loader; unknown → an error on this path. */
export async function loadContact(contactId: string, ctx: Context): Promise<ChatContactShape> {
  let contact: ChatContactShape | null;
  try {
    contact = await ctx.chat.readContact(contactId);
  } catch (error) {
    throw contactReadError(error);
  }
  if (!contact) throw contactNotFound();
  return contact;
}

builder.asEntity(ChatContact, {
  key: builder.selection<{ contactId: string }>('contactId'),
  // Resolves to the Error rather than rejecting: @apollo/subgraph maps representations one by one
  // and throws on a bad one mid-way, leaving the promises made so far unobserved, and an
  // unobserved rejection kills the process. graphql-js turns a resolved Error into an error on
  // that entity's path all the same.
  resolveReference: (reference, ctx) =>
    loadContact(reference.contactId, ctx).catch((error: unknown) =>
      error instanceof Error ? (error as never) : (new Error(String(error)) as never),
    ),
});
