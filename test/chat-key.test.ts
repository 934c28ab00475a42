import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chatKeyOf } from '../src/chat/chat-key.js';

describe("a chat's key", () => {
  const token = 'participant-token-'.repeat(20);

  it('is the SHA-256 of the participant token, never the token', () => {
    const key = chatKeyOf({ region: 'us-east-1', participantToken: token });
    // The rate windows a store already holds keep their keys: theirs are its first 32 characters.
    expect(key).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(key).not.toContain('participant-token');
  });

  it('is the same for every reference to one chat and differs between chats', () => {
    const ref = { region: 'us-east-1', participantToken: token };
    expect(chatKeyOf(ref)).toBe(chatKeyOf(ref));
    expect(chatKeyOf({ region: 'eu-west-2', participantToken: token })).toBe(chatKeyOf(ref));
    expect(chatKeyOf({ region: 'us-east-1', participantToken: `${token}x` })).not.toBe(chatKeyOf(ref));
  });
});
