import { GraphQLError } from 'graphql';
import type {
  AttachmentLink,
  AttachmentUpload,
  SentItem,
  TranscriptItem,
  TranscriptPage,
} from '../chat/conversation.js';
import {
  AttachmentIdSchema,
  type CHAT_EVENT_TYPES,
  SendChatEventInputSchema,
  SendChatMessageInputSchema,
  StartChatAttachmentUploadInputSchema,
} from '../chat/conversation-input.js';
import {
  ChatEndedError,
  ChatUnavailableError,
  InvalidInputError,
  ParticipantTokenMissingError,
  ParticipantTokenRefusedError,
  RateLimitedError,
} from '../chat/errors.js';
import { builder } from './builder.js';
import { DateTime } from './contact.js';
import { ChatContentType } from './enums.js';

/*
 * The conversation after the start: the customer's messages, events, transcript and end, named
 * by the participant token (header `x-participant-token`) beside the tenant's key.
 */

/** A missing or refused participant token is a request error, like a missing or unknown key. */
async function asRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ParticipantTokenMissingError) {
      throw new GraphQLError(error.message, {
        extensions: { code: 'UNAUTHENTICATED', reason: 'PARTICIPANT_TOKEN_MISSING', http: { status: 401 } },
      });
    }
    if (error instanceof ParticipantTokenRefusedError) {
      throw new GraphQLError(error.message, {
        extensions: { code: 'UNAUTHENTICATED', reason: 'PARTICIPANT_TOKEN_INVALID', http: { status: 401 } },
      });
    }
    throw error;
  }
}

const CONVERSATION_ERROR_TYPES = [InvalidInputError, RateLimitedError, ChatUnavailableError, ChatEndedError];

export const ChatEventType = builder.enumType('ChatEventType', {
  description: 'What the customer signals.',
  values: {
    TYPING: { description: 'The customer is typing.' },
    MESSAGE_DELIVERED: { description: 'A message (messageId) reached the customer.' },
    MESSAGE_READ: { description: 'The customer read a message (messageId).' },
  } satisfies Record<(typeof CHAT_EVENT_TYPES)[number], unknown>,
});

