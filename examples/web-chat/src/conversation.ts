import { type AttachmentPolicy, createAttachments } from './attachments.js';
import { createComposer, type SendOutcome } from './composer.js';
import {
  ChatSessionQuery,
  ChatTranscriptQuery,
  EndChatMutation,
  SendChatEventMutation,
  SendChatMessageMutation,
} from './conversation-operations.js';
import { type ChatEvent, followChatEvents, type StreamEnd } from './events.js';
import { type ChatCredentials, execute, type GatewayOutcome, type GatewaySettings } from './gateway-client.js';
import type { ChatSessionState, TypedDocumentString } from './gql/graphql.js';
import { type ChatItem, createMessageList, nameOf } from './message-list.js';
import { watchQueue } from './queue.js';
import { createReadReceipts } from './receipts.js';
import type { SessionStore } from './session-store.js';
import { createTypingIndicator } from './typing.js';

/** How many of the newest items a (re)opened chat shows before following live events (the gateway's page maximum). */
const HISTORY_ITEMS = 100;

/** The chat to show: just started, resumed after a reload, or continued from another device. */
export interface OpenChat {
  /** Absent for a chat continued from another device: the gateway finds it by the customer's JWT. */
  readonly participantToken?: string | undefined;
  readonly contactId: string;
  readonly region: string;
  readonly state: ChatSessionState;
  readonly agentDisplayName?: string | null;
}

/** Options of {@link openConversation}. */
export interface ConversationDeps {
  readonly gateway: GatewaySettings;
  readonly store: SessionStore;
  readonly attachmentPolicy: () => AttachmentPolicy | undefined;
  /** The customer asks for a new chat once this one is over. */
  readonly onNewChat: () => void;
}

const $ = <E extends HTMLElement>(id: string) => document.getElementById(id) as E;

/** Whether a mutation went through, and if not, whether the chat is over. */
function settled(outcome: GatewayOutcome<unknown>, typename: string | undefined, payload: string) {
  if (typename === payload) return 'ok';
  if (typename === 'ChatEndedError' || (outcome.kind === 'refused' && outcome.status === 401)) return 'ended';
  return 'failed';
}

/**
 * The chat view: the history first (chatTranscript), then live events from right after its newest
 * item (chatEvents with `after`), so a reload shows each item once and loses none; the message box,
 * typing both ways, read receipts, attachments and End chat. Everything stops when the chat ends.
 */
