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
    "\n  query ChatSession {\n    chatSession {\n      __typename\n      ... on ChatSession {\n        state\n        contactId\n        agentDisplayName\n        queue {\n          position\n          estimatedWaitSeconds\n        }\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": typeof types.ChatSessionDocument,
    "\n  fragment ChatItemFields on ChatItem {\n    __typename\n    id\n    at\n    participantRole\n    displayName\n    ... on ChatMessageItem {\n      content\n      contentType\n    }\n    ... on ChatAttachmentItem {\n      attachments {\n        attachmentId\n        name\n        contentType\n        status\n      }\n    }\n    ... on ChatReceiptItem {\n      read\n      messageId\n    }\n    ... on ChatTransferItem {\n      succeeded\n    }\n  }\n": typeof types.ChatItemFieldsFragmentDoc,
    "\n  query ChatTranscript($last: Int!) {\n    chatTranscript(last: $last) {\n      __typename\n      ... on ChatTranscript {\n        edges {\n          node {\n            ...ChatItemFields\n          }\n        }\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": typeof types.ChatTranscriptDocument,
    "\n  subscription ChatEvents($after: ID) {\n    chatEvents(after: $after) {\n      ...ChatItemFields\n    }\n  }\n": typeof types.ChatEventsDocument,
    "\n  mutation SendChatMessage($input: SendChatMessageInput!) {\n    sendChatMessage(input: $input) {\n      __typename\n      ... on SendChatMessagePayload {\n        id\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": typeof types.SendChatMessageDocument,
    "\n  mutation SendChatEvent($input: SendChatEventInput!) {\n    sendChatEvent(input: $input) {\n      __typename\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": typeof types.SendChatEventDocument,
    "\n  mutation StartChatAttachmentUpload($input: StartChatAttachmentUploadInput!) {\n    startChatAttachmentUpload(input: $input) {\n      __typename\n      ... on StartChatAttachmentUploadPayload {\n        attachmentId\n        uploadUrl\n        headersToInclude {\n          name\n          value\n        }\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": typeof types.StartChatAttachmentUploadDocument,
    "\n  mutation CompleteChatAttachmentUpload($attachmentId: ID!) {\n    completeChatAttachmentUpload(attachmentId: $attachmentId) {\n      __typename\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": typeof types.CompleteChatAttachmentUploadDocument,
    "\n  query ChatAttachmentUrl($attachmentId: ID!) {\n    chatAttachmentUrl(attachmentId: $attachmentId) {\n      __typename\n      ... on ChatAttachmentUrl {\n        url\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": typeof types.ChatAttachmentUrlDocument,
    "\n  mutation EndChat {\n    endChat {\n      __typename\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": typeof types.EndChatDocument,
    "\n  query ChatSettings {\n    chatSettings {\n      supportedContentTypes\n      initialMessageAllowed\n      initialMessageMaxLength\n      displayNameMaxLength\n      authenticationRequired\n      region\n      attachments {\n        enabled\n        contentTypes\n        maxSizeBytes\n      }\n    }\n  }\n": typeof types.ChatSettingsDocument,
    "\n  query ChatAvailability {\n    chatAvailability {\n      open\n      timeZone\n      closesAt\n      closesAtLocal\n      opensAt\n      opensAtLocal\n      agentsOnline\n      agentsAvailable\n      contactsInQueue\n    }\n  }\n": typeof types.ChatAvailabilityDocument,
    "\n  mutation StartChat($input: StartChatContactInput!) {\n    startChatContact(input: $input) {\n      __typename\n      ... on StartChatContactPayload {\n        contactId\n        participantId\n        participantToken\n        region\n      }\n      ... on ChatError {\n        code\n        message\n      }\n      ... on InvalidInputError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on RateLimitedError {\n        retryAfterSeconds\n      }\n      ... on ChatCapacityExceededError {\n        capacityRetryAfterSeconds: retryAfterSeconds\n      }\n      ... on ChatClosedError {\n        opensAt\n      }\n      ... on ChatUnavailableError {\n        requestId\n      }\n    }\n  }\n": typeof types.StartChatDocument,
};
const documents: Documents = {
    "\n  query ChatSession {\n    chatSession {\n      __typename\n      ... on ChatSession {\n        state\n        contactId\n        agentDisplayName\n        queue {\n          position\n          estimatedWaitSeconds\n        }\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": types.ChatSessionDocument,
    "\n  fragment ChatItemFields on ChatItem {\n    __typename\n    id\n    at\n    participantRole\n    displayName\n    ... on ChatMessageItem {\n      content\n      contentType\n    }\n    ... on ChatAttachmentItem {\n      attachments {\n        attachmentId\n        name\n        contentType\n        status\n      }\n    }\n    ... on ChatReceiptItem {\n      read\n      messageId\n    }\n    ... on ChatTransferItem {\n      succeeded\n    }\n  }\n": types.ChatItemFieldsFragmentDoc,
    "\n  query ChatTranscript($last: Int!) {\n    chatTranscript(last: $last) {\n      __typename\n      ... on ChatTranscript {\n        edges {\n          node {\n            ...ChatItemFields\n          }\n        }\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": types.ChatTranscriptDocument,
    "\n  subscription ChatEvents($after: ID) {\n    chatEvents(after: $after) {\n      ...ChatItemFields\n    }\n  }\n": types.ChatEventsDocument,
    "\n  mutation SendChatMessage($input: SendChatMessageInput!) {\n    sendChatMessage(input: $input) {\n      __typename\n      ... on SendChatMessagePayload {\n        id\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": types.SendChatMessageDocument,
    "\n  mutation SendChatEvent($input: SendChatEventInput!) {\n    sendChatEvent(input: $input) {\n      __typename\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": types.SendChatEventDocument,
    "\n  mutation StartChatAttachmentUpload($input: StartChatAttachmentUploadInput!) {\n    startChatAttachmentUpload(input: $input) {\n      __typename\n      ... on StartChatAttachmentUploadPayload {\n        attachmentId\n        uploadUrl\n        headersToInclude {\n          name\n          value\n        }\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": types.StartChatAttachmentUploadDocument,
    "\n  mutation CompleteChatAttachmentUpload($attachmentId: ID!) {\n    completeChatAttachmentUpload(attachmentId: $attachmentId) {\n      __typename\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": types.CompleteChatAttachmentUploadDocument,
    "\n  query ChatAttachmentUrl($attachmentId: ID!) {\n    chatAttachmentUrl(attachmentId: $attachmentId) {\n      __typename\n      ... on ChatAttachmentUrl {\n        url\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": types.ChatAttachmentUrlDocument,
    "\n  mutation EndChat {\n    endChat {\n      __typename\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n": types.EndChatDocument,
    "\n  query ChatSettings {\n    chatSettings {\n      supportedContentTypes\n      initialMessageAllowed\n      initialMessageMaxLength\n      displayNameMaxLength\n      authenticationRequired\n      region\n      attachments {\n        enabled\n        contentTypes\n        maxSizeBytes\n      }\n    }\n  }\n": types.ChatSettingsDocument,
    "\n  query ChatAvailability {\n    chatAvailability {\n      open\n      timeZone\n      closesAt\n      closesAtLocal\n      opensAt\n      opensAtLocal\n      agentsOnline\n      agentsAvailable\n      contactsInQueue\n    }\n  }\n": types.ChatAvailabilityDocument,
    "\n  mutation StartChat($input: StartChatContactInput!) {\n    startChatContact(input: $input) {\n      __typename\n      ... on StartChatContactPayload {\n        contactId\n        participantId\n        participantToken\n        region\n      }\n      ... on ChatError {\n        code\n        message\n      }\n      ... on InvalidInputError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on RateLimitedError {\n        retryAfterSeconds\n      }\n      ... on ChatCapacityExceededError {\n        capacityRetryAfterSeconds: retryAfterSeconds\n      }\n      ... on ChatClosedError {\n        opensAt\n      }\n      ... on ChatUnavailableError {\n        requestId\n      }\n    }\n  }\n": types.StartChatDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatSession {\n    chatSession {\n      __typename\n      ... on ChatSession {\n        state\n        contactId\n        agentDisplayName\n        queue {\n          position\n          estimatedWaitSeconds\n        }\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').ChatSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChatItemFields on ChatItem {\n    __typename\n    id\n    at\n    participantRole\n    displayName\n    ... on ChatMessageItem {\n      content\n      contentType\n    }\n    ... on ChatAttachmentItem {\n      attachments {\n        attachmentId\n        name\n        contentType\n        status\n      }\n    }\n    ... on ChatReceiptItem {\n      read\n      messageId\n    }\n    ... on ChatTransferItem {\n      succeeded\n    }\n  }\n"): typeof import('./graphql.js').ChatItemFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatTranscript($last: Int!) {\n    chatTranscript(last: $last) {\n      __typename\n      ... on ChatTranscript {\n        edges {\n          node {\n            ...ChatItemFields\n          }\n        }\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').ChatTranscriptDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ChatEvents($after: ID) {\n    chatEvents(after: $after) {\n      ...ChatItemFields\n    }\n  }\n"): typeof import('./graphql.js').ChatEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendChatMessage($input: SendChatMessageInput!) {\n    sendChatMessage(input: $input) {\n      __typename\n      ... on SendChatMessagePayload {\n        id\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').SendChatMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendChatEvent($input: SendChatEventInput!) {\n    sendChatEvent(input: $input) {\n      __typename\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').SendChatEventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartChatAttachmentUpload($input: StartChatAttachmentUploadInput!) {\n    startChatAttachmentUpload(input: $input) {\n      __typename\n      ... on StartChatAttachmentUploadPayload {\n        attachmentId\n        uploadUrl\n        headersToInclude {\n          name\n          value\n        }\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').StartChatAttachmentUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteChatAttachmentUpload($attachmentId: ID!) {\n    completeChatAttachmentUpload(attachmentId: $attachmentId) {\n      __typename\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').CompleteChatAttachmentUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatAttachmentUrl($attachmentId: ID!) {\n    chatAttachmentUrl(attachmentId: $attachmentId) {\n      __typename\n      ... on ChatAttachmentUrl {\n        url\n      }\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').ChatAttachmentUrlDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndChat {\n    endChat {\n      __typename\n      ... on ChatError {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').EndChatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatSettings {\n    chatSettings {\n      supportedContentTypes\n      initialMessageAllowed\n      initialMessageMaxLength\n      displayNameMaxLength\n      authenticationRequired\n      region\n      attachments {\n        enabled\n        contentTypes\n        maxSizeBytes\n      }\n    }\n  }\n"): typeof import('./graphql.js').ChatSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatAvailability {\n    chatAvailability {\n      open\n      timeZone\n      closesAt\n      closesAtLocal\n      opensAt\n      opensAtLocal\n      agentsOnline\n      agentsAvailable\n      contactsInQueue\n    }\n  }\n"): typeof import('./graphql.js').ChatAvailabilityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartChat($input: StartChatContactInput!) {\n    startChatContact(input: $input) {\n      __typename\n      ... on StartChatContactPayload {\n        contactId\n        participantId\n        participantToken\n        region\n      }\n      ... on ChatError {\n        code\n        message\n      }\n      ... on InvalidInputError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on RateLimitedError {\n        retryAfterSeconds\n      }\n      ... on ChatCapacityExceededError {\n        capacityRetryAfterSeconds: retryAfterSeconds\n      }\n      ... on ChatClosedError {\n        opensAt\n      }\n      ... on ChatUnavailableError {\n        requestId\n      }\n    }\n  }\n"): typeof import('./graphql.js').StartChatDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
