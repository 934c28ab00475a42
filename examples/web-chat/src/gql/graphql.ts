/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A message content type; each maps to the MIME type Connect uses. */
export type ChatContentType =
  /** application/json */
  | 'APPLICATION_JSON'
  /** application/vnd.amazonaws.connect.message.interactive */
  | 'INTERACTIVE'
  /** application/vnd.amazonaws.connect.message.interactive.response */
  | 'INTERACTIVE_RESPONSE'
  /** text/markdown */
  | 'TEXT_MARKDOWN'
  /** text/plain */
  | 'TEXT_PLAIN';

/** Stable code of a ChatError; switch on it, not on the message. */
export type ChatErrorCode =
  /** The contact center has no free chat capacity. */
  | 'CHAT_CAPACITY_EXCEEDED'
  /** Chat is closed now (outside the hours of operation); see opensAt. */
  | 'CHAT_CLOSED'
  /** The chat is over (ended by the customer, the agent or Connect): start a new one. */
  | 'CHAT_ENDED'
  /** Chat cannot be started now; quote requestId to support. */
  | 'CHAT_UNAVAILABLE'
  /** The input breaks a rule; see fieldErrors. */
  | 'INVALID_INPUT'
  /** Too many chat starts or messages right now; retry after retryAfterSeconds. */
  | 'RATE_LIMITED';

/** What the customer signals. */
export type ChatEventType =
  /** A message (messageId) reached the customer. */
  | 'MESSAGE_DELIVERED'
  /** The customer read a message (messageId). */
  | 'MESSAGE_READ'
  /** The customer is typing. */
  | 'TYPING';

export type ChatMessageInput = {
  /** 1-16384 characters. */
  content: string;
  contentType: ChatContentType;
};

export type ChatSessionState =
  /** An agent is in the chat. */
  | 'CONNECTED'
  /** No agent is in the chat: it is queued (or back in a queue after a transfer). */
  | 'WAITING';

/** A contact attribute the flow can read. Keys: letters, digits, "_" and "-". */
export type ContactAttributeInput = {
  key: string;
  value: string;
};

/** Who is disconnected when the customer leaves. */
export type DisconnectOnCustomerExitParticipantType =
  | 'AGENT';

export type ParticipantConfigurationInput = {
  responseMode?: ResponseMode | null | undefined;
};

export type ParticipantDetailsInput = {
  /** Name shown to the agent, 1-256 characters. */
  displayName: string;
};

export type ParticipantRole =
  | 'AGENT'
  | 'CUSTOMER'
  | 'CUSTOM_BOT'
  | 'SUPERVISOR'
  | 'SYSTEM';

/** Continue an earlier chat. Both fields are needed. */
export type PersistentChatInput = {
  rehydrationType?: RehydrationType | null | undefined;
  /** Contact ID of the earlier chat. */
  sourceContactId?: string | null | undefined;
};

/** How a persistent chat restores the earlier conversation. */
export type RehydrationType =
  | 'ENTIRE_PAST_SESSION'
  | 'FROM_SEGMENT';

/** How bot responses are delivered to the customer. */
export type ResponseMode =
  | 'COMPLETE'
  | 'INCREMENTAL';

/** A segment attribute; keys 1-128 characters. */
export type SegmentAttributeInput = {
  key: string;
  value: SegmentAttributeValueInput;
};

/** Set exactly one of the members. */
export type SegmentAttributeValueInput = {
  valueInteger?: number | null | undefined;
  valueMap?: Array<SegmentAttributeInput> | null | undefined;
  /** At most 1024 characters. */
  valueString?: string | null | undefined;
};

export type SendChatEventInput = {
  /** The message a receipt is for: required for MESSAGE_DELIVERED and MESSAGE_READ. */
  messageId?: string | number | null | undefined;
  type: ChatEventType;
};