export function openConversation(deps: ConversationDeps, chat: OpenChat): void {
  const credentials: ChatCredentials = chat.participantToken ? { participantToken: chat.participantToken } : {};
  const run = <R, V>(document: TypedDocumentString<R, V>, variables: V) =>
    execute(deps.gateway, document, variables, credentials);

  const status = $('chat-status');
  const reconnecting = $('reconnecting');
  const problem = $('chat-problem');
  const endButton = $<HTMLButtonElement>('end-chat');
  const composerForm = $<HTMLFormElement>('composer');
  const report = (message: string) => {
    problem.textContent = message;
    problem.hidden = false;
  };
  let over = false;
  const showAgent = (name: string | null | undefined) => {
    status.textContent = name ? `You are chatting with ${name}.` : 'Waiting for an agent…';
  };

  $('contact-id').textContent = chat.contactId;
  $('region').textContent = chat.region;
  $('chat').hidden = false;
  $('chat-ended').hidden = true;
  problem.hidden = true;
  reconnecting.hidden = true;
  $('queue-status').hidden = true;
  composerForm.hidden = false;
  endButton.disabled = false;
  showAgent(chat.state === 'CONNECTED' ? (chat.agentDisplayName ?? 'an agent') : undefined);

  // While no agent has the chat, its place in the queue is asked every few seconds.
  let agentPresent = chat.state === 'CONNECTED';
  let replaying = true;
  let queue: ReturnType<typeof watchQueue> | undefined;
  function followQueue() {
    if (replaying) return;
    if (agentPresent || over) {
      queue?.stop();
      queue = undefined;
      return;
    }
    queue ??= watchQueue({
      ask: () => run(ChatSessionQuery, {}),
      element: $('queue-status'),
      onConnected(name) {
        queue = undefined;
        agentPresent = true;
        showAgent(name ?? 'an agent');
      },
    });
  }

  const typing = createTypingIndicator($('typing'));
  const attachments = createAttachments({
    gateway: deps.gateway,
    chat: credentials,
    policy: deps.attachmentPolicy,
    report,
    elements: {
      input: $('attachment'),
      box: $('upload'),
      name: $('upload-name'),
      progress: $('upload-progress'),
      status: $('upload-status'),
      retry: $('upload-retry'),
    },
  });
  const list = createMessageList($('messages'), (id) => void attachments.open(id));
  list.clear();
  $('upload').hidden = true;
  const receipts = createReadReceipts({
    document,
    wasRead: deps.store.wasRead,
    markedRead: deps.store.markedRead,
    async send(messageId) {
      const outcome = await run(SendChatEventMutation, { input: { type: 'MESSAGE_READ', messageId } });
      return outcome.kind === 'data' && outcome.data.sendChatEvent.__typename === 'SendChatEventPayload';
    },
  });
  const composer = createComposer({
    form: composerForm,
    input: $('message'),
    list,
    typing: () => void run(SendChatEventMutation, { input: { type: 'TYPING' } }),
    async send(content, clientToken): Promise<SendOutcome> {
      const outcome = await run(SendChatMessageMutation, {
        input: { contentType: 'TEXT_PLAIN', content, clientToken },
      });
      const result = outcome.kind === 'data' ? outcome.data.sendChatMessage : undefined;
      if (result?.__typename === 'SendChatMessagePayload') return { kind: 'sent', id: result.id };
      if (settled(outcome, result?.__typename, 'SendChatMessagePayload') === 'ended') {
        return { kind: 'failed', reason: 'the chat has ended', retry: false };
      }
      const reason = result ? result.message : outcome.kind === 'refused' ? outcome.message : 'no answer from the chat';
      return { kind: 'failed', reason, retry: result?.__typename !== 'InvalidInputError' };
    },
  });

  /** One item, from the transcript or the stream. */
  function take(item: ChatItem) {
    const fromAgent = item.participantRole !== 'CUSTOMER';
    if (item.__typename === 'ChatTypingItem') {
      if (fromAgent) typing.typing(nameOf(item));
      return;
    }
    if (item.__typename === 'ChatReceiptItem') {
      if (fromAgent && item.read && item.messageId) list.markRead(item.messageId);
      return;
    }
    if (!list.show(item)) return;
    if ((item.__typename === 'ChatMessageItem' || item.__typename === 'ChatAttachmentItem') && fromAgent) {
      typing.hide();
      receipts.shown(item.id);
    }
    if (item.participantRole === 'AGENT' && item.__typename === 'ChatParticipantJoinedItem') {
      showAgent(nameOf(item));
      agentPresent = true;
      followQueue();
    }
    if (item.participantRole === 'AGENT' && item.__typename === 'ChatParticipantLeftItem') {
      showAgent(undefined);
      agentPresent = false;
      followQueue();
    }
    if (item.__typename === 'ChatEndedItem') ended();
  }

  let following: ReturnType<typeof followChatEvents> | undefined;
  // The browser knows first when the network goes: drop the stream at once rather than wait for it to time out.
  const offline = () => {
    reconnecting.hidden = false;
    following?.interrupt();
  };
  const online = () => following?.reconnectNow();
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);

  function ended(why: StreamEnd = 'ended') {
    if (over) return;
    over = true;
    following?.stop();
    followQueue();
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
    deps.store.clear();
    composer.close();
    attachments.close();
    receipts.dispose();
    typing.hide();
    reconnecting.hidden = true;
    composerForm.hidden = true;
    status.textContent = why === 'ended' ? 'This chat has ended.' : 'This chat is no longer available.';
    $('chat-ended').hidden = false;
  }

  endButton.onclick = async () => {
    endButton.disabled = true;
    const outcome = await run(EndChatMutation, {});
    const result = outcome.kind === 'data' ? outcome.data.endChat : undefined;
    if (settled(outcome, result?.__typename, 'EndChatPayload') !== 'failed') return ended();
    endButton.disabled = false;
    report(`The chat could not be ended: ${result && 'message' in result ? result.message : 'try again'}.`);
  };
  $('new-chat').onclick = () => {
    $('chat').hidden = true;
    deps.onNewChat();
  };

  void (async () => {
    const history = await run(ChatTranscriptQuery, { last: HISTORY_ITEMS });
    const page = history.kind === 'data' ? history.data.chatTranscript : undefined;
    if (settled(history, page?.__typename, 'ChatTranscript') === 'ended') return ended();
    const items = page?.__typename === 'ChatTranscript' ? page.edges.map((edge) => edge.node) : [];
    for (const item of items) take(item);
    if (over) return;
    // The history decided whether an agent has the chat: from here on, joins and leaves move the queue watch.
    replaying = false;
    followQueue();
    // After the newest item shown; without history (it could not be read), after the last event this tab saw.
    following = followChatEvents({
      gateway: deps.gateway,
      chat: credentials,
      after: items.at(-1)?.id ?? deps.store.lastEventId(),
      onEvent(event: ChatEvent) {
        deps.store.eventShown(event.id);
        take(event);
      },
      onState: (state) => {
        reconnecting.hidden = state === 'live';
      },
      onEnd: ended,
    });
  })();
}
