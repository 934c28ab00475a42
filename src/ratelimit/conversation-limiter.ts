import { chatKeyOf } from '../chat/chat-key.js';
import type { ParticipantRef } from '../chat/conversation.js';
import { RateLimitedError } from '../chat/errors.js';
import type { CallContext, ParticipantService } from '../chat/ports.js';
import type { LimitStore, Verdict } from './store.js';

/** Which limit refused a write: for the log and the metrics label, never for the client. */
export type ConversationLimitName = 'chat-writes' | 'tenant-writes';

/** Options of {@link withConversationLimits}. */
export interface ConversationLimits {
  readonly store: LimitStore;
  /** Messages, events and uploads one chat may send per minute. */
  readonly chatPerMinute: number;
  /** Messages, events and uploads all of a tenant's chats may send per minute. */
  readonly tenantPerMinute: number;
  /** Told of each refusal, e.g. to count it in the metrics. */
  readonly onRefused?: (tenantId: string | undefined, limit: ConversationLimitName) => void;
}

/** A chat's window key: its chat key, shortened (the keys a store already holds stay the same). */
const windowKeyOf = (participant: ParticipantRef) => chatKeyOf(participant).slice(0, 32);

/**
 * The Participant Service behind the gateway's limits on what customers send (messages, typing
 * and receipts, attachment uploads): per chat, so that one page in a loop cannot flood its agent,
 * and per tenant, so that one tenant cannot use up the account's share. A write refused by one
 * limit counts against none; a refusal is a `RateLimitedError` and nothing reaches Connect. Reads
 * (transcript, session, downloads) and leaving are not limited here: Connect's own throttling
 * answers them as RateLimitedError too.
 */
export function withConversationLimits(
  participants: ParticipantService,
  limits: ConversationLimits,
): ParticipantService {
  const perChat = limits.store.window('chat-writes', limits.chatPerMinute, 60);
  const perTenant = limits.store.window('tenant-writes', limits.tenantPerMinute, 60);

  const refuse = (call: CallContext, limit: ConversationLimitName, verdict: Verdict & { allowed: false }) => {
    const retryAfterSeconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    call.logger.info({ rateLimit: { limit, retryAfterSeconds } }, 'chat write refused by a rate limit');
    limits.onRefused?.(call.tenantId, limit);
    return new RateLimitedError(
      retryAfterSeconds,
      limit === 'chat-writes' ? 'Too many messages in this chat right now.' : 'Too many messages right now.',
    );
  };

  async function admit(participant: ParticipantRef, call: CallContext): Promise<void> {
    const chatKey = windowKeyOf(participant);
    const chatVerdict = await perChat.take(chatKey);
    if (!chatVerdict.allowed) throw refuse(call, 'chat-writes', chatVerdict);
    // No tenant (never the case for a conversation request): the chat's own limit is the only one.
    if (call.tenantId === undefined) return;
    const tenantVerdict = await perTenant.take(call.tenantId);
    if (!tenantVerdict.allowed) {
      await perChat.giveBack(chatKey);
      throw refuse(call, 'tenant-writes', tenantVerdict);
    }
  }

  // `return await`: an async function that returns a promise adopts it two turns later than one it awaits.
  return {
    ...participants,
    async sendMessage(participant, message, call) {
      await admit(participant, call);
      return await participants.sendMessage(participant, message, call);
    },
    async sendEvent(participant, event, call) {
      await admit(participant, call);
      return await participants.sendEvent(participant, event, call);
    },
    async startAttachmentUpload(participant, upload, call) {
      await admit(participant, call);
      return await participants.startAttachmentUpload(participant, upload, call);
    },
  };
}
