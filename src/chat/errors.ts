/**
 * Failures an end user causes or must react to. They are values of the GraphQL result union;
 * everything else is thrown as-is and masked.
 */

/** Stable error codes, one per union member. */
export const ChatErrorCode = {
  /** The input breaks a rule of Connect or of the tenant; see `fieldErrors`. */
  INVALID_INPUT: 'INVALID_INPUT',
  /** A gateway rate limit refused the start, or Connect still throttles after retries; try again after `retryAfterSeconds`. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The tenant's instance has reached its concurrent active chats quota. */
  CHAT_CAPACITY_EXCEEDED: 'CHAT_CAPACITY_EXCEEDED',
  /** Chat could not be started for a reason the caller cannot fix; quote `requestId`. */
  CHAT_UNAVAILABLE: 'CHAT_UNAVAILABLE',
  /** The chat is over (the customer, the agent or Connect ended it): nothing more can be done in it. */
  CHAT_ENDED: 'CHAT_ENDED',
  /** The tenant's hours say closed now, and the tenant refuses starts while closed; see `opensAt`. */
  CHAT_CLOSED: 'CHAT_CLOSED',
} as const;
export type ChatErrorCode = (typeof ChatErrorCode)[keyof typeof ChatErrorCode];

/** Base of every domain error; its message is safe to show to an end user. */
export abstract class ChatError extends Error {
  abstract readonly code: ChatErrorCode;
}

/** One broken rule, located by its path in the GraphQL arguments. */
export interface FieldError {
  readonly path: readonly string[];
  readonly message: string;
}

export class InvalidInputError extends ChatError {
  override name = 'InvalidInputError';
  readonly code = ChatErrorCode.INVALID_INPUT;
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super(
      fieldErrors.length === 1
        ? `The input is invalid: ${fieldErrors[0]?.message}`
        : `The input is invalid (${fieldErrors.length} problems).`,
    );
  }
}

export class RateLimitedError extends ChatError {
  override name = 'RateLimitedError';
  readonly code = ChatErrorCode.RATE_LIMITED;
  /** @param what what there is too much of, as a sentence (the default: chat starts) */
  constructor(
    readonly retryAfterSeconds: number,
    what = 'Too many chats are being started right now.',
  ) {
    super(`${what} Try again in ${retryAfterSeconds} s.`);
  }
}

export class ChatCapacityExceededError extends ChatError {
  override name = 'ChatCapacityExceededError';
  readonly code = ChatErrorCode.CHAT_CAPACITY_EXCEEDED;
  constructor(readonly retryAfterSeconds: number | null = null) {
    super('All chat capacity is in use. Please try again later.');
  }
}

export class ChatUnavailableError extends ChatError {
  override name = 'ChatUnavailableError';
  readonly code = ChatErrorCode.CHAT_UNAVAILABLE;
  constructor(readonly requestId: string) {
    super(`Chat is unavailable right now. Quote request ID ${requestId} when contacting support.`);
  }
}

export class ChatEndedError extends ChatError {
  override name = 'ChatEndedError';
  readonly code = ChatErrorCode.CHAT_ENDED;
  constructor() {
    super('This chat has ended.');
  }
}

/** The chat is closed now (the tenant refuses starts while its hours say closed); nothing reached Connect. */
export class ChatClosedError extends ChatError {
  override name = 'ChatClosedError';
  readonly code = ChatErrorCode.CHAT_CLOSED;
  /** @param opensAt when chat opens next, if within the week read */
  constructor(readonly opensAt: Date | null) {
    super('Chat is closed now.');
  }
}

/**
 * Connect does not accept the participant token (unknown, foreign, or malformed): a request
 * error (401), not a union member, as for a bad API key. Never carries the token.
 */
export class ParticipantTokenRefusedError extends Error {
  override name = 'ParticipantTokenRefusedError';
  constructor() {
    super('Connect does not accept this participant token.');
  }
}

/** A conversation operation without `x-participant-token`: a request error (401), like a missing key. */
export class ParticipantTokenMissingError extends Error {
  override name = 'ParticipantTokenMissingError';
  constructor() {
    super(
      'Missing x-participant-token header: conversation operations name their chat by the participant token startChatContact returned.',
    );
  }
}

/**
 * A live event stream ended before the chat did: this replica is shutting down, or the client
 * read too slowly to be kept up with. Nothing is lost: the client subscribes again with `after`
 * (any replica), after `retryAfterSeconds`.
 */
export class StreamInterruptedError extends Error {
  override name = 'StreamInterruptedError';
  constructor(
    readonly reason: 'shutdown' | 'lagging',
    readonly retryAfterSeconds = 1,
  ) {
    super(
      reason === 'shutdown'
        ? 'This server is restarting: subscribe again with after = the last event ID.'
        : 'The stream fell behind: subscribe again with after = the last event ID.',
    );
  }
}
