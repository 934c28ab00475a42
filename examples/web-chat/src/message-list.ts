import type { ChatEventsSubscription, ParticipantRole } from './gql/graphql.js';

/** Any item of the chat, from the transcript or the live stream (both select the same fields). */
export type ChatItem = ChatEventsSubscription['chatEvents'];

const ROLE_NAMES: Record<ParticipantRole, string> = {
  CUSTOMER: 'You',
  AGENT: 'Agent',
  SYSTEM: 'System',
  CUSTOM_BOT: 'Bot',
  SUPERVISOR: 'Supervisor',
};

/** The name shown for who said or did something: their display name, else their role. */
export const nameOf = (item: Pick<ChatItem, 'displayName' | 'participantRole'>) =>
  item.displayName || (item.participantRole ? ROLE_NAMES[item.participantRole] : 'Someone');

/** A message the customer sent that the gateway has not confirmed yet. */
export interface PendingMessage {
  /** Connect took it: it becomes the item `id` (unless the stream showed that item first). */
  sent(id: string): void;
  /** It was not sent; `retry` (same clientToken: never a second message) is offered when given. */
  failed(reason: string, retry?: () => void): void;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** What an event item says, or undefined for items that are not list lines (typing, receipts). */
function eventText(item: ChatItem): string | undefined {
  switch (item.__typename) {
    case 'ChatParticipantJoinedItem':
      return `${nameOf(item)} joined the chat.`;
    case 'ChatParticipantLeftItem':
      return `${nameOf(item)} left the chat.`;
    case 'ChatTransferItem':
      return item.succeeded ? 'The chat was transferred.' : 'A transfer did not go through.';
    case 'ChatEndedItem':
      return 'The chat has ended.';
    default:
      return undefined;
  }
}

/**
 * The conversation as a list: messages and attachments by who sent them, participants coming and
 * going, the end. Each item is shown once, by id, however often the transcript and the stream
 * (after a reload or a reconnect) bring it.
 */
export function createMessageList(list: HTMLOListElement, openAttachment: (attachmentId: string) => void) {
  const shown = new Map<string, HTMLLIElement>();

  function line(item: ChatItem): HTMLLIElement | undefined {
    const role = (item.participantRole ?? 'SYSTEM').toLowerCase().replace('_', '-');
    if (item.__typename === 'ChatMessageItem' || item.__typename === 'ChatAttachmentItem') {
      const li = element('li', `message ${role}`);
      li.append(element('span', 'who', nameOf(item)));
      if (item.__typename === 'ChatMessageItem') li.append(element('span', 'text', item.content));
      else {
        for (const file of item.attachments) {
          const link = element('a', 'file', file.name ?? 'attachment');
          link.href = '#';
          link.dataset.attachmentId = file.attachmentId;
          // The download URL is short-lived: asked for on each click, never kept in the page.
          link.addEventListener('click', (event) => {
            event.preventDefault();
            openAttachment(file.attachmentId);
          });
          li.append(link);
          if (file.status === 'REJECTED') li.append(element('span', 'state', 'Rejected'));
        }
      }
      if (item.participantRole === 'CUSTOMER') li.append(element('span', 'receipt', ''));
      return li;
    }
    const text = eventText(item);
    return text === undefined ? undefined : element('li', `event ${role}`, text);
  }

  function append(li: HTMLLIElement) {
    list.append(li);
    li.scrollIntoView?.({ block: 'nearest' });
  }

  return {
    /** Shows the item unless it is shown already or is no list line; true when it was added. */
    show(item: ChatItem): boolean {
      const known = shown.get(item.id);
      if (known) {
        // A message shown as pending gets the name Connect gives the customer.
        const who = known.querySelector('.who');
        if (who && item.displayName) who.textContent = item.displayName;
        return false;
      }
      const li = line(item);
      if (!li) return false;
      li.dataset.id = item.id;
      shown.set(item.id, li);
      append(li);
      return true;
    },
    /** A read receipt names one of the customer's messages: it says "Read". */
    markRead(messageId: string): void {
      const receipt = shown.get(messageId)?.querySelector('.receipt');
      if (receipt) receipt.textContent = 'Read';
    },
    /** Shows the customer's message at once, before the gateway confirms it. */
    pending(text: string): PendingMessage {
      const li = element('li', 'message customer pending');
      const state = element('span', 'state', 'Sending…');
      li.append(element('span', 'who', ROLE_NAMES.CUSTOMER), element('span', 'text', text), state);
      append(li);
      return {
        sent(id) {
          if (shown.has(id)) {
            // The stream was first: its line stands, this one goes.
            li.remove();
            return;
          }
          li.classList.remove('pending');
          li.dataset.id = id;
          state.replaceWith(element('span', 'receipt', ''));
          shown.set(id, li);
        },
        failed(reason, retry) {
          state.textContent = `Not sent: ${reason}`;
          if (!retry) return;
          const again = element('button', 'retry', 'Retry');
          again.type = 'button';
          again.addEventListener('click', () => {
            again.remove();
            state.textContent = 'Sending…';
            retry();
          });
          li.append(again);
        },
      };
    },
    clear(): void {
      shown.clear();
      list.replaceChildren();
    },
  };
}

export type MessageList = ReturnType<typeof createMessageList>;
