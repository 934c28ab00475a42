import { describe, expect, it } from 'vitest';
import type { TranscriptItem, TranscriptQuery } from '../src/chat/conversation.js';
import { ChatEndedError } from '../src/chat/errors.js';
import { positionOf, streamChatEvents } from '../src/chat/event-stream.js';
import type { LiveSignal } from '../src/chat/live.js';
import type { CallContext, ParticipantService } from '../src/chat/ports.js';
import { createLogger } from '../src/logger.js';

/*
 * The core's event stream with a scripted feed and a transcript held in memory: each item once,
 * in order, across the feed's reconnects and the client's resumes.
 */

const EVENT = 'application/vnd.amazonaws.connect.event.';
const call: CallContext = { requestId: 'r', logger: createLogger('silent') };
const participant = { region: 'eu-west-2', participantToken: 't' };

function chat() {
  const kept: TranscriptItem[] = [];
  const signals: LiveSignal[] = [];
  let wake: (() => void) | undefined;
  let n = 0;
  const reads: TranscriptQuery[] = [];
  const make = (type: string, contentType: string): TranscriptItem => {
    n += 1;
    return { id: `i${n}`, at: new Date(n), type, contentType, content: `c${n}` };
  };
  const push = (signal: LiveSignal) => {
    signals.push(signal);
    wake?.();
  };
  const notUsed = () => Promise.reject(new Error('not used'));
  /** The chat ended and Connect refuses its tokens: the feed and the transcript fail with it. */
  let refused: Error | undefined;
  const participants: ParticipantService = {
    async transcript(_p, query) {
      reads.push(query);
      if (refused) throw refused;
      if (query.direction === 'BACKWARD') return { items: kept.slice(-query.maxResults).reverse() };
      const start = query.afterItemId === undefined ? 0 : kept.findIndex((i) => i.id === query.afterItemId) + 1;
      if (query.afterItemId !== undefined && start === 0) throw new Error('no such item');
      // Pages of 2, to see a fill read more than one.
      const items = kept.slice(start, start + 2);
      return { items, ...(start + 2 < kept.length ? { nextToken: 'more' } : {}) };
    },
    sendMessage: notUsed,
    sendEvent: notUsed,
    disconnect: notUsed,
    startAttachmentUpload: notUsed,
    completeAttachmentUpload: notUsed,
    attachmentUrl: notUsed,
  };
  let connected = false;
  const feed = {
    async *open(_p: unknown, _c: unknown, signal: AbortSignal): AsyncGenerator<LiveSignal> {
      while (!signal.aborted) {
        if (refused && signals.length === 0) throw refused;
        const next = signals.shift();
        if (next) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
      }
    },
  };
  return {
    participants,
    feed,
    reads,
    /** A message both kept and, while connected, sent live. */
    message(): TranscriptItem {
      const item = make('MESSAGE', 'text/plain');
      kept.push(item);
      if (connected) push({ kind: 'item', item });
      return item;
    },
    typing(): TranscriptItem {
      const item = make('EVENT', `${EVENT}typing`);
      if (connected) push({ kind: 'item', item });
      return item;
    },
    end(): TranscriptItem {
      const item = make('EVENT', `${EVENT}chat.ended`);
      kept.push(item);
      if (connected) push({ kind: 'item', item });
      return item;
    },
    subscribe(reconnect: boolean) {
      connected = true;
      push({ kind: 'subscribed', reconnect });
    },
    drop() {
      connected = false;
    },
    /** The feed noticed its socket is gone and reconnects. */
    interrupt() {
      connected = false;
      push({ kind: 'interrupted' });
    },
    /** The chat ends while the feed is away: Connect refuses every token of it from now on. */
    endWhileAway() {
      kept.push(make('EVENT', `${EVENT}chat.ended`));
      refused = new ChatEndedError();
      wake?.();
    },
  };
}

/** Reads `count` events of the stream. */
async function take(stream: AsyncGenerator<TranscriptItem>, count: number) {
  const ids: string[] = [];
  while (ids.length < count) {
    const next = await stream.next();
    if (next.done) break;
    ids.push(next.value.id);
  }
  return ids;
}

