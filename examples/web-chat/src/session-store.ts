/**
 * What survives a reload of the tab: the chat's participant token, the id of the last event shown
 * and the messages already marked read. `sessionStorage` because the token is a secret for this
 * tab's chat only: it never reaches `localStorage`, a URL or a log, and closing the tab forgets it.
 */

/** The part of `Storage` the store uses (a `Map` stands in for it outside a browser). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Read receipts remembered, the newest kept: enough for a long chat, bounded for storage. */
const MAX_READ_IDS = 500;

/** The kept chat of one gateway and key (a page pointed at another gateway keeps another chat). */
export function createSessionStore(storage: KeyValueStorage, scope: string) {
  const key = (name: string) => `web-chat:${scope}:${name}`;
  // Storage can refuse (quota, a sandboxed frame): the page then works without resume, never fails.
  const read = (name: string) => {
    try {
      return storage.getItem(key(name)) ?? undefined;
    } catch {
      return undefined;
    }
  };
  const write = (name: string, value: string | undefined) => {
    try {
      if (value === undefined) storage.removeItem(key(name));
      else storage.setItem(key(name), value);
    } catch {
      // Not kept: a reload starts over.
    }
  };
  const readIds = (): string[] => {
    try {
      const ids = JSON.parse(read('read') ?? '[]') as unknown;
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  };

  return {
    /** The kept chat's participant token, if a chat is kept. */
    token: (): string | undefined => read('token'),
    /** The id of the last live event shown: where the stream resumes when the transcript gives none. */
    lastEventId: (): string | undefined => read('after'),
    /** A new chat replaces whatever was kept. */
    keep(participantToken: string): void {
      write('after', undefined);
      write('read', undefined);
      write('token', participantToken);
    },
    eventShown(id: string): void {
      write('after', id);
    },
    /** Whether a read receipt was already sent for this message (a reload shows it again). */
    wasRead: (messageId: string): boolean => readIds().includes(messageId),
    markedRead(messageId: string): void {
      write('read', JSON.stringify([...readIds(), messageId].slice(-MAX_READ_IDS)));
    },
    /** The chat is over (or its token refused): nothing to resume. */
    clear(): void {
      for (const name of ['token', 'after', 'read']) write(name, undefined);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
