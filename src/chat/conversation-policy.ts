/*
 * The tenant's rules for the conversation, checked after the input's own rules (Connect's) and
 * before Connect is called: what a customer may send and share.
 */
import { CHAT_CONTENT_TYPES, type ChatContentType } from './content-types.js';
import { ATTACHMENT_CONTENT_TYPES, attachmentLimits } from './conversation-input.js';
import { InvalidInputError } from './errors.js';
import type { ChatPolicy } from './tenant.js';

/** The content types a customer may send in the tenant's chats. */
export function messageContentTypesOf(policy: ChatPolicy): readonly ChatContentType[] {
  return (policy.messageContentTypes ?? policy.supportedContentTypes ?? CHAT_CONTENT_TYPES).filter(
    (type) => type !== 'INTERACTIVE',
  );
}

/** What a customer may upload in the tenant's chats. */
export function attachmentRulesOf(policy: ChatPolicy) {
  return {
    enabled: policy.attachments.enabled,
    contentTypes: policy.attachments.contentTypes ?? [...ATTACHMENT_CONTENT_TYPES],
    maxSizeBytes: policy.attachments.maxSizeBytes ?? attachmentLimits.sizeBytes.max,
  };
}

/** Refuses a message whose content type the tenant does not accept. */
export function checkMessage(policy: ChatPolicy, contentType: ChatContentType): void {
  const allowed = messageContentTypesOf(policy);
  if (!allowed.includes(contentType)) {
    throw new InvalidInputError([
      { path: ['input', 'contentType'], message: `This chat accepts messages of type ${allowed.join(', ')}.` },
    ]);
  }
}

/** Refuses a file the tenant does not accept: attachments off, a type it excludes, or too large. */
export function checkAttachment(policy: ChatPolicy, upload: { contentType: string; sizeBytes: number }): void {
  const rules = attachmentRulesOf(policy);
  if (!rules.enabled) {
    throw new InvalidInputError([{ path: ['input'], message: 'This chat does not accept files.' }]);
  }
  const errors = [];
  if (!rules.contentTypes.includes(upload.contentType.toLowerCase())) {
    errors.push({ path: ['input', 'contentType'], message: `This chat accepts ${rules.contentTypes.join(', ')}.` });
  }
  if (upload.sizeBytes > rules.maxSizeBytes) {
    errors.push({
      path: ['input', 'sizeBytes'],
      message: `This chat accepts files of at most ${rules.maxSizeBytes} bytes.`,
    });
  }
  if (errors.length > 0) throw new InvalidInputError(errors);
}
