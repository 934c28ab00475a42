/** A random v4 UUID; `crypto.getRandomValues` works on plain-http pages, where `randomUUID` does not. */
export function newClientToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The `clientToken` of the current start attempt. One click makes one attempt with a new token;
 * the token is kept when the outcome is unknown (no answer, or `ChatUnavailableError`, which a
 * passed deadline also gives after Connect acted), so "try again" cannot start a second chat.
 * It is dropped once the gateway has answered for sure, or when the form changes (a new request).
 */
export function createStartAttempts(generate: () => string = newClientToken) {
  let current: string | undefined;
  return {
    /** The token to send with this click. */
    token(): string {
      current ??= generate();
      return current;
    },
    /** The gateway answered for sure: the chat started, or nothing could have. */
    settled(): void {
      current = undefined;
    },
    /** The form changed: the next click is a different request. */
    reset(): void {
      current = undefined;
    },
  };
}
