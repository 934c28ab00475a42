import type { ChatContentType, DisconnectParticipantType, RehydrationType, ResponseMode } from './content-types.js';

/** A segment attribute value: exactly one of its members is set. */
export interface SegmentAttributeValue {
  readonly valueString?: string;
  readonly valueInteger?: number;
  readonly valueMap?: Readonly<Record<string, SegmentAttributeValue>>;
}

/**
 * A validated request to start a chat, in domain terms. Instance, flow and region are absent on
 * purpose: they come from the tenant, never from the caller.
 */
export interface StartChatCommand {
  readonly displayName: string;
  readonly initialMessage?: { readonly contentType: ChatContentType; readonly content: string };
  readonly attributes?: Readonly<Record<string, string>>;
  readonly segmentAttributes?: Readonly<Record<string, SegmentAttributeValue>>;
  readonly clientToken?: string;
  readonly chatDurationInMinutes?: number;
  readonly supportedContentTypes?: readonly ChatContentType[];
  readonly persistentChat?: {
    readonly rehydrationType: RehydrationType;
    readonly sourceContactId: string;
  };
  readonly relatedContactId?: string;
  readonly customerId?: string;
  readonly responseMode?: ResponseMode;
  readonly disconnectOnCustomerExit?: readonly DisconnectParticipantType[];
}

/** What a chat client needs to connect (amazon-connect-chatjs `ChatSession.create`). */
export interface StartedChat {
  readonly contactId: string;
  readonly participantId: string;
  readonly participantToken: string;
  readonly continuedFromContactId?: string;
  readonly region: string;
}