export type SendChatMessageInput = {
  /** Idempotency: a retry with the same token sends no second message. At most 500 characters. */
  clientToken?: string | null | undefined;
  /** At most 1024 characters for text and markdown, 12000 for JSON, 12288 for an interactive response. */
  content: string;
  /** Not INTERACTIVE (an agent template). */
  contentType: ChatContentType;
};

export type StartChatAttachmentUploadInput = {
  /** Idempotency: a retry with the same token starts no second upload. At most 500 characters. */
  clientToken?: string | null | undefined;
  /** The MIME type of one of those file types, e.g. application/pdf or image/png. */
  contentType: string;
  /** The file name, 1-256 characters, ending in a type Connect accepts: .csv .doc .docx .heic .jfif .jpeg .jpg .mov .mp4 .pdf .png .ppt .pptx .rtf .txt .wav .xls .xlsx. */
  name: string;
  /** The exact size of the file: 1 byte to 20 MB (20971520). */
  sizeBytes: number;
};

/** What the customer's chat client may say about the chat. Instance, flow and region come from the tenant. */
export type StartChatContactInput = {
  /** Contact attributes; at most 32768 UTF-8 bytes across all keys and values. */
  attributes?: Array<ContactAttributeInput> | null | undefined;
  /** 60-10080; Connect defaults to 1500. */
  chatDurationInMinutes?: number | null | undefined;
  /** Idempotency token, at most 500 characters: the same token returns the same contact. */
  clientToken?: string | null | undefined;
  /** Customer Profiles ID, 1-128 characters. Never logged. */
  customerId?: string | null | undefined;
  /** Exactly one item when given. */
  disconnectOnCustomerExit?: Array<DisconnectOnCustomerExitParticipantType> | null | undefined;
  /** First message, sent on the customer's behalf. */
  initialMessage?: ChatMessageInput | null | undefined;
  participantConfiguration?: ParticipantConfigurationInput | null | undefined;
  participantDetails: ParticipantDetailsInput;
  /** Cannot be combined with relatedContactId. */
  persistentChat?: PersistentChatInput | null | undefined;
  /** 1-256 characters. */
  relatedContactId?: string | null | undefined;
  segmentAttributes?: Array<SegmentAttributeInput> | null | undefined;
  /** Must include TEXT_PLAIN when given. */
  supportedMessagingContentTypes?: Array<ChatContentType> | null | undefined;
};

export type ChatSessionQueryVariables = Exact<{ [key: string]: never; }>;


export type ChatSessionQuery = { chatSession:
    | { __typename: 'ChatEndedError', code: ChatErrorCode, message: string }
    | { __typename: 'ChatSession', state: ChatSessionState, contactId: string, agentDisplayName: string | null, queue: { position: number | null, estimatedWaitSeconds: number | null } | null }
    | { __typename: 'ChatUnavailableError', code: ChatErrorCode, message: string }
    | { __typename: 'RateLimitedError', code: ChatErrorCode, message: string }
   };

