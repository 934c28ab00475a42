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
    "query ChatSettings {\n  chatSettings {\n    supportedContentTypes\n    chatDurationInMinutes {\n      min\n      max\n      default\n    }\n    initialMessageAllowed\n    initialMessageMaxLength\n    displayNameMaxLength\n    persistentChatAllowed\n    relatedContactsAllowed\n    allowedAttributeKeys\n    allowedSegmentAttributeKeys\n    authenticationRequired\n    region\n  }\n}": typeof types.ChatSettingsDocument,
    "mutation StartChat($input: StartChatContactInput!) {\n  startChatContact(input: $input) {\n    __typename\n    ... on StartChatContactPayload {\n      contactId\n      participantId\n      participantToken\n      continuedFromContactId\n      region\n    }\n    ... on ChatError {\n      code\n      message\n    }\n    ... on InvalidInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on ChatCapacityExceededError {\n      capacityRetryAfterSeconds: retryAfterSeconds\n    }\n    ... on ChatUnavailableError {\n      requestId\n    }\n  }\n}": typeof types.StartChatDocument,
};
const documents: Documents = {
    "query ChatSettings {\n  chatSettings {\n    supportedContentTypes\n    chatDurationInMinutes {\n      min\n      max\n      default\n    }\n    initialMessageAllowed\n    initialMessageMaxLength\n    displayNameMaxLength\n    persistentChatAllowed\n    relatedContactsAllowed\n    allowedAttributeKeys\n    allowedSegmentAttributeKeys\n    authenticationRequired\n    region\n  }\n}": types.ChatSettingsDocument,
    "mutation StartChat($input: StartChatContactInput!) {\n  startChatContact(input: $input) {\n    __typename\n    ... on StartChatContactPayload {\n      contactId\n      participantId\n      participantToken\n      continuedFromContactId\n      region\n    }\n    ... on ChatError {\n      code\n      message\n    }\n    ... on InvalidInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on ChatCapacityExceededError {\n      capacityRetryAfterSeconds: retryAfterSeconds\n    }\n    ... on ChatUnavailableError {\n      requestId\n    }\n  }\n}": types.StartChatDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ChatSettings {\n  chatSettings {\n    supportedContentTypes\n    chatDurationInMinutes {\n      min\n      max\n      default\n    }\n    initialMessageAllowed\n    initialMessageMaxLength\n    displayNameMaxLength\n    persistentChatAllowed\n    relatedContactsAllowed\n    allowedAttributeKeys\n    allowedSegmentAttributeKeys\n    authenticationRequired\n    region\n  }\n}"): typeof import('./graphql.js').ChatSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartChat($input: StartChatContactInput!) {\n  startChatContact(input: $input) {\n    __typename\n    ... on StartChatContactPayload {\n      contactId\n      participantId\n      participantToken\n      continuedFromContactId\n      region\n    }\n    ... on ChatError {\n      code\n      message\n    }\n    ... on InvalidInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on ChatCapacityExceededError {\n      capacityRetryAfterSeconds: retryAfterSeconds\n    }\n    ... on ChatUnavailableError {\n      requestId\n    }\n  }\n}"): typeof import('./graphql.js').StartChatDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
