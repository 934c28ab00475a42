/*
 * Where a chat stands, read from its transcript: Connect's Participant Service has no call that
 * says it, but the transcript's join and leave events do.
 */
import type { TranscriptItem, TranscriptPage } from './conversation.js';

/** WAITING: no agent in the chat (queued, or back in a queue after an agent left). CONNECTED: an agent is in it. */
export type ChatSessionState = 'WAITING' | 'CONNECTED';

/** The customer's chat as the transcript shows it. */
export interface ChatSessionView {
  readonly state: ChatSessionState;
  /** The contact the chat's newest item belongs to (a persistent chat's transcript spans several). */
  readonly contactId: string;
  /** The customer's participant ID; absent only when the transcript never shows the customer. */
  readonly participantId?: string;
  /** The agent in the chat, when one is. */
  readonly agentDisplayName?: string;
}

const EVENT = 'application/vnd.amazonaws.connect.event.';
const isEvent = (item: TranscriptItem, name: string) =>
  item.type === name.toUpperCase().replace('.', '_') || item.contentType === `${EVENT}${name}`;

/** Whether the items (any order) show the chat's end. */
export const showsEnd = (items: readonly TranscriptItem[]) => items.some((item) => isEvent(item, 'chat.ended'));

/** The customer's participant ID, from any item the customer made. */
export const customerIn = (items: readonly TranscriptItem[]) =>
  items.find((item) => item.participantRole === 'CUSTOMER' && item.participantId)?.participantId;

/**
 * The session from the newest page of the transcript (newest first) and, when that page never
 * shows the customer, the oldest page (where the customer's join is the first item).
 */
export function sessionFrom(newest: TranscriptPage, oldest?: TranscriptPage): ChatSessionView {
  // The newest join or leave of an agent decides: a leave means the chat went back to a queue (a transfer).
  const lastAgentMove = newest.items.find(
    (item) =>
      item.participantRole === 'AGENT' && (isEvent(item, 'participant.joined') || isEvent(item, 'participant.left')),
  );
  // A long chat's join may be older than the page: an agent who spoke in it and never left is in it.
  const agentSpoke = newest.items.find((item) => item.participantRole === 'AGENT' && item.type === 'MESSAGE');
  const connected =
    lastAgentMove !== undefined ? isEvent(lastAgentMove, 'participant.joined') : agentSpoke !== undefined;
  const agentName = lastAgentMove?.displayName ?? agentSpoke?.displayName;
  const contactId =
    newest.items.find((item) => item.contactId)?.contactId ?? newest.initialContactId ?? oldest?.initialContactId;
  if (!contactId) throw new Error('GetTranscript answered without a contact ID');
  const participantId = customerIn(newest.items) ?? (oldest ? customerIn(oldest.items) : undefined);
  return {
    state: connected ? 'CONNECTED' : 'WAITING',
    contactId,
    ...(participantId ? { participantId } : {}),
    ...(connected && agentName ? { agentDisplayName: agentName } : {}),
  };
}
