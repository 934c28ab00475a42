/** Message content types a chat can support, named as in the GraphQL enum. */
export const CHAT_CONTENT_TYPES = [
  'TEXT_PLAIN',
  'TEXT_MARKDOWN',
  'APPLICATION_JSON',
  'INTERACTIVE',
  'INTERACTIVE_RESPONSE',
] as const;

export type ChatContentType = (typeof CHAT_CONTENT_TYPES)[number];

/** The MIME string Connect expects for each content type. */
export const CONTENT_TYPE_MIME: Readonly<Record<ChatContentType, string>> = {
  TEXT_PLAIN: 'text/plain',
  TEXT_MARKDOWN: 'text/markdown',
  APPLICATION_JSON: 'application/json',
  INTERACTIVE: 'application/vnd.amazonaws.connect.message.interactive',
  INTERACTIVE_RESPONSE: 'application/vnd.amazonaws.connect.message.interactive.response',
};

export const REHYDRATION_TYPES = ['ENTIRE_PAST_SESSION', 'FROM_SEGMENT'] as const;
export type RehydrationType = (typeof REHYDRATION_TYPES)[number];

export const RESPONSE_MODES = ['INCREMENTAL', 'COMPLETE'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];

export const DISCONNECT_PARTICIPANT_TYPES = ['AGENT'] as const;
export type DisconnectParticipantType = (typeof DISCONNECT_PARTICIPANT_TYPES)[number];
