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

export type ChatMessageInput = {
  /** 1-16384 characters. */
  content: string;
  contentType: ChatContentType;
};

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

export type ChatSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type ChatSettingsQuery = { chatSettings: { supportedContentTypes: Array<ChatContentType>, initialMessageAllowed: boolean, initialMessageMaxLength: number, displayNameMaxLength: number, persistentChatAllowed: boolean, relatedContactsAllowed: boolean, allowedAttributeKeys: Array<string> | null, allowedSegmentAttributeKeys: Array<string> | null, authenticationRequired: boolean, region: string, chatDurationInMinutes: { min: number, max: number, default: number } } };

export type StartChatMutationVariables = Exact<{
  input: StartChatContactInput;
}>;


export type StartChatMutation = { startChatContact:
    | { __typename: 'ChatCapacityExceededError', code: ChatErrorCode, message: string, capacityRetryAfterSeconds: number | null }
    | { __typename: 'ChatClosedError', code: ChatErrorCode, message: string }
    | { __typename: 'ChatUnavailableError', code: ChatErrorCode, message: string, requestId: string }
    | { __typename: 'InvalidInputError', code: ChatErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'RateLimitedError', code: ChatErrorCode, message: string, retryAfterSeconds: number }
    | { __typename: 'StartChatContactPayload', contactId: string, participantId: string, participantToken: string, continuedFromContactId: string | null, region: string }
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

export const ChatSettingsDocument = new TypedDocumentString(`
    query ChatSettings {
  chatSettings {
    supportedContentTypes
    chatDurationInMinutes {
      min
      max
      default
    }
    initialMessageAllowed
    initialMessageMaxLength
    displayNameMaxLength
    persistentChatAllowed
    relatedContactsAllowed
    allowedAttributeKeys
    allowedSegmentAttributeKeys
    authenticationRequired
    region
  }
}
    `, {"hash":"sha256:fbbec7ddfa8384ed1ca8fd837875b1b94f7fb08319104d29251b92546362370a"}) as unknown as TypedDocumentString<ChatSettingsQuery, ChatSettingsQueryVariables>;
export const StartChatDocument = new TypedDocumentString(`
    mutation StartChat($input: StartChatContactInput!) {
  startChatContact(input: $input) {
    __typename
    ... on StartChatContactPayload {
      contactId
      participantId
      participantToken
      continuedFromContactId
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
    ... on ChatUnavailableError {
      requestId
    }
  }
}
    `, {"hash":"sha256:57bc42f5d43651cf9964ccbcffaf3ffede07a1e38ae98c940501b00da849c11e"}) as unknown as TypedDocumentString<StartChatMutation, StartChatMutationVariables>;