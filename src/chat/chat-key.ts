import { hash } from 'node:crypto';
import type { ParticipantRef } from './conversation.js';

const keys = new WeakMap<ParticipantRef, string>();

/**
 * A chat's key: the SHA-256 of its participant token (base64url), for what the gateway keeps per
 * chat (rate windows, kept connections, open streams) without keeping the token, a secret. Made once
 * per participant reference: a message needs it for its rate limit and again for its connection,
 * and one hash of a token costs ≈ 7 thousand instructions (docs/performance.md).
 */
export function chatKeyOf(participant: ParticipantRef): string {
  let key = keys.get(participant);
  if (key === undefined) {
    key = hash('sha256', participant.participantToken, 'base64url');
    keys.set(participant, key);
  }
  return key;
}
