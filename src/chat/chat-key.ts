import { hash } from 'node:crypto';
import type { ParticipantRef } from './conversation.js';

const keyOfToken = (participantToken: string) => hash('sha256', participantToken, 'base64url');

/**
 * A chat's key: the SHA-256 of its participant token (base64url), for what the gateway keeps per
 * chat (rate windows, kept connections, open streams) without keeping the token, a secret. A
 * reference made by {@link participantRef} carries it: a message needs it for its rate limit and
 * again for its connection, and one hash of a token costs ≈ 7 thousand instructions
 * (docs/performance.md). Not memoised in a WeakMap: an entry whose key dies young outlives it until
 * a mark-compact (docs/performance.md, "What outlives the young generation").
 */
export function chatKeyOf(participant: ParticipantRef): string {
  return participant.chatKey ?? keyOfToken(participant.participantToken);
}

/** The reference to a participant of a chat in `region`, with its chat key made once. */
export function participantRef(region: string, participantToken: string): ParticipantRef {
  return { region, participantToken, chatKey: keyOfToken(participantToken) };
}