describe('streamChatEvents', () => {
  it('from now on: live items; a typing event carries the position of the last kept item', async () => {
    const c = chat();
    c.message(); // i1, before the client came: not sent
    const stream = streamChatEvents(c, participant, call);
    c.subscribe(false);
    const first = stream.next(); // the stream reads the newest kept item, then waits
    await new Promise((resolve) => setTimeout(resolve, 0));
    c.message();
    c.typing();
    expect((await first).value?.id).toBe('i2');
    expect(await take(stream, 1)).toEqual(['i3~i2']);
    await stream.return(undefined);
  });

  it('from now on includes what is sent while the socket is still subscribing', async () => {
    const c = chat();
    c.message(); // i1: before the client came
    const stream = streamChatEvents(c, participant, call);
    const first = stream.next(); // reads the newest kept item (i1), then opens the feed
    await new Promise((resolve) => setTimeout(resolve, 0));
    c.message(); // i2: after the client came, before the socket is subscribed: not sent live
    c.subscribe(false);
    expect((await first).value?.id).toBe('i2');
    await stream.return(undefined);
  });

  it("fills a feed's gap from the transcript after a reconnect, each item once and in order", async () => {
    const c = chat();
    c.message(); // i1
    const stream = streamChatEvents(c, participant, call);
    c.subscribe(false);
    const pending = take(stream, 5);
    await new Promise((resolve) => setTimeout(resolve, 0));
    c.message(); // i2 live
    c.drop();
    c.message(); // i3, i4, i6: missed by the feed, in the transcript
    c.message();
    c.typing(); // i5: gone for good (typing is not kept)
    c.message();
    c.subscribe(true);
    c.message(); // i7: live, and also in the fill's second page (dropped the second time)
    expect(await pending).toEqual(['i2', 'i3', 'i4', 'i6', 'i7']);
    // Pages of two: the fill read on until the transcript had no more.
    expect(c.reads.filter((r) => r.direction === 'FORWARD').map((r) => r.afterItemId)).toEqual(['i1', 'i2', 'i4']);
    c.message(); // i8
    expect(await take(stream, 1)).toEqual(['i8']);
    await stream.return(undefined);
  });

  it('fills as soon as the feed loses its socket: a chat that ends before the feed is back keeps what came before', async () => {
    const c = chat();
    const stream = streamChatEvents(c, participant, call);
    const got: string[] = [];
    const reading = (async () => {
      for (;;) {
        const next = await stream.next();
        if (next.done) return;
        got.push(next.value.id);
      }
    })();
    c.subscribe(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    c.drop(); // the socket dies quietly; the agent goes on
    c.message(); // i1
    c.message(); // i2
    c.interrupt(); // the feed notices and reconnects: the stream reads the gap now
    for (let turn = 0; got.length < 2 && turn < 1000; turn += 1) await new Promise((resolve) => setTimeout(resolve, 0));
    c.endWhileAway();
    await expect(reading).rejects.toBeInstanceOf(ChatEndedError);
    expect(got).toEqual(['i1', 'i2']);
  });

  it('resumes after a kept item, or after a typing event (its position), with nothing lost', async () => {
    const c = chat();
    c.message(); // i1
    c.message(); // i2
    const typing = c.typing(); // i3
    c.message(); // i4
    c.message(); // i5
    const afterKept = streamChatEvents(c, participant, call, { after: 'i2' });
    c.subscribe(false);
    expect(await take(afterKept, 2)).toEqual(['i4', 'i5']);
    await afterKept.return(undefined);

    const c2 = chat();
    c2.message(); // i1
    c2.typing(); // i2
    c2.message(); // i3
    const afterTyping = streamChatEvents(c2, participant, call, { after: `${typing.id}~i1` });
    c2.subscribe(false);
    expect(await take(afterTyping, 1)).toEqual(['i3']);
    await afterTyping.return(undefined);
  });

  it('ends after the chat ended, from the feed or from a fill', async () => {
    const c = chat();
    c.message();
    const live = streamChatEvents(c, participant, call);
    c.subscribe(false);
    const all = (async () => {
      const ids = [];
      for await (const item of live) ids.push(item.id);
      return ids;
    })();
    await new Promise((resolve) => setTimeout(resolve, 0));
    c.end();
    expect(await all).toEqual(['i2']);

    const filled = chat();
    filled.message();
    filled.end();
    const resumed = streamChatEvents(filled, participant, call, { after: 'i1' });
    filled.subscribe(false);
    const ids = [];
    for await (const item of resumed) ids.push(item.id);
    expect(ids).toEqual(['i2']);
  });

  it('positionOf: an item ID, or the position a live-only ID carries', () => {
    expect(positionOf('abc')).toBe('abc');
    expect(positionOf('typing-1~abc')).toBe('abc');
    expect(positionOf('typing-1~')).toBeUndefined();
  });
});
