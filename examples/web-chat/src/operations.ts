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
      ... on ChatUnavailableError {
        requestId
      }
    }
  }
`);
