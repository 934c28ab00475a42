/**
 * Typing, both ways. Connect sends a typing event while someone types and nothing when they stop,
 * so the agent's indicator is shown for a few seconds after each event (or until their message
 * comes); the customer's typing is sent at most once per interval, as chatjs throttles it.
 */

/** How long the agent's "is typing…" stays after their last typing event. */
export const TYPING_SHOWN_MS = 6_000;
/** The customer's TYPING events are at least this far apart. */
export const TYPING_INTERVAL_MS = 5_000;

/** The agent's typing indicator in `element`. */
export function createTypingIndicator(element: HTMLElement, shownMs = TYPING_SHOWN_MS) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hide = () => {
    clearTimeout(timer);
    element.hidden = true;
    element.textContent = '';
  };
  return {
    /** `name` typed just now. */
    typing(name: string): void {
      element.textContent = `${name} is typing…`;
      element.hidden = false;
      clearTimeout(timer);
      timer = setTimeout(hide, shownMs);
    },
    /** Their message arrived, or the chat ended. */
    hide,
  };
}

/** Calls `send` when the customer types, at most once per `intervalMs`. */
export function createTypingNotifier(send: () => void, intervalMs = TYPING_INTERVAL_MS, now = () => Date.now()) {
  let last = Number.NEGATIVE_INFINITY;
  return {
    typed(): void {
      const at = now();
      if (at - last < intervalMs) return;
      last = at;
      send();
    },
  };
}