export const ParticipantRole = builder.enumType('ParticipantRole', {
  values: ['CUSTOMER', 'AGENT', 'SYSTEM', 'CUSTOM_BOT', 'SUPERVISOR'] as const,
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

/** What a transcript item is, from Connect's item type and content type. */
function kindOf(item: TranscriptItem): string | undefined {
  const event = item.contentType?.replace(/^application\/vnd\.amazonaws\.connect\.event\./, '');
  if (item.type === 'MESSAGE') return 'ChatMessageItem';
  if (item.type === 'ATTACHMENT') return 'ChatAttachmentItem';
  if (item.type === 'TYPING' || event === 'typing') return 'ChatTypingItem';
  if (item.type === 'MESSAGE_DELIVERED' || item.type === 'MESSAGE_READ') return 'ChatReceiptItem';
  if (event === 'message.delivered' || event === 'message.read') return 'ChatReceiptItem';
  if (item.type === 'PARTICIPANT_JOINED' || event === 'participant.joined') return 'ChatParticipantJoinedItem';
  if (item.type === 'PARTICIPANT_LEFT' || event === 'participant.left') return 'ChatParticipantLeftItem';
  if (item.type === 'CHAT_ENDED' || event === 'chat.ended') return 'ChatEndedItem';
  if (item.type.startsWith('TRANSFER_') || event?.startsWith('transfer.')) return 'ChatTransferItem';
  return undefined;
}

export const ChatItem = builder.interfaceRef<TranscriptItem>('ChatItem').implement({
  description: 'One item of a chat, from either side.',
  resolveType: (item) => kindOf(item) ?? null,
  fields: (t) => ({
    id: t.exposeID('id'),
    at: t.expose('at', { type: DateTime }),
    participantRole: t.field({
      type: ParticipantRole,
      nullable: true,
      resolve: (item) => (item.participantRole as (typeof ParticipantRole)['$inferType'] | undefined) ?? null,
    }),
    displayName: t.exposeString('displayName', { nullable: true }),
  }),
});

/** An item whose kind is all it says (typing, joined, left, ended). */
const markerItem = (name: string, description: string) =>
  builder.objectRef<TranscriptItem>(name).implement({
    description,
    interfaces: [ChatItem],
    isTypeOf: (i) => kindOf(i as TranscriptItem) === name,
    fields: () => ({}),
  });

export const ChatMessageItem = builder.objectRef<TranscriptItem>('ChatMessageItem').implement({
  description: 'A message.',
  interfaces: [ChatItem],
  isTypeOf: (i) => kindOf(i as TranscriptItem) === 'ChatMessageItem',
  fields: (t) => ({
    content: t.string({ resolve: (i) => i.content ?? '' }),
    contentType: t.string({
      description: 'The MIME type, e.g. text/plain.',
      resolve: (i) => i.contentType ?? 'text/plain',
    }),
  }),
});

export const ChatAttachment = builder
  .objectRef<NonNullable<TranscriptItem['attachments']>[number]>('ChatAttachment')
  .implement({
    fields: (t) => ({
      attachmentId: t.exposeID('attachmentId'),
      name: t.exposeString('name', { nullable: true }),
      contentType: t.exposeString('contentType', { nullable: true }),
      status: t.exposeString('status', { nullable: true, description: 'APPROVED, REJECTED or IN_PROGRESS.' }),
    }),
  });

export const ChatAttachmentItem = builder.objectRef<TranscriptItem>('ChatAttachmentItem').implement({
  description: 'Files shared in the chat.',
  interfaces: [ChatItem],
  isTypeOf: (i) => kindOf(i as TranscriptItem) === 'ChatAttachmentItem',
  fields: (t) => ({ attachments: t.field({ type: [ChatAttachment], resolve: (i) => [...(i.attachments ?? [])] }) }),
});

export const ChatReceiptItem = builder.objectRef<TranscriptItem>('ChatReceiptItem').implement({
  description: 'A message was delivered to, or read by, a participant.',
  interfaces: [ChatItem],
  isTypeOf: (i) => kindOf(i as TranscriptItem) === 'ChatReceiptItem',
  fields: (t) => ({
    read: t.boolean({ resolve: (i) => i.type === 'MESSAGE_READ' || (i.contentType ?? '').endsWith('.read') }),
    messageId: t.id({
      nullable: true,
      resolve: (i) => {
        try {
          const id = (JSON.parse(i.content ?? '{}') as { messageId?: unknown }).messageId;
          return typeof id === 'string' ? id : null;
        } catch {
          return null;
        }
      },
    }),
  }),
});

export const ChatTransferItem = builder.objectRef<TranscriptItem>('ChatTransferItem').implement({
  description: 'The chat was transferred (or a transfer failed).',
  interfaces: [ChatItem],
  isTypeOf: (i) => kindOf(i as TranscriptItem) === 'ChatTransferItem',
  fields: (t) => ({
    succeeded: t.boolean({ resolve: (i) => !/FAILED|failed/.test(`${i.type} ${i.contentType ?? ''}`) }),
  }),
});

export const ChatTypingItem = markerItem('ChatTypingItem', 'A participant is typing.');
export const ChatParticipantJoinedItem = markerItem('ChatParticipantJoinedItem', 'A participant joined the chat.');
export const ChatParticipantLeftItem = markerItem('ChatParticipantLeftItem', 'A participant left the chat.');
export const ChatEndedItem = markerItem('ChatEndedItem', 'The chat ended.');

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

export const StartChatAttachmentUploadInput = builder.inputType('StartChatAttachmentUploadInput', {
  fields: (t) => ({
    name: t.string({
      required: true,
      description:
        'The file name, 1-256 characters, ending in a type Connect accepts: .csv .doc .docx .heic .jfif .jpeg .jpg .mov .mp4 .pdf .png .ppt .pptx .rtf .txt .wav .xls .xlsx.',
    }),
    contentType: t.string({
      required: true,
      description: 'The MIME type of one of those file types, e.g. application/pdf or image/png.',
    }),
    sizeBytes: t.int({ required: true, description: 'The exact size of the file: 1 byte to 20 MB (20971520).' }),
    clientToken: t.string({
      description: 'Idempotency: a retry with the same token starts no second upload. At most 500 characters.',
    }),
  }),
});

export const HttpHeader = builder.objectRef<{ name: string; value: string }>('HttpHeader').implement({
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }),
});

