/**
 * The Amazon Connect Participant Service operations, once the HTTP request is read: the bearer
 * token (the participant token for CreateParticipantConnection, a connection token for every
 * other operation), the model's shapes, the documented rules, injected service faults, then the
 * chat. Tokens are checked first (as an authorizer would), then the body, then faults.
 *
 * Refusals, as Connect answers them:
 * - no `X-Amz-Bearer`, or one outside the model's 1–1000 characters: 400 ValidationException;
 * - a token the service never issued, a connection token past its Expiry, a participant token
 *   used as a connection token (or the other way round), or any token of a chat that has ended:
 *   403 AccessDeniedException "Access denied" (what Connect answers a disconnected participant);
 * - a body the model or the documentation refuses: 400 ValidationException.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CHAT_WEBSOCKET_PATH } from './chat-sockets.js';
import type { Chat, ChatParticipant, Chats, StoredAttachment } from './chats.js';
import type { ContactStore } from './contact-store.js';
import type { FaultQueue } from './faults.js';
import { setBounded } from './history.js';
import { validateShape } from './model.js';
import { PARTICIPANT_OPERATIONS, PARTICIPANT_SHAPES, type ParticipantOperation } from './participant-model.js';
import { checkAttachment, checkEvent, checkMessage } from './participant-rules.js';

/** A Participant Service request as the routes read it. */
export interface ParticipantRequest {
  readonly operation: ParticipantOperation;
  /** The parsed JSON body (`{}` when empty). */
  readonly body: Record<string, unknown>;
  /** The `X-Amz-Bearer` header. */
  readonly bearer: string | undefined;
  /** Path labels (DescribeView's ViewToken). */
  readonly labels?: Readonly<Record<string, string>>;
  /** `http://host:port` as the client reached the simulator: the base of the URLs handed out. */
  readonly baseUrl: string;
}

/** What an operation answers: an error Connect would send, or the output members. */
export type ParticipantOutcome = (
  | { readonly error: string; readonly message: string }
  | { readonly output: Record<string, unknown> }
) & {
  /** The chat the token led to, once it did. */
  readonly contactId?: string;
  readonly participantId?: string;
};

/** Options of the Participant Service. */
export interface ParticipantServiceOptions {
  /** How long a connection token lasts. @default 24 hours (Connect: "Expiry time for the connection token is 1 day") */
  readonly connectionTokenLifetimeMs?: number;
  /**
   * How long a websocket URL can be connected to (its ConnectionExpiry); a socket opened in time
   * lives on. @default 100 s (Connect: "a connect expiry timeout of 100s")
   */
  readonly websocketUrlLifetimeMs?: number;
}

