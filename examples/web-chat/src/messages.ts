import { closedText, instantOf } from './availability.js';
import type { GatewayOutcome, GatewaySettings } from './gateway-client.js';
import type { StartChatMutation } from './gql/graphql.js';

/** A started chat as the gateway returns it (`StartChatContactPayload`). */
export interface StartedChat {
  readonly contactId: string;
  readonly participantId: string;
  readonly participantToken: string;
  readonly region: string;
}

/** The form fields an `InvalidInputError` can point at. */
export type FieldName = 'displayName' | 'initialMessage' | 'contentTypes';

/** One invalid field, to highlight; `field` is undefined for a path the form has no input for. */
export interface FieldProblem {
  readonly field: FieldName | undefined;
  readonly message: string;
}

/** Something to tell the user instead of a started chat. */
export interface Problem {
  /** The text to show; with `retryAfterSeconds` it is rendered again each second as the countdown runs. */
  readonly message: (secondsLeft: number) => string;
  /** Start stays disabled for this long. */
  readonly retryAfterSeconds?: number;
  readonly fields: readonly FieldProblem[];
}

/** What one click on Start led to. */
export type StartView =
  | { readonly kind: 'started'; readonly chat: StartedChat }
  | ({ readonly kind: 'problem' } & Problem);

type StartChatResult = StartChatMutation['startChatContact'];

const seconds = (n: number) => `${n} ${n === 1 ? 'second' : 'seconds'}`;
const fixed = (text: string) => () => text;

/** Input paths (after `input`) the form has a field for. */
const FIELDS: readonly [RegExp, FieldName][] = [
  [/^participantDetails(\.displayName)?$/, 'displayName'],
  [/^initialMessage(\..*)?$/, 'initialMessage'],
  [/^supportedMessagingContentTypes(\..*)?$/, 'contentTypes'],
];

/** The form field an error path such as `["input","participantDetails","displayName"]` points at. */
export function fieldOf(path: readonly string[]): FieldName | undefined {
  const key = (path[0] === 'input' ? path.slice(1) : path).join('.');
  return FIELDS.find(([pattern]) => pattern.test(key))?.[1];
}

/**
 * Turns each member of the `startChatContact` union into what the page shows; `timeZone` is the
 * hours' (from chatAvailability), for the time a closed chat opens again.
 */
export function describeResult(result: StartChatResult, timeZone: string | null = null): StartView {
  switch (result.__typename) {
    case 'StartChatContactPayload':
      return { kind: 'started', chat: result };
    case 'InvalidInputError': {
      const fields = result.fieldErrors.map((e) => ({ field: fieldOf(e.path), message: e.message }));
      const text = fields.some((f) => f.field)
        ? 'Please check the highlighted field.'
        : `Please check the form: ${fields.map((f) => f.message).join(' ')}`;
      return { kind: 'problem', message: fixed(text), fields };
    }
    case 'RateLimitedError':
      return {
        kind: 'problem',
        message: (left) =>
          left > 0 ? `Too many chat requests right now. Try again in ${seconds(left)}.` : 'You can try again now.',
        retryAfterSeconds: result.retryAfterSeconds,
        fields: [],
      };
    case 'ChatCapacityExceededError': {
      const wait = result.capacityRetryAfterSeconds;
      if (wait === null) {
        return {
          kind: 'problem',
          message: fixed('All our agents are busy right now. Please try again in a few minutes.'),
          fields: [],
        };
      }
      return {
        kind: 'problem',
        message: (left) =>
          left > 0 ? `All our agents are busy right now. Try again in ${seconds(left)}.` : 'You can try again now.',
        retryAfterSeconds: wait,
        fields: [],
      };
    }
    // Outside the hours of operation, for a tenant that refuses starts then: when it opens again.
    case 'ChatClosedError':
      return {
        kind: 'problem',
        message: fixed(closedText(instantOf(result.opensAt), timeZone)),
        fields: [],
      };
    case 'ChatUnavailableError':
      return {
        kind: 'problem',
        message: fixed(`Chat is not available right now. Please try again later (reference ${result.requestId}).`),
        fields: [],
      };
  }
}

/** The message for a request that produced no result: refused, blocked by the browser or unanswered. */
export function describeFailure(
  outcome: Exclude<GatewayOutcome<unknown>, { kind: 'data' }>,
  gateway: GatewaySettings,
  origin: string,
): Problem {
  switch (outcome.kind) {
    case 'blocked':
      return {
        message: fixed(
          `The chat gateway refused this page: ${origin} is not an allowed origin for this key. ` +
            `The operator must add "${origin}" to the tenant's allowedOrigins.`,
        ),
        fields: [],
      };
    case 'unreachable':
      return {
        message: fixed(`Cannot reach the chat gateway at ${gateway.url}. Is it running (npm start)?`),
        fields: [],
      };
    case 'refused': {
      const text =
        outcome.code === 'UNAUTHENTICATED'
          ? `The chat gateway does not accept this page's key (${outcome.message})`
          : outcome.code === 'FORBIDDEN'
            ? `The chat gateway refused this page: ${outcome.message}`
            : `The chat gateway refused the request: ${outcome.message}`;
      return { message: fixed(text), fields: [] };
    }
  }
}