export const StartChatAttachmentUploadPayload = builder
  .objectRef<AttachmentUpload>('StartChatAttachmentUploadPayload')
  .implement({
    description:
      'PUT the file to `uploadUrl` with exactly `headersToInclude` before `expiresAt`, then completeChatAttachmentUpload.',
    fields: (t) => ({
      attachmentId: t.exposeID('attachmentId'),
      uploadUrl: t.exposeString('uploadUrl', {
        description: 'A presigned URL: treat it as a secret until it expires.',
      }),
      headersToInclude: t.field({
        type: [HttpHeader],
        resolve: (u) => Object.entries(u.headersToInclude).map(([name, value]) => ({ name, value })),
      }),
      expiresAt: t.expose('expiresAt', { type: DateTime }),
    }),
  });

export const CompleteChatAttachmentUploadPayload = builder
  .objectRef<{ attachmentId: string }>('CompleteChatAttachmentUploadPayload')
  .implement({
    description: 'The attachment is complete: it is in the transcript (a ChatAttachmentItem).',
    fields: (t) => ({ attachmentId: t.exposeID('attachmentId') }),
  });

export const ChatAttachmentUrl = builder.objectRef<AttachmentLink>('ChatAttachmentUrl').implement({
  description: 'Where to download an attachment, until `expiresAt`.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'A presigned URL: treat it as a secret until it expires.' }),
    expiresAt: t.expose('expiresAt', { type: DateTime }),
  }),
});

/** An attachment ID argument, checked as Connect shapes it. */
function attachmentIdOf(value: string | number): string {
  const id = String(value);
  const checked = AttachmentIdSchema.safeParse(id);
  if (!checked.success) {
    throw new InvalidInputError([{ path: ['attachmentId'], message: checked.error.issues[0]?.message ?? 'Invalid.' }]);
  }
  return id;
}

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
  chatAttachmentUrl: t.field({
    description: 'A download URL of a completed attachment of the chat of `x-participant-token`.',
    type: ChatAttachmentUrl,
    errors: { types: CONVERSATION_ERROR_TYPES, directResult: true, union: { name: 'ChatAttachmentUrlResult' } },
    args: { attachmentId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => asRequest(async () => ctx.chat.attachmentUrl(attachmentIdOf(args.attachmentId))),
  }),
}));

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
  startChatAttachmentUpload: t.field({
    description:
      'Starts sharing a file in the chat of `x-participant-token`: where to PUT its bytes. Refused before Connect when its type or size is not accepted.',
    type: StartChatAttachmentUploadPayload,
    errors: {
      types: CONVERSATION_ERROR_TYPES,
      directResult: true,
      union: { name: 'StartChatAttachmentUploadResult' },
    },
    args: {
      input: t
        .arg({ type: StartChatAttachmentUploadInput, required: true })
        .validate(StartChatAttachmentUploadInputSchema),
    },
    resolve: (_root, { input }, ctx) => asRequest(() => ctx.chat.startAttachmentUpload(input)),
  }),
  completeChatAttachmentUpload: t.field({
    description: 'Completes an uploaded file: it joins the transcript of the chat of `x-participant-token`.',
    type: CompleteChatAttachmentUploadPayload,
    errors: {
      types: CONVERSATION_ERROR_TYPES,
      directResult: true,
      union: { name: 'CompleteChatAttachmentUploadResult' },
    },
    args: { attachmentId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      asRequest(async () => {
        const attachmentId = attachmentIdOf(args.attachmentId);
        await ctx.chat.completeAttachmentUpload(attachmentId);
        return { attachmentId };
      }),
  }),
}));
