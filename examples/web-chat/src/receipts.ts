/**
 * Read receipts for what the agent said: MESSAGE_READ is sent only once a message has been shown
 * while the page is visible (a message that arrives in a background tab is read when the tab comes
 * back), and once per message across reloads.
 */
export interface ReadReceiptDeps {
  /** Sends MESSAGE_READ for the message; true when Connect took it. */
  readonly send: (messageId: string) => Promise<boolean>;
  readonly wasRead: (messageId: string) => boolean;
  readonly markedRead: (messageId: string) => void;
  readonly document: Document;
}

/** Read receipts of the open chat; `dispose` when it closes. */
export function createReadReceipts(deps: ReadReceiptDeps) {
  const unread = new Set<string>();
  const visible = () => deps.document.visibilityState === 'visible';

  function flush() {
    if (!visible()) return;
    for (const id of unread) {
      unread.delete(id);
      void deps.send(id).then((sent) => {
        if (sent) deps.markedRead(id);
        // Not sent (offline, a limit): tried again with the next message shown or the next return to the tab.
        else unread.add(id);
      });
    }
  }

  deps.document.addEventListener('visibilitychange', flush);
  return {
    /** The agent's message `id` is in the list now. */
    shown(id: string): void {
      if (deps.wasRead(id)) return;
      unread.add(id);
      flush();
    },
    dispose(): void {
      deps.document.removeEventListener('visibilitychange', flush);
      unread.clear();
    },
  };
}
