/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ChatSettings {\n    chatSettings {\n      supportedContentTypes\n      initialMessageAllowed\n      initialMessageMaxLength\n      displayNameMaxLength\n      authenticationRequired\n      region\n    }\n  }\n": typeof types.ChatSettingsDocument,
    "\n  mutation StartChat($input: StartChatContactInput!) {\n    startChatContact(input: $input) {\n      __typename\n      ... on StartChatContactPayload {\n        contactId\n        participantId\n        participantToken\n        region\n      }\n      ... on ChatError {\n        code\n        message\n      }\n      ... on InvalidInputError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on RateLimitedError {\n        retryAfterSeconds\n      }\n      ... on ChatCapacityExceededError {\n        capacityRetryAfterSeconds: retryAfterSeconds\n      }\n      ... on ChatUnavailableError {\n        requestId\n      }\n    }\n  }\n": typeof types.StartChatDocument,
};
const documents: Documents = {
    "\n  query ChatSettings {\n    chatSettings {\n      supportedContentTypes\n      initialMessageAllowed\n      initialMessageMaxLength\n      displayNameMaxLength\n      authenticationRequired\n      region\n    }\n  }\n": types.ChatSettingsDocument,
    "\n  mutation StartChat($input: StartChatContactInput!) {\n    startChatContact(input: $input) {\n      __typename\n      ... on StartChatContactPayload {\n        contactId\n        participantId\n        participantToken\n        region\n      }\n      ... on ChatError {\n        code\n        message\n      }\n      ... on InvalidInputError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on RateLimitedError {\n        retryAfterSeconds\n      }\n      ... on ChatCapacityExceededError {\n        capacityRetryAfterSeconds: retryAfterSeconds\n      }\n      ... on ChatUnavailableError {\n        requestId\n      }\n    }\n  }\n": types.StartChatDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatSettings {\n    chatSettings {\n      supportedContentTypes\n      initialMessageAllowed\n      initialMessageMaxLength\n      displayNameMaxLength\n      authenticationRequired\n      region\n    }\n  }\n"): typeof import('./graphql.js').ChatSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartChat($input: StartChatContactInput!) {\n    startChatContact(input: $input) {\n      __typename\n      ... on StartChatContactPayload {\n        contactId\n        participantId\n        participantToken\n        region\n      }\n      ... on ChatError {\n        code\n        message\n      }\n      ... on InvalidInputError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on RateLimitedError {\n        retryAfterSeconds\n      }\n      ... on ChatCapacityExceededError {\n        capacityRetryAfterSeconds: retryAfterSeconds\n      }\n      ... on ChatUnavailableError {\n        requestId\n      }\n    }\n  }\n"): typeof import('./graphql.js').StartChatDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
