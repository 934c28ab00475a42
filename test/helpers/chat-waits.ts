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
 * Resolves once a stream opened without `after` is live: it has read its starting position (the
 * newest transcript item; more than `before` such reads) and a socket of the chat is subscribed.
 * What the agent says from then on is the client's, through the socket or the first fill.
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
