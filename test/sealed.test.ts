import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealer } from '../src/continuations/sealed.js';

/* The sealing of remembered chats: only its own tenant and sub open a record; the key names neither. */

describe('createSealer', () => {
  const sealer = createSealer(randomBytes(32));
  const sealed = sealer.seal('acme', 'alice', '{"participantToken":"secret-token"}');

  it('opens for its own tenant and sub only; a changed byte does not open', () => {
    expect(sealer.open('acme', 'alice', sealed)).toBe('{"participantToken":"secret-token"}');
    expect(sealer.open('acme', 'bob', sealed)).toBeUndefined();
    expect(sealer.open('globex', 'alice', sealed)).toBeUndefined();
    // The separator keeps (tenant, sub) pairs apart: "acme" + "\0x" is not "acme\0" + "x".
    expect(sealer.open('acme\u0000alice', '', sealed)).toBeUndefined();
    // The second-to-last character (the last may hold padding bits), always changed: it was
    // chosen by the last one, so one run in 64 "tampered" nothing and the test failed.
    const tampered = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(tampered).not.toBe(sealed);
    expect(sealer.open('acme', 'alice', tampered)).toBeUndefined();
    expect(sealed).not.toContain('secret-token');
    expect(createSealer(randomBytes(32)).open('acme', 'alice', sealed)).toBeUndefined();
  });

  it('keys a record by a MAC of tenant and sub: stable, distinct, revealing neither', () => {
    expect(sealer.keyOf('acme', 'alice')).toBe(sealer.keyOf('acme', 'alice'));
    expect(
      new Set([sealer.keyOf('acme', 'alice'), sealer.keyOf('acme', 'bob'), sealer.keyOf('globex', 'alice')]).size,
    ).toBe(3);
    expect(sealer.keyOf('acme', 'alice')).not.toMatch(/acme|alice/);
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => createSealer(randomBytes(16))).toThrow(/32 bytes/);
  });
});
