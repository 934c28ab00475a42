/*
 * The conversation after the start, as the core sees it: the chat is named by the participant
 * token startChatContact returned (a secret: never logged, never echoed), in the tenant's region.
 * The Participant Service adapter (connect/participant-service.ts) implements the port.
 */

/** Which chat: the tenant's region and the participant's token. */
export interface ParticipantRef {
  readonly region: string;
  /** Bearer secret of the customer participant. */
  readonly participantToken: string;
  /** The chat's key, when the reference was made with it (`participantRef`, chat-key.ts). */
  readonly chatKey?: string;
}

/** A message or event Connect accepted. */
export interface SentItem {
  readonly id: string;
  readonly at: Date;
}

/** A message to send: content type (a Connect MIME string), content and an idempotency token. */
export interface OutgoingMessage {
  readonly contentType: string;
  readonly content: string;
  readonly clientToken?: string | undefined;
}

/** An event to send: typing, or a receipt naming a message in `content` (JSON). */
export interface OutgoingEvent {
  readonly contentType: string;
  readonly content?: string | undefined;
  readonly clientToken?: string | undefined;
}

/** One item of a chat's transcript, as Connect reports it. */
export interface TranscriptItem {
  readonly id: string;
  readonly at: Date;
  /** Connect's item type: MESSAGE, EVENT, ATTACHMENT, TYPING, PARTICIPANT_JOINED, … */
  readonly type: string;
  readonly contentType?: string;
  readonly content?: string;
  readonly participantId?: string;
  readonly participantRole?: string;
  readonly displayName?: string;
  /** The contact the item belongs to (a persistent chat's transcript spans several). */
  readonly contactId?: string;
  /** A receipt Connect sends as message metadata (item type MESSAGEMETADATA): which message, and whether read. */
  readonly receipt?: { readonly messageId: string; readonly read: boolean };
  readonly attachments?: readonly {
    readonly attachmentId: string;
    readonly name?: string;
    readonly contentType?: string;
    readonly status?: string;
  }[];
}

/** Which page of the transcript to read. */
export interface TranscriptQuery {
  /** At most this many items (Connect: 0–100). */
  readonly maxResults: number;
  /** Start after this item (exclusive), in `direction`. Absent: from the start (FORWARD) or the newest (BACKWARD). */
  readonly afterItemId?: string | undefined;
  readonly direction: 'FORWARD' | 'BACKWARD';
  readonly sortOrder: 'ASCENDING' | 'DESCENDING';
}

/** A page of the transcript. */
export interface TranscriptPage {
  readonly items: readonly TranscriptItem[];
  readonly nextToken?: string;
  readonly initialContactId?: string;
}

/** A file the customer is about to upload (StartAttachmentUpload). */
export interface AttachmentUploadRequest {
  /** The file's name, extension included. */
  readonly name: string;
  /** Its MIME type, one Connect accepts for chat attachments. */
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Idempotency: a retry with the same token starts no second upload. */
  readonly clientToken?: string | undefined;
}

/** Where and how to upload the file's bytes: PUT them to `uploadUrl` with `headersToInclude`, before `expiresAt`. */
export interface AttachmentUpload {
  readonly attachmentId: string;
  /** A presigned URL (a secret for its lifetime). */
  readonly uploadUrl: string;
  readonly headersToInclude: Readonly<Record<string, string>>;
  readonly expiresAt: Date;
}

/** A presigned URL to download a completed attachment, until `expiresAt`. */
export interface AttachmentLink {
  readonly url: string;
  readonly expiresAt: Date;
}
