import { GraphQLError } from 'graphql';
import {
  ChatEndedError,
  ChatUnavailableError,
  InvalidInputError,
  ParticipantTokenMissingError,
  ParticipantTokenRefusedError,
  RateLimitedError,
} from '../chat/errors.js';

/*
 * What every operation of the conversation shares: the chat is named by the participant token
 * (header `x-participant-token`) beside the tenant's key, and the same errors apply.
 */

/** A missing or refused participant token as a request error (401), like a missing or unknown key. */
export function participantTokenError(error: unknown): GraphQLError | undefined {
  if (error instanceof ParticipantTokenMissingError) {
    return new GraphQLError(error.message, {
      extensions: { code: 'UNAUTHENTICATED', reason: 'PARTICIPANT_TOKEN_MISSING', http: { status: 401 } },
    });
  }
  if (error instanceof ParticipantTokenRefusedError) {
    return new GraphQLError(error.message, {
      extensions: { code: 'UNAUTHENTICATED', reason: 'PARTICIPANT_TOKEN_INVALID', http: { status: 401 } },
    });
  }
  return undefined;
}

/** Runs a conversation operation: a missing or refused participant token is a request error. */
export async function asRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw participantTokenError(error) ?? error;
  }
}

/** The ChatError members of a conversation result. */
export const CONVERSATION_ERROR_TYPES = [InvalidInputError, RateLimitedError, ChatUnavailableError, ChatEndedError];
