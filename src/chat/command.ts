import type { ChatContentType, DisconnectParticipantType, RehydrationType, ResponseMode } from './content-types.js';

/** A segment attribute value: exactly one of its members is set. */
export interface SegmentAttributeValue {
  readonly valueString?: string;
  readonly valueInteger?: number;
  readonly valueMap?: Readonly<Record<string, SegmentAttributeValue>>;
}

/** A contact attribute as the caller sent it. */
export interface ContactAttribute {
  readonly key: string;
  readonly value: string;
}

/** A top-level segment attribute as the caller sent it. */
export interface SegmentAttribute {
  readonly key: string;
  readonly value: SegmentAttributeValue;
}

/**
 * What the caller asked for, validated against Connect's limits. Attributes keep the order they
 * were sent in, so a tenant-policy refusal can point at `input.attributes.<index>`.
 */
export interface ChatRequest extends Omit<StartChatCommand, 'attributes' | 'segmentAttributes'> {
  readonly attributes?: readonly ContactAttribute[];
  readonly segmentAttributes?: readonly SegmentAttribute[];
}

/**
 * What the tenant's backend vouches for about the end user: the verified claims of its JWT.
 * They are trusted input and win over what the client sends.
 */
export interface TrustedClaims {
  readonly subject?: string;
  /** The whole verified payload, for `attributes.fromClaims`. */
  readonly claims: Readonly<Record<string, unknown>>;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly segmentAttributes?: Readonly<Record<string, SegmentAttributeValue>>;
  readonly customerId?: string;
  readonly displayName?: string;
}

/**
 * A request to start a chat after the tenant's policy, in domain terms. Instance, flow and region are absent on
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
