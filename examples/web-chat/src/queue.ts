import type { GatewayOutcome } from './gateway-client.js';
import type { ChatSessionQuery } from './gql/graphql.js';

/** How often a waiting chat asks for its place: the gateway shares a contact's position for 5 s. */
const QUEUE_POLL_MS = 5000;

type QueueStatus = { readonly position: number | null; readonly estimatedWaitSeconds: number | null };

/** "about 15 min", "less than a minute". */
function wait(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} min`;
  return `about ${Math.round(seconds / 3600)} h`;
}

/** "You are number 3 in the queue. Estimated wait: about 15 min." (parts the gateway does not know are left out). */
export function queueText(queue: QueueStatus | null | undefined): string | undefined {
  if (!queue) return undefined;
  const { position, estimatedWaitSeconds } = queue;
  const place =
    position == null
      ? undefined
      : position <= 1
        ? 'You are next in the queue.'
        : `You are number ${position} in the queue.`;
  const estimate = estimatedWaitSeconds == null ? undefined : `Estimated wait: ${wait(estimatedWaitSeconds)}.`;
  return [place, estimate].filter((part) => part !== undefined).join(' ') || undefined;
}

/** Options of {@link watchQueue}. */
export interface QueueWatchOptions {
  /** One `chatSession` of this chat. */
  readonly ask: () => Promise<GatewayOutcome<ChatSessionQuery>>;
  /** Where the place in the queue is shown (hidden when there is nothing to show). */
  readonly element: HTMLElement;
  /** The answer says an agent has the chat: the watch has stopped. */
  readonly onConnected: (agentDisplayName: string | null) => void;
}

/**
 * While the chat waits, asks `chatSession` at once and then every few seconds, one request at a
 * time, and shows the place in the queue and the estimated wait; stops when an answer says
 * CONNECTED, when the chat is over, or on `stop()` (an agent joined, seen on the stream).
 */
export function watchQueue(options: QueueWatchOptions): { stop(): void } {
  let stopped = false;
  let timer: number | undefined;
  const hide = () => {
    options.element.hidden = true;
    options.element.textContent = '';
  };
  const stop = () => {
    stopped = true;
    window.clearTimeout(timer);
    hide();
  };

  async function check() {
    const outcome = await options.ask();
    if (stopped) return;
    const session = outcome.kind === 'data' ? outcome.data.chatSession : undefined;
    if (session?.__typename === 'ChatSession' && session.state === 'CONNECTED') {
      stop();
      options.onConnected(session.agentDisplayName ?? null);
      return;
    }
    // The chat is over: the stream says so and ends the view.
    if (session?.__typename === 'ChatEndedError' || (outcome.kind === 'refused' && outcome.status === 401)) {
      return stop();
    }
    // A failed check keeps the last place shown and asks again.
    if (session?.__typename === 'ChatSession') {
      const text = queueText(session.queue);
      options.element.textContent = text ?? '';
      options.element.hidden = text === undefined;
    }
    timer = window.setTimeout(() => void check(), QUEUE_POLL_MS);
  }

  void check();
  return { stop };
}
