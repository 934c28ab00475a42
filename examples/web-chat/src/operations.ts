import { graphql } from './gql/index.js';

/** What this tenant's widget may use: decides the content types, limits and attachments the page offers. */
export const ChatSettingsQuery = graphql(`
  query ChatSettings {
    chatSettings {
      supportedContentTypes
      initialMessageAllowed
      initialMessageMaxLength
      displayNameMaxLength
      authenticationRequired
      region
      attachments {
        enabled
        contentTypes
        maxSizeBytes
      }
    }
  }
`);

/**
 * Asked before offering chat (x-api-key only; it never fails): open until when, or back when, and
 * how busy the agents are. What Connect could not tell is null (and listed in `unknown`): not shown.
 */
export const ChatAvailabilityQuery = graphql(`
  query ChatAvailability {
    chatAvailability {
      open
      timeZone
      closesAt
      closesAtLocal
      opensAt
      opensAtLocal
      agentsOnline
      agentsAvailable
      contactsInQueue
    }
  }
`);

/** Starts a chat; every member of the result union is selected so each can be shown. */
export const StartChatMutation = graphql(`
  mutation StartChat($input: StartChatContactInput!) {
    startChatContact(input: $input) {
      __typename
      ... on StartChatContactPayload {
        contactId
        participantId
        participantToken
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
      ... on ChatClosedError {
        opensAt
      }
      ... on ChatUnavailableError {
        requestId
      }
    }
  }
`);
