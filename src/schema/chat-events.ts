import { GraphQLError } from 'graphql';
import type { TranscriptItem } from '../chat/conversation.js';
import {
  ChatEndedError,
  ChatUnavailableError,
  InvalidInputError,
  RateLimitedError,
  StreamInterruptedError,
} from '../chat/errors.js';
import { positionOf } from '../chat/event-stream.js';
import { builder } from './builder.js';
import {
  ChatAttachmentItem,
  ChatEndedItem,
  ChatMessageItem,
  ChatParticipantJoinedItem,
  ChatParticipantLeftItem,
  ChatReceiptItem,
  ChatTransferItem,
  ChatTypingItem,
  kindOf,
} from './chat-items.js';
import { participantTokenError } from './participant-request.js';

/*
 * The chat's live events as a subscription (GraphQL over SSE): each item once, in order, resumable
 * with `after`. Errors of a stream are request errors (there is no result union to carry them):
 * each names its ChatError code in `extensions.code`.
 */

export const ChatEvent = builder.unionType('ChatEvent', {
  description: 'Something happened in the chat: its item.',
  types: [
    ChatMessageItem,
    ChatAttachmentItem,
    ChatTypingItem,
    ChatReceiptItem,
    ChatParticipantJoinedItem,
    ChatParticipantLeftItem,
    ChatTransferItem,
    ChatEndedItem,
  ],
  resolveType: (item) => kindOf(item) ?? null,
});

/** `after` as the stream hands IDs out: an item's ID, or a live-only item's `<ID>~<position>`. */
const AFTER_MAX = 600;
/** The position part names a transcript item: Connect's item IDs are 1-256 characters. */
const ITEM_ID_MAX = 256;

/** A stream's domain error as a request error with its code (the client resumes, starts again, or waits). */
function streamError(error: unknown): unknown {
  const tokenError = participantTokenError(error);
  if (tokenError) return tokenError;
  if (error instanceof ChatEndedError) {
    return new GraphQLError(error.message, { extensions: { code: error.code } });
  }
  if (error instanceof RateLimitedError) {
    return new GraphQLError(error.message, {
      extensions: { code: error.code, retryAfterSeconds: error.retryAfterSeconds },
    });
  }
  if (error instanceof StreamInterruptedError) {
    return new GraphQLError(error.message, {
      extensions: { code: 'STREAM_INTERRUPTED', retryAfterSeconds: error.retryAfterSeconds },
    });
  }
  if (error instanceof ChatUnavailableError) {
    return new GraphQLError(error.message, { extensions: { code: error.code, requestId: error.requestId } });
  }
  if (error instanceof InvalidInputError) {
    return new GraphQLError(error.message, {
      extensions: { code: 'BAD_USER_INPUT', fieldErrors: error.fieldErrors, http: { status: 400 } },
    });
  }
  return error;
}

/**
 * The use case's items as the schema shows them: only the kinds it has a type for, errors with
 * their codes. An iterator of its own, not a generator: a generator's return() waits for its
 * pending next(), which a quiet chat may never settle, so the client leaving would keep the
 * Connect socket and the stream's slots. Here return() aborts the stream at once.
 */
function asEvents(items: AsyncIterator<TranscriptItem, void, undefined>, leave: AbortController) {
  const iterator: AsyncIterableIterator<TranscriptItem> = {
    async next() {
      try {
        for (;;) {
          const next = await items.next();
          if (next.done) return { done: true, value: undefined };
          if (kindOf(next.value) !== undefined) return next;
        }
      } catch (error) {
        throw streamError(error);
      }
    },
    async return() {
      leave.abort();
      // Also returned, without waiting: a stream paused on an item it was handing over (a fill
      // answered after the client left) would otherwise keep its slots and shutdown entry.
      // The abort settles any pending read first, then the queued return runs its cleanup.
      items.return?.().catch(() => undefined);
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

builder.subscriptionType({
  fields: (t) => ({
    chatEvents: t.field({
      description:
        'The events of the chat of `x-participant-token`, live (GraphQL over SSE). `after`: the `id` of the last event you got, to resume with nothing lost; absent: from now on. Completes after ChatEndedItem.',
      type: ChatEvent,
      args: { after: t.arg.id() },
      subscribe: async (_root, args, ctx) => {
        try {
          const after = args.after == null ? undefined : String(args.after);
          const position = after === undefined ? undefined : positionOf(after);
          if (
            after !== undefined &&
            (after.length === 0 ||
              after.length > AFTER_MAX ||
              (position !== undefined && position.length > ITEM_ID_MAX))
          ) {
            throw new InvalidInputError([{ path: ['after'], message: 'Not an event ID of this chat.' }]);
          }
          // The client leaving ends the stream at once: Yoga returns the iterator (and the
          // server aborts the request's signal), either of which aborts the stream.
          const leave = new AbortController();
          const left = (ctx as unknown as { request?: Request }).request?.signal;
          // A client may leave while the context was built: its signal aborted before this listener.
          if (left?.aborted) leave.abort();
          else left?.addEventListener('abort', () => leave.abort(), { once: true });
          return asEvents(await ctx.chat.events({ after, signal: leave.signal }), leave);
        } catch (error) {
          throw streamError(error);
        }
      },
      resolve: (item) => item,
    }),
  }),
});
