import { ChatSessionQuery } from './conversation-operations.js';
import { type ChatCredentials, execute, type GatewaySettings } from './gateway-client.js';
import type { ChatSessionState } from './gql/graphql.js';
import type { SessionStore } from './session-store.js';

/** What a page load does with the chat kept in this tab, or the signed-in customer's chat. */
export type ResumeOutcome =
  /** No chat kept or found: offer the start form. */
  | { readonly kind: 'none' }
  /** The chat goes on: show it again. Without a token: the customer's chat, found by the JWT (another device's). */
  | {
      readonly kind: 'resume';
      readonly participantToken: string | undefined;
      readonly contactId: string;
      readonly state: ChatSessionState;
      readonly agentDisplayName: string | null;
    }
  /** The kept chat is over (ChatEndedError, or a token the gateway refuses): forgotten, offer a new one. */
  | { readonly kind: 'ended' }
  /** The gateway could not say (unreachable, a limit, Connect down): the token is kept for a retry. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** Asks `chatSession` with these credentials; 'gone' is ChatEndedError or a 401. */
async function askSession(gateway: GatewaySettings, chat: ChatCredentials) {
  const outcome = await execute(gateway, ChatSessionQuery, {}, chat);
  if (outcome.kind === 'refused' && outcome.status === 401) return { kind: 'gone' } as const;
  if (outcome.kind !== 'data') {
    const reason = outcome.kind === 'refused' ? outcome.message : 'the chat service cannot be reached';
    return { kind: 'unknown', reason } as const;
  }
  const session = outcome.data.chatSession;
  if (session.__typename === 'ChatSession') return { kind: 'session', session } as const;
  if (session.__typename === 'ChatEndedError') return { kind: 'gone' } as const;
  return { kind: 'unknown', reason: session.message } as const;
}

/**
 * Asks `chatSession` about the kept chat. The replica that saw a chat end says CHAT_ENDED, any
 * other (or one restarted since) a 401 for the token: both mean "start a new chat". A signed-in
 * customer (a JWT) with no kept chat, or whose kept chat is over, asks without a token: the
 * gateway answers with the chat this customer has open elsewhere, or a 401 when there is none.
 */
export async function resumeKeptChat(gateway: GatewaySettings, store: SessionStore): Promise<ResumeOutcome> {
  const participantToken = store.token();
  let ended = false;
  if (participantToken !== undefined) {
    const kept = await askSession(gateway, { participantToken });
    if (kept.kind === 'session') return { kind: 'resume', participantToken, ...kept.session };
    if (kept.kind === 'unknown') return kept;
    store.clear();
    ended = true;
  }
  if (gateway.callerJwt !== undefined) {
    const mine = await askSession(gateway, {});
    if (mine.kind === 'session') return { kind: 'resume', participantToken: undefined, ...mine.session };
    // Nothing found, or no answer: without a kept chat there may be nothing to wait for, so the form.
  }
  return ended ? { kind: 'ended' } : { kind: 'none' };
}