/** A connection token's or websocket URL's holder and expiry (epoch ms). */
interface Grant {
  readonly contactId: string;
  readonly participantId: string;
  readonly expiresAt: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** "The response URL for WEBSOCKET Type has a connect expiry timeout of 100s." */
const WEBSOCKET_URL_LIFETIME_MS = 100_000;
/** How long an upload URL of StartAttachmentUpload lasts. */
const UPLOAD_URL_LIFETIME_MS = 5 * 60 * 1000;
/** GetAttachment's URL lifetime when UrlExpiryInSeconds is not given (the model allows 5–300). */
const DEFAULT_DOWNLOAD_SECONDS = 300;
/** GetTranscript's page size when MaxResults is not given (the model: "Default: 10"). */
const DEFAULT_MAX_RESULTS = 10;
const ACCESS_DENIED = 'Access denied';

const refuse = (error: string, message: string) => ({ error, message });
const invalid = (message: string) => refuse('ValidationException', message);
const secret = () => randomBytes(48).toString('base64url');
const iso = (ms: number) => new Date(ms).toISOString();

/** Where GetTranscript continues: the contact, the next index and the direction. */
interface PageToken {
  readonly c: string;
  readonly i: number;
  readonly d: 'FORWARD' | 'BACKWARD';
}

/** The Participant Service over `store`'s contacts and their `chats`. */
export function createParticipantService(deps: {
  readonly store: ContactStore;
  readonly chats: Chats;
  readonly faults: FaultQueue;
  readonly clock: () => number;
  readonly historyLimit: number;
  readonly options?: ParticipantServiceOptions;
}) {
  const { store, chats, faults, clock, historyLimit } = deps;
  const connectionTokenLifetimeMs = deps.options?.connectionTokenLifetimeMs ?? DAY_MS;
  const websocketUrlLifetimeMs = deps.options?.websocketUrlLifetimeMs ?? WEBSOCKET_URL_LIFETIME_MS;
  for (const [name, ms] of Object.entries({ connectionTokenLifetimeMs, websocketUrlLifetimeMs })) {
    if (!(ms > 0)) throw new RangeError(`${name} must be positive, got ${ms}`);
  }
  const connectionTokens = new Map<string, Grant>();
  const websocketTickets = new Map<string, Grant>();

  type Authenticated = { chat: Chat; participant: ChatParticipant };

  /** The chat and participant a token leads to, or undefined (AccessDeniedException). Ended chats included. */
  function authenticate(operation: ParticipantOperation, token: string): Authenticated | undefined {
    if (operation === 'CreateParticipantConnection') {
      const contact = store.findByParticipantToken(token);
      const chat = contact && chats.get(contact.ContactId);
      return chat ? { chat, participant: chat.customer } : undefined;
    }
    const grant = connectionTokens.get(token);
    if (!grant || clock() >= grant.expiresAt) return undefined;
    const chat = chats.get(grant.contactId);
    if (!chat) return undefined;
    const participant = [chat.customer, chat.agent].find((p) => p?.ParticipantId === grant.participantId);
    return participant ? { chat, participant } : undefined;
  }

  /** Answers `make()` once per ClientToken: a retry gets the first answer, and nothing happens twice. */
  function once(
    auth: Authenticated,
    operation: ParticipantOperation,
    clientToken: unknown,
    make: () => ReturnType<typeof refuse> | { output: Record<string, unknown> },
  ) {
    if (typeof clientToken !== 'string' || clientToken === '') return make();
    const key = `${operation}/${auth.participant.ParticipantId}/${clientToken}`;
    const answered = auth.chat.answered.get(key) as Record<string, unknown> | undefined;
    if (answered) return { output: answered };
    const outcome = make();
    if ('output' in outcome) auth.chat.answered.set(key, outcome.output);
    return outcome;
  }

  function handle(request: ParticipantRequest): ParticipantOutcome {
    const { operation, body, bearer } = request;
    const spec = PARTICIPANT_OPERATIONS[operation];
    const tokenMember = operation === 'CreateParticipantConnection' ? 'ParticipantToken' : 'ConnectionToken';
    const tokenProblems =
      bearer === undefined || bearer === ''
        ? [`${tokenMember}: required (the X-Amz-Bearer header)`]
        : validateShape(PARTICIPANT_SHAPES, 'ParticipantToken', bearer, tokenMember);
    if (tokenProblems.length > 0) return invalid(validationMessage(tokenProblems));
    const auth = authenticate(operation, bearer!);
    if (!auth) return refuse('AccessDeniedException', ACCESS_DENIED);
    const who = { contactId: auth.chat.contact.ContactId, participantId: auth.participant.ParticipantId };
    if (auth.chat.ended) {
      // Every token of an ended chat is refused, except a retried DisconnectParticipant whose first answer was lost.
      const key = `DisconnectParticipant/${auth.participant.ParticipantId}/${body.ClientToken}`;
      const replay = operation === 'DisconnectParticipant' && auth.chat.answered.has(key);
      if (!replay) return { ...refuse('AccessDeniedException', ACCESS_DENIED), ...who };
    }

    const located = Object.entries(
      (PARTICIPANT_SHAPES[spec.input] as { members: Record<string, { location?: string }> }).members,
    ).filter(([, member]) => member.location);
    const problems = located
      .filter(([name]) => name in body)
      .map(([name]) => `${name}: unknown member (it is not a body member)`);
    const input = { ...body, [tokenMember]: bearer, ...request.labels };
    problems.push(...validateShape(PARTICIPANT_SHAPES, spec.input, input));
    if (problems.length > 0) return { ...invalid(validationMessage(problems)), ...who };

    const fault = faults.take(['throttle', 'serverError'], operation);
    if (fault?.kind === 'throttle') return { ...refuse('ThrottlingException', 'Rate exceeded.'), ...who };
    if (fault?.kind === 'serverError') {
      return { ...refuse('InternalServerException', 'An internal server error occurred.'), ...who };
    }
    return { ...operations[operation](auth, input, request), ...who };
  }

  type Operation = (
    auth: Authenticated,
    input: Record<string, unknown>,
    request: ParticipantRequest,
  ) => ReturnType<typeof refuse> | { output: Record<string, unknown> };

  const operations: Record<ParticipantOperation, Operation> = {
    CreateParticipantConnection(auth, input, request) {
      const types = (input.Type as string[] | undefined) ?? [];
      if (types.includes('WEBRTC_CONNECTION')) {
        return invalid('WEBRTC_CONNECTION is for WebRTC contacts; this contact is a chat.');
      }
      const grant = (lifetime: number): Grant => ({
        contactId: auth.chat.contact.ContactId,
        participantId: auth.participant.ParticipantId,
        expiresAt: clock() + lifetime,
      });
      const output: Record<string, unknown> = {};
      if (types.includes('WEBSOCKET')) {
        const ticket = secret();
        const issued = grant(websocketUrlLifetimeMs);
        setBounded(websocketTickets, ticket, issued, historyLimit);
        output.Websocket = {
          Url: `${request.baseUrl.replace(/^http/, 'ws')}${CHAT_WEBSOCKET_PATH}?ticket=${ticket}`,
          ConnectionExpiry: iso(issued.expiresAt),
        };
      }
      if (types.includes('CONNECTION_CREDENTIALS')) {
        const token = secret();
        const issued = grant(connectionTokenLifetimeMs);
        setBounded(connectionTokens, token, issued, historyLimit);
        output.ConnectionCredentials = { ConnectionToken: token, Expiry: iso(issued.expiresAt) };
      }
      if (types.length > 0 || input.ConnectParticipant === true) chats.connected(auth.chat);
      return { output };
    },

    SendMessage(auth, input) {
      const contentType = input.ContentType as string;
      const content = input.Content as string;
      const rule = checkMessage(contentType, content, auth.chat.contact.supportedContentTypes);
      if (rule) return invalid(rule);
      return once(auth, 'SendMessage', input.ClientToken, () => {
        const item = chats.say(auth.chat, auth.participant, {
          Type: 'MESSAGE',
          ContentType: contentType,
          Content: content,
        });
        return { output: { Id: item.Id, AbsoluteTime: item.AbsoluteTime } };
      });
    },

    SendEvent(auth, input) {
      const contentType = input.ContentType as string;
      const checked = checkEvent(contentType, input.Content as string | undefined);
      if (typeof checked === 'string') return invalid(checked);
      const { messageId } = checked;
      if (messageId !== undefined && !auth.chat.transcript.some((i) => i.Id === messageId && i.Type !== 'EVENT')) {
        return invalid(`No message ${messageId} in this chat.`);
      }
      return once(auth, 'SendEvent', input.ClientToken, () => {
        const item =
          messageId === undefined
            ? chats.say(auth.chat, auth.participant, { Type: 'EVENT', ContentType: contentType })
            : chats.receipt(
                auth.chat,
                auth.participant,
                messageId,
                contentType.endsWith('.read') ? 'read' : 'delivered',
              );
        return { output: { Id: item.Id, AbsoluteTime: item.AbsoluteTime } };
      });
    },

    GetTranscript(auth, input) {
      return transcriptPage(auth.chat, input);
    },

    DisconnectParticipant(auth, input) {
      return once(auth, 'DisconnectParticipant', input.ClientToken, () => {
        chats.end(auth.chat, auth.participant.ParticipantRole === 'AGENT' ? 'AGENT' : 'CUSTOMER');
        return { output: {} };
      });
    },

    StartAttachmentUpload(auth, input, request) {
      const contentType = input.ContentType as string;
      const size = input.AttachmentSizeInBytes as number;
      const rule = checkAttachment(contentType, size);
      if (rule) return invalid(rule);
      return once(auth, 'StartAttachmentUpload', input.ClientToken, () => {
        const attachment: StoredAttachment = {
          AttachmentId: randomUUID(),
          contactId: auth.chat.contact.ContactId,
          participantId: auth.participant.ParticipantId,
          ContentType: contentType,
          AttachmentName: input.AttachmentName as string,
          AttachmentSizeInBytes: size,
          uploadKey: secret(),
          uploadExpiresAt: clock() + UPLOAD_URL_LIFETIME_MS,
          downloads: new Map(),
        };
        auth.chat.attachments.set(attachment.AttachmentId, attachment);
        return {
          output: {
            AttachmentId: attachment.AttachmentId,
            UploadMetadata: {
              Url: attachmentUrl(request.baseUrl, attachment, UPLOAD_URL_LIFETIME_MS / 1000, attachment.uploadKey),
              UrlExpiry: iso(attachment.uploadExpiresAt),
              HeadersToInclude: uploadHeaders(attachment),
            },
          },
        };
      });
    },

    CompleteAttachmentUpload(auth, input) {
      const attachmentId = (input.AttachmentIds as string[])[0]!;
      const attachment = auth.chat.attachments.get(attachmentId);
      if (!attachment || attachment.participantId !== auth.participant.ParticipantId) {
        return invalid(`No attachment ${attachmentId} was started by this participant.`);
      }
      return once(auth, 'CompleteAttachmentUpload', input.ClientToken, () => {
        if (attachment.item) return refuse('ConflictException', `Attachment ${attachmentId} is already completed.`);
        if (!attachment.bytes) return invalid(`Attachment ${attachmentId} has not been uploaded to its URL.`);
        const { ContentType, AttachmentName } = attachment;
        attachment.item = chats.say(auth.chat, auth.participant, {
          Type: 'ATTACHMENT',
          ContentType,
          Attachments: [{ ContentType, AttachmentId: attachmentId, AttachmentName, Status: 'APPROVED' }],
        });
        return { output: {} };
      });
    },

    GetAttachment(auth, input, request) {
      const attachmentId = input.AttachmentId as string;
      const attachment = auth.chat.attachments.get(attachmentId);
      if (!attachment?.item) return invalid(`No completed attachment ${attachmentId} in this chat.`);
      const seconds = (input.UrlExpiryInSeconds as number | undefined) ?? DEFAULT_DOWNLOAD_SECONDS;
      const key = secret();
      const expiresAt = clock() + seconds * 1000;
      for (const [old, until] of attachment.downloads) if (until <= clock()) attachment.downloads.delete(old);
      setBounded(attachment.downloads, key, expiresAt, 100);
      return {
        output: {
          Url: attachmentUrl(request.baseUrl, attachment, seconds, key),
          UrlExpiry: iso(expiresAt),
          AttachmentSizeInBytes: attachment.AttachmentSizeInBytes,
        },
      };
    },

    DescribeView() {
      return refuse('ResourceNotFoundException', 'View not found: the simulator has no views (no Show view block).');
    },

    GetAuthenticationUrl(_auth, input) {
      return invalid(noAuthenticationSession(input.SessionId as string));
    },

    CancelParticipantAuthentication(_auth, input) {
      return invalid(noAuthenticationSession(input.SessionId as string));
    },
  };

  /** GetTranscript: one page of the chat's transcript (or of a contact it continues). */
  function transcriptPage(chat: Chat, input: Record<string, unknown>) {
    const chain = chainOf(chat.contact.ContactId);
    const target = (input.ContactId as string | undefined) ?? chat.contact.ContactId;
    if (!chain.includes(target)) return refuse('AccessDeniedException', ACCESS_DENIED);
    const items = chats.get(target)?.transcript ?? [];
    const source = chats.get(target) ?? chat;
    const max = (input.MaxResults as number | undefined) ?? DEFAULT_MAX_RESULTS;
    let direction: 'FORWARD' | 'BACKWARD';
    let start: number;
    if (input.NextToken !== undefined) {
      const token = readPageToken(input.NextToken as string);
      if (!token || token.c !== target || token.i < 0 || token.i >= items.length) {
        return invalid('The NextToken is not valid for this transcript.');
      }
      direction = token.d;
      start = token.i;
    } else {
      const position = (input.StartPosition ?? {}) as { Id?: string; AbsoluteTime?: string; MostRecent?: number };
      const given = (['Id', 'AbsoluteTime', 'MostRecent'] as const).filter((k) => position[k] !== undefined);
      if (given.length > 1) return invalid(`StartPosition takes one of Id, AbsoluteTime, MostRecent; got ${given}.`);
      direction =
        (input.ScanDirection as 'FORWARD' | 'BACKWARD' | undefined) ?? (given.length ? 'FORWARD' : 'BACKWARD');
      const last = items.length - 1;
      if (position.Id !== undefined) {
        start = items.findIndex((item) => item.Id === position.Id);
        if (start < 0) return invalid(`StartPosition.Id ${position.Id} is not an item of this transcript.`);
      } else if (position.AbsoluteTime !== undefined) {
        const at = Date.parse(position.AbsoluteTime);
        if (Number.isNaN(at)) return invalid('StartPosition.AbsoluteTime must be ISO 8601: yyyy-MM-ddThh:mm:ss.SSSZ.');
        const times = items.map((item) => Date.parse(item.AbsoluteTime));
        if (direction === 'FORWARD') {
          const i = times.findIndex((t) => t >= at);
          start = i < 0 ? items.length : i;
        } else {
          start = times.findLastIndex((t) => t <= at);
        }
      } else if (position.MostRecent !== undefined) {
        start = direction === 'FORWARD' ? Math.max(0, last - position.MostRecent) : last - position.MostRecent;
      } else {
        start = direction === 'FORWARD' ? 0 : last;
      }
    }
    let page: typeof items;
    let next: number | undefined;
    if (max === 0) {
      page = [];
    } else if (direction === 'FORWARD') {
      page = items.slice(start, start + max);
      next = start + max < items.length ? start + max : undefined;
    } else {
      const from = Math.max(0, start - max + 1);
      page = start < 0 ? [] : items.slice(from, start + 1);
      next = start >= 0 && from > 0 ? from - 1 : undefined;
    }
    const sorted = (input.SortOrder ?? 'DESCENDING') === 'ASCENDING' ? page : [...page].reverse();
    return {
      output: {
        InitialContactId: chain.at(-1),
        Transcript: sorted.map((item) => chats.output(source, item)),
        ...(next !== undefined ? { NextToken: writePageToken({ c: target, i: next, d: direction }) } : {}),
      },
    };
  }

  /** The contact and those it continues (PersistentChat's SourceContactId), newest first. */
  function chainOf(contactId: string): string[] {
    const chain = [contactId];
    let contact = store.findById(contactId);
    while (contact?.ContinuedFromContactId && !chain.includes(contact.ContinuedFromContactId)) {
      chain.push(contact.ContinuedFromContactId);
      contact = store.findById(contact.ContinuedFromContactId);
    }
    return chain;
  }

  return {
    handle,
    /** The attachment `attachmentId` of contact `contactId`, for the upload and download URLs. */
    attachment(contactId: string, attachmentId: string): StoredAttachment | undefined {
      return chats.get(contactId)?.attachments.get(attachmentId);
    },
    /** The participant a websocket URL was issued to, while it is valid. */
    websocketGrant(ticket: string): Grant | undefined {
      const grant = websocketTickets.get(ticket);
      return grant && clock() < grant.expiresAt ? grant : undefined;
    },
    /** Expires now every websocket URL issued for the chat of `contactId` (a fault). */
    expireWebsocketUrls(contactId: string) {
      for (const [ticket, grant] of websocketTickets) {
        if (grant.contactId === contactId) websocketTickets.set(ticket, { ...grant, expiresAt: clock() });
      }
    },
    /** The first contact of the chain `contactId` continues: a pushed item's InitialContactId. */
    initialContactId: (contactId: string) => chainOf(contactId).at(-1)!,
  };
}

/** The headers an upload must carry, as StartAttachmentUpload hands them out in HeadersToInclude. */
export function uploadHeaders(attachment: StoredAttachment): Record<string, string> {
  return { 'Content-Type': attachment.ContentType, 'x-amz-meta-attachment-id': attachment.AttachmentId };
}

function attachmentUrl(baseUrl: string, attachment: StoredAttachment, seconds: number, key: string) {
  const path = `/connect-attachments/${encodeURIComponent(attachment.contactId)}/${encodeURIComponent(attachment.AttachmentId)}`;
  return `${baseUrl}${path}?X-Amz-Expires=${seconds}&X-Amz-Signature=${key}`;
}

function validationMessage(problems: readonly string[]) {
  return `${problems.length} validation error(s) detected: ${problems.join('; ')}`;
}

function noAuthenticationSession(sessionId: string) {
  return (
    `No customer authentication session ${sessionId}: the simulator runs no Authenticate Customer flow block, ` +
    'so GetAuthenticationUrl and CancelParticipantAuthentication are not supported.'
  );
}

function writePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function readPageToken(text: string): PageToken | undefined {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageToken;
    const valid =
      typeof token?.c === 'string' && Number.isInteger(token.i) && (token.d === 'FORWARD' || token.d === 'BACKWARD');
    return valid ? token : undefined;
  } catch {
    return undefined;
  }
}
