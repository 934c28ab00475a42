/**
 * Rules the Participant Service enforces beyond the model's shapes, as its documentation states
 * them (the members' documentation in the model, and Connect's feature specifications for
 * attachments). Each returns the message of the ValidationException Connect would answer.
 */
import { EVENT_TYPES } from './chats.js';

/**
 * SendMessage's content types and the length limit of each (SendMessageRequest.Content's
 * documentation: 1024 for text, 12000 for JSON, 12288 for an interactive response; UTF-16 units).
 */
export const MESSAGE_CONTENT_LIMITS: Readonly<Record<string, number>> = {
  'text/plain': 1024,
  'text/markdown': 1024,
  'application/json': 12000,
  'application/vnd.amazonaws.connect.message.interactive.response': 12288,
};

/** SendEvent's content types (SendEventRequest.ContentType's documentation). */
export const SENDABLE_EVENT_TYPES: readonly string[] = [
  EVENT_TYPES.typing,
  EVENT_TYPES.connectionAcknowledged,
  EVENT_TYPES.messageDelivered,
  EVENT_TYPES.messageRead,
];

/** The largest attachment Connect accepts (feature specifications: 20 MB). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * The attachment types of Connect's feature specifications (.csv .doc .docx .heic .jfif .jpeg
 * .jpg .mov .mp4 .pdf .png .ppt .pptx .rtf .txt .wav .xls .xlsx), as MIME types.
 */
export const ATTACHMENT_CONTENT_TYPES: readonly string[] = [
  'text/csv',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'image/heic',
  'image/jpeg',
  'video/quicktime',
  'video/mp4',
  'application/pdf',
  'image/png',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/rtf',
  'text/plain',
  'audio/wav',
  'audio/x-wav',
  'audio/vnd.wave',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** SendMessage: a content type Connect sends and the contact supports, within its length. */
export function checkMessage(contentType: string, content: string, supported: readonly string[]): string | undefined {
  const limit = MESSAGE_CONTENT_LIMITS[contentType];
  if (limit === undefined) {
    return `Unsupported content type ${contentType}: expected one of ${Object.keys(MESSAGE_CONTENT_LIMITS).join(', ')}.`;
  }
  if (!supported.includes(contentType)) {
    return `Content type ${contentType} is not in the contact's SupportedMessagingContentTypes (${supported.join(', ')}).`;
  }
  if (content.length > limit) return `Content of type ${contentType} is longer than ${limit} characters.`;
  return undefined;
}

/** SendEvent: a content type a participant may send; a receipt names its message as `{"messageId":"..."}`. */
export function checkEvent(contentType: string, content: string | undefined): string | { messageId?: string } {
  if (!SENDABLE_EVENT_TYPES.includes(contentType)) {
    return `Unsupported event content type ${contentType}: expected one of ${SENDABLE_EVENT_TYPES.join(', ')}.`;
  }
  if (contentType !== EVENT_TYPES.messageDelivered && contentType !== EVENT_TYPES.messageRead) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(content ?? '');
  } catch {
    return 'Content of a message receipt must be JSON such as {"messageId":"..."}.';
  }
  const messageId = (parsed as { messageId?: unknown } | null)?.messageId;
  if (typeof messageId !== 'string' || messageId.length === 0) {
    return 'Content of a message receipt must name the message: {"messageId":"..."}.';
  }
  return { messageId };
}

/** StartAttachmentUpload: a supported file type within Connect's size limit. */
export function checkAttachment(contentType: string, sizeInBytes: number): string | undefined {
  if (!ATTACHMENT_CONTENT_TYPES.includes(contentType.toLowerCase())) {
    return `Unsupported attachment content type ${contentType}.`;
  }
  if (sizeInBytes > MAX_ATTACHMENT_BYTES) {
    return `AttachmentSizeInBytes ${sizeInBytes} exceeds the limit of ${MAX_ATTACHMENT_BYTES} bytes (20 MB).`;
  }
  return undefined;
}