type ChatItemFields_ChatAttachmentItem_Fragment = { __typename: 'ChatAttachmentItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null, attachments: Array<{ attachmentId: string, name: string | null, contentType: string | null, status: string | null }> };

type ChatItemFields_ChatEndedItem_Fragment = { __typename: 'ChatEndedItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null };

type ChatItemFields_ChatMessageItem_Fragment = { __typename: 'ChatMessageItem', content: string, contentType: string, id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null };

type ChatItemFields_ChatParticipantJoinedItem_Fragment = { __typename: 'ChatParticipantJoinedItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null };

type ChatItemFields_ChatParticipantLeftItem_Fragment = { __typename: 'ChatParticipantLeftItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null };

type ChatItemFields_ChatReceiptItem_Fragment = { __typename: 'ChatReceiptItem', read: boolean, messageId: string | null, id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null };

type ChatItemFields_ChatTransferItem_Fragment = { __typename: 'ChatTransferItem', succeeded: boolean, id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null };

type ChatItemFields_ChatTypingItem_Fragment = { __typename: 'ChatTypingItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null };

export type ChatItemFieldsFragment =
  | ChatItemFields_ChatAttachmentItem_Fragment
  | ChatItemFields_ChatEndedItem_Fragment
  | ChatItemFields_ChatMessageItem_Fragment
  | ChatItemFields_ChatParticipantJoinedItem_Fragment
  | ChatItemFields_ChatParticipantLeftItem_Fragment
  | ChatItemFields_ChatReceiptItem_Fragment
  | ChatItemFields_ChatTransferItem_Fragment
  | ChatItemFields_ChatTypingItem_Fragment
;

export type ChatTranscriptQueryVariables = Exact<{
  last: number;
}>;


export type ChatTranscriptQuery = { chatTranscript:
    | { __typename: 'ChatEndedError', code: ChatErrorCode, message: string }
    | { __typename: 'ChatTranscript', edges: Array<{ node:
          | { __typename: 'ChatAttachmentItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null, attachments: Array<{ attachmentId: string, name: string | null, contentType: string | null, status: string | null }> }
          | { __typename: 'ChatEndedItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
          | { __typename: 'ChatMessageItem', content: string, contentType: string, id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
          | { __typename: 'ChatParticipantJoinedItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
          | { __typename: 'ChatParticipantLeftItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
          | { __typename: 'ChatReceiptItem', read: boolean, messageId: string | null, id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
          | { __typename: 'ChatTransferItem', succeeded: boolean, id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
          | { __typename: 'ChatTypingItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
         }> }
    | { __typename: 'ChatUnavailableError', code: ChatErrorCode, message: string }
    | { __typename: 'InvalidInputError', code: ChatErrorCode, message: string }
    | { __typename: 'RateLimitedError', code: ChatErrorCode, message: string }
   };

export type ChatEventsSubscriptionVariables = Exact<{
  after?: string | number | null | undefined;
}>;


export type ChatEventsSubscription = { chatEvents:
    | { __typename: 'ChatAttachmentItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null, attachments: Array<{ attachmentId: string, name: string | null, contentType: string | null, status: string | null }> }
    | { __typename: 'ChatEndedItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
    | { __typename: 'ChatMessageItem', content: string, contentType: string, id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
    | { __typename: 'ChatParticipantJoinedItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
    | { __typename: 'ChatParticipantLeftItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
    | { __typename: 'ChatReceiptItem', read: boolean, messageId: string | null, id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
    | { __typename: 'ChatTransferItem', succeeded: boolean, id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
    | { __typename: 'ChatTypingItem', id: string, at: unknown, participantRole: ParticipantRole | null, displayName: string | null }
   };

export type SendChatMessageMutationVariables = Exact<{
  input: SendChatMessageInput;
}>;


export type SendChatMessageMutation = { sendChatMessage:
    | { __typename: 'ChatEndedError', code: ChatErrorCode, message: string }
    | { __typename: 'ChatUnavailableError', code: ChatErrorCode, message: string }
    | { __typename: 'InvalidInputError', code: ChatErrorCode, message: string }
    | { __typename: 'RateLimitedError', code: ChatErrorCode, message: string }
    | { __typename: 'SendChatMessagePayload', id: string }
   };

export type SendChatEventMutationVariables = Exact<{
  input: SendChatEventInput;
}>;


export type SendChatEventMutation = { sendChatEvent:
    | { __typename: 'ChatEndedError', code: ChatErrorCode, message: string }
    | { __typename: 'ChatUnavailableError', code: ChatErrorCode, message: string }
    | { __typename: 'InvalidInputError', code: ChatErrorCode, message: string }
    | { __typename: 'RateLimitedError', code: ChatErrorCode, message: string }
    | { __typename: 'SendChatEventPayload' }
   };

export type StartChatAttachmentUploadMutationVariables = Exact<{
  input: StartChatAttachmentUploadInput;
}>;


export type StartChatAttachmentUploadMutation = { startChatAttachmentUpload:
    | { __typename: 'ChatEndedError', code: ChatErrorCode, message: string }
    | { __typename: 'ChatUnavailableError', code: ChatErrorCode, message: string }
    | { __typename: 'InvalidInputError', code: ChatErrorCode, message: string }
    | { __typename: 'RateLimitedError', code: ChatErrorCode, message: string }
    | { __typename: 'StartChatAttachmentUploadPayload', attachmentId: string, uploadUrl: string, headersToInclude: Array<{ name: string, value: string }> }
   };

export type CompleteChatAttachmentUploadMutationVariables = Exact<{
  attachmentId: string | number;
}>;


export type CompleteChatAttachmentUploadMutation = { completeChatAttachmentUpload:
    | { __typename: 'ChatEndedError', code: ChatErrorCode, message: string }
    | { __typename: 'ChatUnavailableError', code: ChatErrorCode, message: string }
    | { __typename: 'CompleteChatAttachmentUploadPayload' }
    | { __typename: 'InvalidInputError', code: ChatErrorCode, message: string }
    | { __typename: 'RateLimitedError', code: ChatErrorCode, message: string }
   };

export type ChatAttachmentUrlQueryVariables = Exact<{
  attachmentId: string | number;
}>;


export type ChatAttachmentUrlQuery = { chatAttachmentUrl:
    | { __typename: 'ChatAttachmentUrl', url: string }
    | { __typename: 'ChatEndedError', code: ChatErrorCode, message: string }
    | { __typename: 'ChatUnavailableError', code: ChatErrorCode, message: string }
    | { __typename: 'InvalidInputError', code: ChatErrorCode, message: string }
    | { __typename: 'RateLimitedError', code: ChatErrorCode, message: string }
   };

export type EndChatMutationVariables = Exact<{ [key: string]: never; }>;


export type EndChatMutation = { endChat:
    | { __typename: 'ChatEndedError', code: ChatErrorCode, message: string }
    | { __typename: 'ChatUnavailableError', code: ChatErrorCode, message: string }
    | { __typename: 'EndChatPayload' }
    | { __typename: 'RateLimitedError', code: ChatErrorCode, message: string }
   };

export type ChatSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type ChatSettingsQuery = { chatSettings: { supportedContentTypes: Array<ChatContentType>, initialMessageAllowed: boolean, initialMessageMaxLength: number, displayNameMaxLength: number, authenticationRequired: boolean, region: string, attachments: { enabled: boolean, contentTypes: Array<string>, maxSizeBytes: number } } };

export type ChatAvailabilityQueryVariables = Exact<{ [key: string]: never; }>;


export type ChatAvailabilityQuery = { chatAvailability: { open: boolean | null, timeZone: string | null, closesAt: unknown, closesAtLocal: string | null, opensAt: unknown, opensAtLocal: string | null, agentsOnline: number | null, agentsAvailable: number | null, contactsInQueue: number | null } };

export type StartChatMutationVariables = Exact<{
  input: StartChatContactInput;
}>;


export type StartChatMutation = { startChatContact:
    | { __typename: 'ChatCapacityExceededError', code: ChatErrorCode, message: string, capacityRetryAfterSeconds: number | null }
    | { __typename: 'ChatClosedError', code: ChatErrorCode, message: string, opensAt: unknown }
    | { __typename: 'ChatUnavailableError', code: ChatErrorCode, message: string, requestId: string }
    | { __typename: 'InvalidInputError', code: ChatErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'RateLimitedError', code: ChatErrorCode, message: string, retryAfterSeconds: number }
    | { __typename: 'StartChatContactPayload', contactId: string, participantId: string, participantToken: string, region: string }
   };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ChatItemFieldsFragmentDoc = new TypedDocumentString(`
    fragment ChatItemFields on ChatItem {
  __typename
  id
  at
  participantRole
  displayName
  ... on ChatMessageItem {
    content
    contentType
  }
  ... on ChatAttachmentItem {
    attachments {
      attachmentId
      name
      contentType
      status
    }
  }
  ... on ChatReceiptItem {
    read
    messageId
  }
  ... on ChatTransferItem {
    succeeded
  }
}
    `, {"fragmentName":"ChatItemFields"}) as unknown as TypedDocumentString<ChatItemFieldsFragment, unknown>;
export const ChatSessionDocument = new TypedDocumentString(`
    query ChatSession {
  chatSession {
    __typename
    ... on ChatSession {
      state
      contactId
      agentDisplayName
      queue {
        position
        estimatedWaitSeconds
      }
    }
    ... on ChatError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:cb7f1bc31eeb1887209dc6467166b74a4f9862a4909bd9bb850de767b29ada60"}) as unknown as TypedDocumentString<ChatSessionQuery, ChatSessionQueryVariables>;
export const ChatTranscriptDocument = new TypedDocumentString(`
    query ChatTranscript($last: Int!) {
  chatTranscript(last: $last) {
    __typename
    ... on ChatTranscript {
      edges {
        node {
          ...ChatItemFields
        }
      }
    }
    ... on ChatError {
      code
      message
    }
  }
}
    fragment ChatItemFields on ChatItem {
  __typename
  id
  at
  participantRole
  displayName
  ... on ChatMessageItem {
    content
    contentType
  }
  ... on ChatAttachmentItem {
    attachments {
      attachmentId
      name
      contentType
      status
    }
  }
  ... on ChatReceiptItem {
    read
    messageId
  }
  ... on ChatTransferItem {
    succeeded
  }
}`, {"hash":"sha256:3453ddd45ff7fcbf90a896881ac14103e4ff3c7538633918926cd5d26d521d86"}) as unknown as TypedDocumentString<ChatTranscriptQuery, ChatTranscriptQueryVariables>;
export const ChatEventsDocument = new TypedDocumentString(`
    subscription ChatEvents($after: ID) {
  chatEvents(after: $after) {
    ...ChatItemFields
  }
}
    fragment ChatItemFields on ChatItem {
  __typename
  id
  at
  participantRole
  displayName
  ... on ChatMessageItem {
    content
    contentType
  }
  ... on ChatAttachmentItem {
    attachments {
      attachmentId
      name
      contentType
      status
    }
  }
  ... on ChatReceiptItem {
    read
    messageId
  }
  ... on ChatTransferItem {
    succeeded
  }
}`, {"hash":"sha256:b723ada4aea82a6e5590286113ec0f8ed758601031089a471c5b93d93c1e8f2d"}) as unknown as TypedDocumentString<ChatEventsSubscription, ChatEventsSubscriptionVariables>;
export const SendChatMessageDocument = new TypedDocumentString(`
    mutation SendChatMessage($input: SendChatMessageInput!) {
  sendChatMessage(input: $input) {
    __typename
    ... on SendChatMessagePayload {
      id
    }
    ... on ChatError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:e62301025784f8f8a08f72365c8734a56d1a71e88f7c82aa786e10456fb36af9"}) as unknown as TypedDocumentString<SendChatMessageMutation, SendChatMessageMutationVariables>;
export const SendChatEventDocument = new TypedDocumentString(`
    mutation SendChatEvent($input: SendChatEventInput!) {
  sendChatEvent(input: $input) {
    __typename
    ... on ChatError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:df82f21587bbbf175ab0ac7d4cfc7f0935ab5bcad5c1e5f7af09b866a78cb49d"}) as unknown as TypedDocumentString<SendChatEventMutation, SendChatEventMutationVariables>;
export const StartChatAttachmentUploadDocument = new TypedDocumentString(`
    mutation StartChatAttachmentUpload($input: StartChatAttachmentUploadInput!) {
  startChatAttachmentUpload(input: $input) {
    __typename
    ... on StartChatAttachmentUploadPayload {
      attachmentId
      uploadUrl
      headersToInclude {
        name
        value
      }
    }
    ... on ChatError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:a1b240b01a0f0ccf35c8ed7c8be6dba4dc85d2f86398ca8ac8641b4c0b26b62d"}) as unknown as TypedDocumentString<StartChatAttachmentUploadMutation, StartChatAttachmentUploadMutationVariables>;
export const CompleteChatAttachmentUploadDocument = new TypedDocumentString(`
    mutation CompleteChatAttachmentUpload($attachmentId: ID!) {
  completeChatAttachmentUpload(attachmentId: $attachmentId) {
    __typename
    ... on ChatError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:d8bc00232b41b507508db4548c025566b5d44fc6b713e86886e144ddaf54082d"}) as unknown as TypedDocumentString<CompleteChatAttachmentUploadMutation, CompleteChatAttachmentUploadMutationVariables>;
export const ChatAttachmentUrlDocument = new TypedDocumentString(`
    query ChatAttachmentUrl($attachmentId: ID!) {
  chatAttachmentUrl(attachmentId: $attachmentId) {
    __typename
    ... on ChatAttachmentUrl {
      url
    }
    ... on ChatError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:48aebf32606d08f3c8b6ef753e8b903a38d327967ecc44368587330a9bf7c64f"}) as unknown as TypedDocumentString<ChatAttachmentUrlQuery, ChatAttachmentUrlQueryVariables>;
export const EndChatDocument = new TypedDocumentString(`
    mutation EndChat {
  endChat {
    __typename
    ... on ChatError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:473f9d9944d3ba1560084e8fa38981bbfedf7a24d38cc8de97a789941f918cdd"}) as unknown as TypedDocumentString<EndChatMutation, EndChatMutationVariables>;
export const ChatSettingsDocument = new TypedDocumentString(`
    query ChatSettings {
  chatSettings {
    supportedContentTypes
    initialMessageAllowed
    initialMessageMaxLength
    displayNameMaxLength
    authenticationRequired
    region
    attachments {
      enabled
      contentTypes
      maxSizeBytes
    }
  }
}
    `, {"hash":"sha256:ad3037054ff36743b185d9b8b28791aadc2cf4043aed45c431630db1162e83eb"}) as unknown as TypedDocumentString<ChatSettingsQuery, ChatSettingsQueryVariables>;
export const ChatAvailabilityDocument = new TypedDocumentString(`
    query ChatAvailability {
  chatAvailability {
    open
    timeZone
    closesAt
    closesAtLocal
    opensAt
    opensAtLocal
    agentsOnline
    agentsAvailable
    contactsInQueue
  }
}
    `, {"hash":"sha256:1ff8630f6ef85c9e4746fba5ec61f78bee66bab419b7988b8e0c5f0118b7fc0a"}) as unknown as TypedDocumentString<ChatAvailabilityQuery, ChatAvailabilityQueryVariables>;
export const StartChatDocument = new TypedDocumentString(`
    mutation StartChat($input: StartChatContactInput!) {
  startChatContact(input: $input) {
    __typename
    ... on StartChatContactPayload {
      contactId
      participantId
      participantToken
      region
    }
    ... on ChatError {
      code
      message
    }
    ... on InvalidInputError {
      fieldErrors {
        path
        message
      }
    }
    ... on RateLimitedError {
      retryAfterSeconds
    }
    ... on ChatCapacityExceededError {
      capacityRetryAfterSeconds: retryAfterSeconds
    }
    ... on ChatClosedError {
      opensAt
    }
    ... on ChatUnavailableError {
      requestId
    }
  }
}
    `, {"hash":"sha256:4c432bcdb5b83be9c3e2cae4a89e6f87b68ca350ab89281c1ed9edca54a13bcf"}) as unknown as TypedDocumentString<StartChatMutation, StartChatMutationVariables>;