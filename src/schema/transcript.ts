import type { TranscriptItem, TranscriptPage } from '../chat/conversation.js';
import { InvalidInputError } from '../chat/errors.js';
import { builder } from './builder.js';
import { ChatItem, kindOf } from './chat-items.js';
import { asRequest, CONVERSATION_ERROR_TYPES } from './participant-request.js';

/* The chat's transcript as a Relay connection of ChatItem, read forward or back, with opaque cursors. */

/** A cursor: where the edge is and which way the page went; opaque to clients. */
interface Cursor {
  readonly direction: 'FORWARD' | 'BACKWARD';
  readonly id: string;
}
const encodeCursor = (cursor: Cursor) =>
  Buffer.from(JSON.stringify([cursor.direction[0], cursor.id])).toString('base64url');
function decodeCursor(value: string, path: string): Cursor {
  try {
    const [d, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [unknown, unknown];
    if ((d === 'F' || d === 'B') && typeof id === 'string' && id.length > 0 && id.length <= 256) {
      return { direction: d === 'F' ? 'FORWARD' : 'BACKWARD', id };
    }
  } catch {
    // Reported below.
  }
  throw new InvalidInputError([{ path: [path], message: 'Not a cursor of this transcript.' }]);
}

interface TranscriptConnection {
  readonly page: TranscriptPage;
  readonly direction: 'FORWARD' | 'BACKWARD';
}

export const ChatItemEdge = builder
  .objectRef<{ node: TranscriptItem; direction: Cursor['direction'] }>('ChatItemEdge')
  .implement({
    fields: (t) => ({
      cursor: t.string({ resolve: (edge) => encodeCursor({ direction: edge.direction, id: edge.node.id }) }),
      node: t.field({ type: ChatItem, resolve: (edge) => edge.node }),
    }),
  });

export const ChatPageInfo = builder.objectRef<TranscriptConnection>('ChatPageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.boolean({ resolve: (c) => c.direction === 'FORWARD' && c.page.nextToken !== undefined }),
    hasPreviousPage: t.boolean({ resolve: (c) => c.direction === 'BACKWARD' && c.page.nextToken !== undefined }),
    startCursor: t.string({
      nullable: true,
      resolve: (c) => (c.page.items[0] ? encodeCursor({ direction: 'BACKWARD', id: c.page.items[0].id }) : null),
    }),
    endCursor: t.string({
      nullable: true,
      resolve: (c) => {
        const last = c.page.items.at(-1);
        return last ? encodeCursor({ direction: 'FORWARD', id: last.id }) : null;
      },
    }),
  }),
});

export const ChatTranscript = builder.objectRef<TranscriptConnection>('ChatTranscript').implement({
  description:
    'A page of the chat, oldest first. `first`/`after` reads forward; `last`/`before` reads back from the newest.',
  fields: (t) => ({
    edges: t.field({
      type: [ChatItemEdge],
      resolve: (c) =>
        c.page.items.filter((i) => kindOf(i) !== undefined).map((node) => ({ node, direction: c.direction })),
    }),
    pageInfo: t.field({ type: ChatPageInfo, resolve: (c) => c }),
  }),
});

const PAGE_DEFAULT = 15;

builder.queryFields((t) => ({
  chatTranscript: t.field({
    description: 'The chat of `x-participant-token`, both sides, a page at a time (at most 100 items).',
    type: ChatTranscript,
    errors: { types: CONVERSATION_ERROR_TYPES, directResult: true, union: { name: 'ChatTranscriptResult' } },
    args: {
      first: t.arg.int(),
      after: t.arg.string(),
      last: t.arg.int(),
      before: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      asRequest(async () => {
        const forward = args.first != null || args.after != null;
        const size = (forward ? args.first : args.last) ?? PAGE_DEFAULT;
        const field = forward ? 'first' : 'last';
        if (!Number.isInteger(size) || size < 1 || size > 100) {
          throw new InvalidInputError([{ path: [field], message: 'A page holds 1-100 items.' }]);
        }
        if (forward && (args.last != null || args.before != null)) {
          throw new InvalidInputError([
            { path: ['last'], message: 'Read forward (first/after) or back (last/before), not both.' },
          ]);
        }
        const cursorArg = forward ? args.after : args.before;
        const cursor = cursorArg ? decodeCursor(cursorArg, forward ? 'after' : 'before') : undefined;
        const direction = forward ? 'FORWARD' : 'BACKWARD';
        const page = await ctx.chat.transcript({
          maxResults: size,
          direction,
          sortOrder: 'ASCENDING',
          afterItemId: cursor?.id,
        });
        return { page, direction } satisfies TranscriptConnection;
      }),
  }),
}));
