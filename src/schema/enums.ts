import {
  type ChatContentType as ChatContentTypeName,
  CONTENT_TYPE_MIME,
  DISCONNECT_PARTICIPANT_TYPES,
  REHYDRATION_TYPES,
  RESPONSE_MODES,
} from '../chat/content-types.js';
import { builder } from './builder.js';

export const ChatContentType = builder.enumType('ChatContentType', {
  description: 'A message content type; each maps to the MIME type Connect uses.',
  values: {
    TEXT_PLAIN: { value: 'TEXT_PLAIN', description: CONTENT_TYPE_MIME.TEXT_PLAIN },
    TEXT_MARKDOWN: { value: 'TEXT_MARKDOWN', description: CONTENT_TYPE_MIME.TEXT_MARKDOWN },
    APPLICATION_JSON: { value: 'APPLICATION_JSON', description: CONTENT_TYPE_MIME.APPLICATION_JSON },
    INTERACTIVE: { value: 'INTERACTIVE', description: CONTENT_TYPE_MIME.INTERACTIVE },
    INTERACTIVE_RESPONSE: { value: 'INTERACTIVE_RESPONSE', description: CONTENT_TYPE_MIME.INTERACTIVE_RESPONSE },
  } satisfies Record<ChatContentTypeName, { value: ChatContentTypeName; description: string }>,
});

export const RehydrationType = builder.enumType('RehydrationType', {
  description: 'How a persistent chat restores the earlier conversation.',
  values: REHYDRATION_TYPES,
});

export const ResponseMode = builder.enumType('ResponseMode', {
  description: 'How bot responses are delivered to the customer.',
  values: RESPONSE_MODES,
});

export const DisconnectOnCustomerExitParticipantType = builder.enumType('DisconnectOnCustomerExitParticipantType', {
  description: 'Who is disconnected when the customer leaves.',
  values: DISCONNECT_PARTICIPANT_TYPES,
});
