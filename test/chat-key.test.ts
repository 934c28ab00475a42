import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chatKeyOf, participantRef } from '../src/chat/chat-key.js';

describe("a chat's key", () => {
  const token = 'participant-token-'.repeat(20);
  const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

  it('is the SHA-256 of the participant token, never the token', () => {
    const key = chatKeyOf({ region: 'us-east-1', participantToken: token });
    // The rate windows a store already holds keep their keys: theirs are its first 32 characters.
    expect(key).toBe(sha256(token));
    expect(key).not.toContain('participant-token');
  });

  it('is carried by a reference made with participantRef, and is the same for every reference to one chat', () => {
    const ref = participantRef('us-east-1', token);
    expect(ref).toEqual({ region: 'us-east-1', participantToken: token, chatKey: sha256(token) });
    expect(chatKeyOf(ref)).toBe(chatKeyOf({ region: 'eu-west-2', participantToken: token }));
    expect(chatKeyOf(participantRef('us-east-1', `${token}x`))).not.toBe(chatKeyOf(ref));
  });
});
