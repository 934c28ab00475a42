/** A tenant as the core sees it: where its chats go and what it allows. The tenants room builds these from its file. */
import type { ChatContentType } from './content-types.js';

/** Static AWS credentials resolved from the environment. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A role in the tenant's own AWS account that the gateway assumes (cross-account tenants). */
export interface AssumedRole {
  readonly roleArn: string;
  /** Sent as ExternalId: the tenant's trust policy should require it (confused-deputy protection). */
  readonly externalId?: string;
}

/** Where a tenant's chats go. Only the server decides this. */
export interface ConnectTarget {
  readonly region: string;
  readonly instanceId: string;
  readonly contactFlowId: string;
  /**
   * Absent: the default AWS credential chain (or the simulator's credentials). With `role`, these
   * are the credentials that assume the role.
   */
  readonly credentials?: StaticCredentials;
  readonly role?: AssumedRole;
  /** The chat queue whose agents and waiting contacts availability reports. */
  readonly queueId?: string;
  /** The hours of operation that say whether chat is open. */
  readonly hoursOfOperationId?: string;
}

/** How a tenant answers "is chat open, how busy is it". */
export interface AvailabilityPolicy {
  /** One answer is shared by every caller for this long. */
  readonly cacheSeconds: number;
  /** While the hours say closed, starts are refused (ChatClosedError) without calling Connect. */
  readonly refuseStartsWhenClosed: boolean;
}

/** How a tenant's backend proves who the end user is: a JWT it signs. */
export interface TenantAuth {
  /** Refuse calls without a token. */
  readonly required: boolean;
  readonly issuer: string;
  readonly audience: string;
  /** Refuse tokens issued longer ago than this (needs `iat`). */
  readonly maxAgeSeconds?: number;
  readonly clockSkewSeconds: number;
  readonly key:
    | { readonly kind: 'secret'; readonly secret: string }
    | { readonly kind: 'jwks'; readonly url: string; readonly algorithms: readonly ('RS256' | 'ES256')[] };
}

/** Which contact attributes a client may set, and which the server sets. */
export interface AttributePolicy {
  /** Keys a client may send: exact names or `*` patterns. */
  readonly allow: readonly string[];
  /** Constants the server injects; they win over every other source. */
  readonly set: Readonly<Record<string, string>>;
  /** Attribute key → name of the JWT claim whose value it takes. */
  readonly fromClaims: Readonly<Record<string, string>>;
}

/** What a tenant allows in a chat, within Connect's own limits. */
export interface ChatPolicy {
  /** Offered when the client names none; a client may name only these. */
  readonly supportedContentTypes?: readonly ChatContentType[];
  readonly chatDurationInMinutes: { readonly default?: number; readonly max?: number };
  readonly initialMessage: boolean;
  readonly persistentChat: boolean;
  readonly relatedContacts: boolean;
  /**
   * Content types a customer may send after the start. Absent: the supported content types, less
   * INTERACTIVE (an agent's template).
   */
  readonly messageContentTypes?: readonly ChatContentType[];
  readonly attachments: AttachmentPolicy;
}

/** Whether and what a customer may share, within Connect's feature limits (its file types, 20 MB). */
export interface AttachmentPolicy {
  readonly enabled: boolean;
  /** MIME types (lower case) a customer may upload. Absent: every type Connect accepts. */
  readonly contentTypes?: readonly string[];
  /** The largest file, in bytes. Absent: Connect's 20 MB. */
  readonly maxSizeBytes?: number;
}

/** A tenant's rules for what a caller may ask for. Absent members keep Connect's own rules. */
export interface TenantPolicy {
  readonly attributes?: AttributePolicy;
  readonly segmentAttributes?: { readonly allow: readonly string[] };
  readonly chat: ChatPolicy;
}

/** A tenant as the gateway uses it, secrets resolved. */
export interface Tenant {
  readonly id: string;
  readonly name?: string;
  /** Exact origins and `https://*.example.com` wildcards. */
  readonly allowedOrigins: readonly string[];
  readonly connect: ConnectTarget;
  readonly auth?: TenantAuth;
  readonly policy: TenantPolicy;
  readonly availability: AvailabilityPolicy;
}
