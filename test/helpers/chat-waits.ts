import type { Simulator } from '../../src/simulator/index.js';

/** How often the waits below look again: they wait for a state, never for a time. */
const POLL_MS = 10;

/** Resolves once `check` holds; rejects after `timeoutMs` naming `what`. */
export async function waitUntil(
  check: () => boolean,
  timeoutMs: number,
  what: string,
  /** What the failure adds, to tell why. */
  state: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms ${state()}`.trim());
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** How many positioning reads (GetTranscript of the newest item) the chat has had so far. */
export const positioningReads = (simulator: Simulator, contactId: string) =>
  simulator.participantCalls.filter(
    (call) =>
      call.operation === 'GetTranscript' &&
      call.contactId === contactId &&
      call.body.ScanDirection === 'BACKWARD' &&
      call.error === undefined,
  ).length;

/**
 * Resolves once a stream opened without `after` is live: a socket of the chat is subscribed and
 * the stream has read the newest transcript item (more than `before` such reads), the position it
 * starts from. The stream marks the item that read returns as delivered, so an item the agent
 * posts between the subscription and the read never reaches the client (a race in
 * src/chat/event-stream.ts): tests that start "from now on" let the agent speak after this.
 */
export async function streamPositioned(simulator: Simulator, contactId: string, before: number, timeoutMs: number) {
  await waitUntil(
    () => simulator.chatSockets(contactId).subscribed > 0 && positioningReads(simulator, contactId) > before,
    timeoutMs,
    `the stream of ${contactId} subscribed and read its starting position`,
    () =>
      `(sockets ${JSON.stringify(simulator.chatSockets(contactId))}, positioning reads ${positioningReads(
        simulator,
        contactId,
      )} of which ${before} before; the chat's calls: ${simulator.participantCalls
        .filter((call) => call.contactId === contactId)
        .map((call) => `${call.operation}${call.error ? ` ${call.error}` : ''}`)
        .join(', ')})`,
  );
}
