import { ChatSessionQuery } from './conversation-operations.js';
import { execute, type GatewaySettings } from './gateway-client.js';
import type { ChatSessionState } from './gql/graphql.js';
import type { SessionStore } from './session-store.js';

/** What a page load does with the chat kept in this tab. */
export type ResumeOutcome =
  /** No chat kept: offer the start form. */
  | { readonly kind: 'none' }
  /** The chat goes on: show it again. */
  | {
      readonly kind: 'resume';
      readonly participantToken: string;
      readonly contactId: string;
      readonly state: ChatSessionState;
      readonly agentDisplayName: string | null;
    }
  /** The kept chat is over (ChatEndedError, or a token the gateway refuses): forgotten, offer a new one. */
  | { readonly kind: 'ended' }
  /** The gateway could not say (unreachable, a limit, Connect down): the token is kept for a retry. */
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Asks `chatSession` about the kept chat. The replica that saw a chat end says CHAT_ENDED, any
 * other (or one restarted since) a 401 for the token: both mean "start a new chat".
 */
export async function resumeKeptChat(gateway: GatewaySettings, store: SessionStore): Promise<ResumeOutcome> {
  const participantToken = store.token();
  if (participantToken === undefined) return { kind: 'none' };
  const outcome = await execute(gateway, ChatSessionQuery, {}, { participantToken });
  if (outcome.kind === 'refused' && outcome.status === 401) {
    store.clear();
    return { kind: 'ended' };
  }
  if (outcome.kind !== 'data') {
    return {
      kind: 'unknown',
      reason: outcome.kind === 'refused' ? outcome.message : 'the chat service cannot be reached',
    };
  }
  const session = outcome.data.chatSession;
  switch (session.__typename) {
    case 'ChatSession':
      return { kind: 'resume', participantToken, ...session };
    case 'ChatEndedError':
      store.clear();
      return { kind: 'ended' };
    default:
      return { kind: 'unknown', reason: session.message };
  }
}
