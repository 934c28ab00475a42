import type { TranscriptItem } from '../chat/conversation.js';
import { builder } from './builder.js';
import { DateTime } from './contact.js';

/*
 * The items of a chat (messages, attachments, typing, receipts, joins, leaves, transfers, the
 * end), as the transcript and the live events show them.
 */

export const ParticipantRole = builder.enumType('ParticipantRole', {
  values: ['CUSTOMER', 'AGENT', 'SYSTEM', 'CUSTOM_BOT', 'SUPERVISOR'] as const,
});

/** What a transcript item is, from Connect's item type and content type. */
export function kindOf(item: TranscriptItem): string | undefined {
  const event = item.contentType?.replace(/^application\/vnd\.amazonaws\.connect\.event\./, '');
  if (item.type === 'MESSAGE') return 'ChatMessageItem';
  if (item.type === 'ATTACHMENT') return 'ChatAttachmentItem';
  if (item.type === 'TYPING' || event === 'typing') return 'ChatTypingItem';
  if (item.type === 'MESSAGE_DELIVERED' || item.type === 'MESSAGE_READ' || item.receipt) return 'ChatReceiptItem';
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
    read: t.boolean({
      resolve: (i) => i.receipt?.read ?? (i.type === 'MESSAGE_READ' || (i.contentType ?? '').endsWith('.read')),
    }),
    messageId: t.id({
      nullable: true,
      resolve: (i) => {
        if (i.receipt) return i.receipt.messageId;
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
