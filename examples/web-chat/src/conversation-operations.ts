import { graphql } from './gql/index.js';

/*
 * The conversation's documents: every one names its chat by `x-participant-token`. Results are
 * unions: each selects `__typename` and the ChatError members' `code` and `message`, so the page
 * can tell "try again" from "the chat is over".
 */

/**
 * Asked first after a reload with a kept token (or, signed in, without one: the customer's chat
 * from another device): an answer means "resume", ChatEndedError "start anew". While the chat
 * waits, asked again every few seconds for its place in the queue.
 */
export const ChatSessionQuery = graphql(`
  query ChatSession {
    chatSession {
      __typename
      ... on ChatSession {
        state
        contactId
        agentDisplayName
        queue {
          position
          estimatedWaitSeconds
        }
      }
      ... on ChatError {
        code
        message
      }
    }
  }
`);

/** What the list shows of an item, from the transcript and from the stream alike. */
export const ChatItemFieldsFragment = graphql(`
  fragment ChatItemFields on ChatItem {
    __typename
    id
    at
    participantRole
    displayName
    ... on ChatMessageItem {
      content
      contentType
    }
    ... on ChatAttachmentItem {
      attachments {
        attachmentId
        name
        contentType
        status
      }
    }
    ... on ChatReceiptItem {
      read
      messageId
    }
    ... on ChatTransferItem {
      succeeded
    }
  }
`);

/** The newest items, oldest first: what the list shows before following live events. */
export const ChatTranscriptQuery = graphql(`
  query ChatTranscript($last: Int!) {
    chatTranscript(last: $last) {
      __typename
      ... on ChatTranscript {
        edges {
          node {
            ...ChatItemFields
          }
        }
      }
      ... on ChatError {
        code
        message
      }
    }
  }
`);

/** The live events (SSE); `after` resumes with nothing lost. */
export const ChatEventsSubscription = graphql(`
  subscription ChatEvents($after: ID) {
    chatEvents(after: $after) {
      ...ChatItemFields
    }
  }
`);

/** One message; a retry with the same clientToken sends no second one. */
export const SendChatMessageMutation = graphql(`
  mutation SendChatMessage($input: SendChatMessageInput!) {
    sendChatMessage(input: $input) {
      __typename
      ... on SendChatMessagePayload {
        id
      }
      ... on ChatError {
        code
        message
      }
    }
  }
`);

/** Typing, and read receipts. */
export const SendChatEventMutation = graphql(`
  mutation SendChatEvent($input: SendChatEventInput!) {
    sendChatEvent(input: $input) {
      __typename
      ... on ChatError {
        code
        message
      }
    }
  }
`);

/** Where to PUT a file's bytes, and exactly which headers to send with them. */
export const StartChatAttachmentUploadMutation = graphql(`
  mutation StartChatAttachmentUpload($input: StartChatAttachmentUploadInput!) {
    startChatAttachmentUpload(input: $input) {
      __typename
      ... on StartChatAttachmentUploadPayload {
        attachmentId
        uploadUrl
        headersToInclude {
          name
          value
        }
      }
      ... on ChatError {
        code
        message
      }
    }
  }
`);

/** After the PUT: the file joins the chat (a ChatAttachmentItem on the stream). */
export const CompleteChatAttachmentUploadMutation = graphql(`
  mutation CompleteChatAttachmentUpload($attachmentId: ID!) {
    completeChatAttachmentUpload(attachmentId: $attachmentId) {
      __typename
      ... on ChatError {
        code
        message
      }
    }
  }
`);

/** A short-lived download URL, asked for on each click rather than kept. */
export const ChatAttachmentUrlQuery = graphql(`
  query ChatAttachmentUrl($attachmentId: ID!) {
    chatAttachmentUrl(attachmentId: $attachmentId) {
      __typename
      ... on ChatAttachmentUrl {
        url
      }
      ... on ChatError {
        code
        message
      }
    }
  }
`);

/** The customer leaves: the chat ends for everyone. */
export const EndChatMutation = graphql(`
  mutation EndChat {
    endChat {
      __typename
      ... on ChatError {
        code
        message
      }
    }
  }
`);
