import {
  type AttachmentItem,
  CompleteAttachmentUploadCommand,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  type Item,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import { chatKeyOf } from '../chat/chat-key.js';
import type { ParticipantRef, SentItem, TranscriptItem } from '../chat/conversation.js';
import { ChatEndedError, InvalidInputError, ParticipantTokenRefusedError } from '../chat/errors.js';
import type { CallContext, ConnectOperation, ParticipantService } from '../chat/ports.js';
import { type ConnectCallRunnerOptions, createConnectCallRunner } from './call-runner.js';
import { type ConnectionCredentials, type ConnectionTokens, createConnectionTokens } from './connection-tokens.js';
import type { ParticipantClientPool } from './participant-clients.js';
import { isSdkError } from './sdk-error.js';

/** Options of {@link createParticipantService}. */
export interface ParticipantServiceOptions extends ConnectCallRunnerOptions {
  readonly clients: ParticipantClientPool;
  /** The connection tokens this replica keeps. @default a new set */
  readonly connections?: ConnectionTokens;
}

const isAccessDenied = (error: unknown) => isSdkError(error) && error.name === 'AccessDeniedException';

/** What Connect's refusal (by exception name) means to the customer: the field to fix, and how to say it. */
type Refusals = Readonly<Partial<Record<string, { readonly path: readonly string[]; readonly message: string }>>>;

/**
 * Connect refusing what the customer sent, beyond an ended chat (AccessDenied): each is the
 * customer's to act on and none is worth a retry, so each is an InvalidInputError naming the field
 * (not RateLimitedError, whose retryAfterSeconds would promise that waiting helps). The SDK's
 * message goes to the log only.
 */
function customerRefusal(refusals: Refusals, operation: ConnectOperation, call: CallContext) {
  return (error: unknown) => {
    if (isAccessDenied(error)) return new ChatEndedError();
    if (!isSdkError(error)) return undefined;
    const refusal = refusals[error.name];
    if (!refusal) return undefined;
    call.logger.info({ connectError: { name: error.name, message: error.message }, operation }, `${operation} refused`);
    return new InvalidInputError([{ path: [...refusal.path], message: refusal.message }]);
  };
}

/*
 * Attachments: ServiceQuotaExceededException is the contact's quota of attachments used up (a
 * per-chat count, not a rate: it does not recover with time); ConflictException an attachment not
 * in a state to complete (already completed); ValidationException a file Connect refuses (its
 * instance may accept fewer types than the feature specifications), bytes never uploaded, or no
 * such attachment.
 */
const ATTACHMENT_QUOTA = { path: ['input'], message: 'This chat has reached its limit of attachments.' };
const START_UPLOAD_REFUSALS: Refusals = {
  ServiceQuotaExceededException: ATTACHMENT_QUOTA,
  ValidationException: { path: ['input'], message: 'Connect does not accept this file.' },
};
const ATTACHMENT_ID_REFUSALS: Refusals = {
  ServiceQuotaExceededException: { ...ATTACHMENT_QUOTA, path: ['attachmentId'] },
  ConflictException: { path: ['attachmentId'], message: 'This attachment is already completed.' },
  ValidationException: {
    path: ['attachmentId'],
    message: 'No uploaded attachment with this ID in this chat (upload its bytes before completing it).',
  },
};
/** A content type the chat was not started with is Connect's ValidationException. */
const MESSAGE_REFUSALS: Refusals = {
  ValidationException: {
    path: ['input', 'contentType'],
    message: 'Connect does not accept this message in this chat (was the chat started with this content type?).',
  },
};
/** A receipt for a message Connect does not know; receipts in a chat of more than two participants. */
const EVENT_REFUSALS: Refusals = {
  ValidationException: { path: ['input', 'messageId'], message: 'No message with this ID in this chat.' },
  ConflictException: {
    path: ['input', 'type'],
    message: 'Receipts are not sent while more than two participants are in the chat.',
  },
};
/** A cursor naming an item Connect does not have (GetTranscript's StartPosition). */
const transcriptRefusals = (direction: 'FORWARD' | 'BACKWARD'): Refusals => ({
  ValidationException: {
    path: [direction === 'FORWARD' ? 'after' : 'before'],
    message: 'Not a cursor of this transcript.',
  },
});

function sentItem(output: { Id?: string | undefined; AbsoluteTime?: string | undefined }, operation: string): SentItem {
  if (!output.Id || !output.AbsoluteTime) throw new Error(`${operation} answered without Id or AbsoluteTime`);
  return { id: output.Id, at: new Date(output.AbsoluteTime) };
}

function attachmentOf(a: AttachmentItem) {
  return {
    attachmentId: a.AttachmentId ?? '',
    ...(a.AttachmentName ? { name: a.AttachmentName } : {}),
    ...(a.ContentType ? { contentType: a.ContentType } : {}),
    ...(a.Status ? { status: a.Status } : {}),
  };
}

/** Connect's transcript item in domain terms, leaving out what Connect left out. */
export function toTranscriptItem(item: Item): TranscriptItem | undefined {
  if (!item.Id || !item.AbsoluteTime || !item.Type) return undefined;
  return {
    id: item.Id,
    at: new Date(item.AbsoluteTime),
    type: item.Type,
    ...(item.ContentType ? { contentType: item.ContentType } : {}),
    ...(item.Content !== undefined ? { content: item.Content } : {}),
    ...(item.ParticipantId ? { participantId: item.ParticipantId } : {}),
    ...(item.ParticipantRole ? { participantRole: item.ParticipantRole } : {}),
    ...(item.DisplayName ? { displayName: item.DisplayName } : {}),
    ...(item.ContactId ? { contactId: item.ContactId } : {}),
    // Connect sends receipts as a message's metadata (as amazon-connect-chatjs reads them).
    ...((item.Type as string) === 'MESSAGEMETADATA' && item.MessageMetadata?.MessageId
      ? {
          receipt: {
            messageId: item.MessageMetadata.MessageId,
            read: (item.MessageMetadata.Receipts ?? []).some((r) => r.ReadTimestamp !== undefined),
          },
        }
      : {}),
    ...(item.Attachments?.length ? { attachments: item.Attachments.map(attachmentOf) } : {}),
  };
}

/**
 * The Participant Service adapter: every call on the one call runner (deadline, retries,
 * attempts, report, failure mapping). The participant token only ever makes a connection
 * (CreateParticipantConnection, CONNECTION_CREDENTIALS, marking the customer connected); every
 * other call carries the connection token, kept per replica until shortly before it expires.
 * Connect refuses a participant token it does not know, and a connection token once the
 * participant has left, with AccessDeniedException: the first becomes a 401, the second
 * `ChatEndedError`, remembered (keyed by the chat's key, a hash of the token) so that every later
 * request of that chat on this replica is `ChatEndedError` too. Another replica, or this one after
 * a restart, cannot tell an ended chat from an unknown token: Connect answers both alike, so it
 * answers 401.
 */
export function createParticipantService(options: ParticipantServiceOptions): ParticipantService {
  const runner = createConnectCallRunner(options);
  const connections = options.connections ?? createConnectionTokens();

  const connect = (participant: ParticipantRef, call: CallContext) =>
    connections.get(chatKeyOf(participant), () =>
      runner.run({
        operation: 'CreateParticipantConnection',
        target: { region: participant.region },
        call,
        command: () =>
          new CreateParticipantConnectionCommand({
            ParticipantToken: participant.participantToken,
            Type: ['CONNECTION_CREDENTIALS'],
            ConnectParticipant: true,
          }),
        send: (command) => options.clients.clientFor(participant.region).send(command),
        read: (output): ConnectionCredentials => {
          const credentials = output.ConnectionCredentials;
          if (!credentials?.ConnectionToken || !credentials.Expiry) {
            throw new Error('CreateParticipantConnection answered without ConnectionCredentials');
          }
          return { token: credentials.ConnectionToken, expiresAt: new Date(credentials.Expiry) };
        },
        refuse: (error) => (isAccessDenied(error) ? new ParticipantTokenRefusedError() : undefined),
      }),
    );

  /** A call with the chat's connection token; a refusal means the participant left: the chat ended. */
  const withConnection = async <R>(
    participant: ParticipantRef,
    call: CallContext,
    run: (connection: ConnectionCredentials) => Promise<R>,
  ): Promise<R> => {
    const connection = connections.kept(chatKeyOf(participant)) ?? (await connect(participant, call));
    if (connection.ended) throw new ChatEndedError();
    try {
      return await run(connection);
    } catch (error) {
      if (error instanceof ChatEndedError) connections.markEnded(chatKeyOf(participant));
      throw error;
    }
  };
  const ended = (error: unknown) => (isAccessDenied(error) ? new ChatEndedError() : undefined);

  return {
    sendMessage: (participant, message, call) =>
      withConnection(participant, call, (connection) =>
        runner.run({
          operation: 'SendMessage',
          target: { region: participant.region },
          call,
          command: () =>
            new SendMessageCommand({
              ConnectionToken: connection.token,
              ContentType: message.contentType,
              Content: message.content,
              ...(message.clientToken !== undefined ? { ClientToken: message.clientToken } : {}),
            }),
          send: (command) => options.clients.clientFor(participant.region).send(command),
          read: (output) => sentItem(output, 'SendMessage'),
          refuse: customerRefusal(MESSAGE_REFUSALS, 'SendMessage', call),
        }),
      ),
    sendEvent: (participant, event, call) =>
      withConnection(participant, call, (connection) =>
        runner.run({
          operation: 'SendEvent',
          target: { region: participant.region },
          call,
          command: () =>
            new SendEventCommand({
              ConnectionToken: connection.token,
              ContentType: event.contentType,
              ...(event.content !== undefined ? { Content: event.content } : {}),
              ...(event.clientToken !== undefined ? { ClientToken: event.clientToken } : {}),
            }),
          send: (command) => options.clients.clientFor(participant.region).send(command),
          read: (output) => sentItem(output, 'SendEvent'),
          refuse: customerRefusal(EVENT_REFUSALS, 'SendEvent', call),
        }),
      ),
    transcript: (participant, query, call) =>
      withConnection(participant, call, (connection) =>
        runner.run({
          operation: 'GetTranscript',
          target: { region: participant.region },
          call,
          command: () =>
            new GetTranscriptCommand({
              ConnectionToken: connection.token,
              MaxResults: Math.min(100, query.maxResults + (query.afterItemId !== undefined ? 1 : 0)),
              ScanDirection: query.direction,
              SortOrder: query.sortOrder,
              // Connect's start position is the item itself: one more is asked for, and it is dropped below.
              ...(query.afterItemId !== undefined ? { StartPosition: { Id: query.afterItemId } } : {}),
            }),
          send: (command) => options.clients.clientFor(participant.region).send(command),
          read: (output) => ({
            items: (output.Transcript ?? [])
              .flatMap((item) => toTranscriptItem(item) ?? [])
              .filter((item) => item.id !== query.afterItemId),
            ...(output.NextToken ? { nextToken: output.NextToken } : {}),
            ...(output.InitialContactId ? { initialContactId: output.InitialContactId } : {}),
          }),
          // Only a start position can be refused: a page from the start or the newest names none.
          refuse: customerRefusal(
            query.afterItemId !== undefined ? transcriptRefusals(query.direction) : {},
            'GetTranscript',
            call,
          ),
        }),
      ),
    disconnect: (participant, call) =>
      withConnection(participant, call, async (connection) => {
        await runner.run({
          operation: 'DisconnectParticipant',
          target: { region: participant.region },
          call,
          command: () => new DisconnectParticipantCommand({ ConnectionToken: connection.token }),
          send: (command) => options.clients.clientFor(participant.region).send(command),
          read: () => undefined,
          refuse: ended,
        });
        // The customer left: the chat is over for this replica's later requests too.
        connections.markEnded(chatKeyOf(participant));
      }),
    startAttachmentUpload: (participant, upload, call) =>
      withConnection(participant, call, (connection) =>
        runner.run({
          operation: 'StartAttachmentUpload',
          target: { region: participant.region },
          call,
          command: () =>
            new StartAttachmentUploadCommand({
              ConnectionToken: connection.token,
              AttachmentName: upload.name,
              ContentType: upload.contentType,
              AttachmentSizeInBytes: upload.sizeBytes,
              ...(upload.clientToken !== undefined ? { ClientToken: upload.clientToken } : {}),
            }),
          send: (command) => options.clients.clientFor(participant.region).send(command),
          read: (output) => {
            const metadata = output.UploadMetadata;
            if (!output.AttachmentId || !metadata?.Url || !metadata.UrlExpiry) {
              throw new Error('StartAttachmentUpload answered without AttachmentId or UploadMetadata');
            }
            return {
              attachmentId: output.AttachmentId,
              uploadUrl: metadata.Url,
              headersToInclude: { ...metadata.HeadersToInclude },
              expiresAt: new Date(metadata.UrlExpiry),
            };
          },
          refuse: customerRefusal(START_UPLOAD_REFUSALS, 'StartAttachmentUpload', call),
        }),
      ),
    completeAttachmentUpload: (participant, attachmentId, clientToken, call) =>
      withConnection(participant, call, async (connection) => {
        await runner.run({
          operation: 'CompleteAttachmentUpload',
          target: { region: participant.region },
          call,
          command: () =>
            new CompleteAttachmentUploadCommand({
              ConnectionToken: connection.token,
              AttachmentIds: [attachmentId],
              ...(clientToken !== undefined ? { ClientToken: clientToken } : {}),
            }),
          send: (command) => options.clients.clientFor(participant.region).send(command),
          read: () => undefined,
          refuse: customerRefusal(ATTACHMENT_ID_REFUSALS, 'CompleteAttachmentUpload', call),
        });
      }),
    attachmentUrl: (participant, attachmentId, call) =>
      withConnection(participant, call, (connection) =>
        runner.run({
          operation: 'GetAttachment',
          target: { region: participant.region },
          call,
          command: () => new GetAttachmentCommand({ ConnectionToken: connection.token, AttachmentId: attachmentId }),
          send: (command) => options.clients.clientFor(participant.region).send(command),
          read: (output) => {
            if (!output.Url || !output.UrlExpiry) throw new Error('GetAttachment answered without Url or UrlExpiry');
            return { url: output.Url, expiresAt: new Date(output.UrlExpiry) };
          },
          refuse: customerRefusal(ATTACHMENT_ID_REFUSALS, 'GetAttachment', call),
        }),
      ),
  };
}
