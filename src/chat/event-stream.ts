/*
 * The client's stream of a chat's events: the live feed (Connect's websocket), with every gap
 * filled from the transcript, so that each item reaches the client once and in order across the
 * feed's reconnects and the client's own resumes (`after`).
 */
import type { ParticipantRef, TranscriptItem } from './conversation.js';
import { ChatEndedError } from './errors.js';
import type { CallContext, ChatFeed, ParticipantService } from './ports.js';

const EVENT = 'application/vnd.amazonaws.connect.event.';
/** The events GetTranscript keeps (its documentation lists them); typing and receipts are live only. */
const KEPT_EVENTS = new Set(
  [
    'participant.invited',
    'participant.joined',
    'participant.left',
    'chat.ended',
    'transfer.succeeded',
    'transfer.failed',
  ].map((name) => EVENT + name),
);

/** Whether the transcript keeps the item, so that a later read can start after it. */
export const keptInTranscript = (item: TranscriptItem) =>
  item.type === 'MESSAGE' || item.type === 'ATTACHMENT' || KEPT_EVENTS.has(item.contentType ?? '');

/** Whether the item is the chat's end. */
export const isChatEnd = (item: TranscriptItem) =>
  item.contentType === `${EVENT}chat.ended` || item.type === 'CHAT_ENDED';

/*
 * Where a client resumes. A kept item's ID is its own position. A live-only item (typing, a
 * receipt) is not in the transcript, so its ID as the client sees it carries the position of the
 * last kept item before it: `<its ID>~<that item's ID>` (empty after the `~` when there was none).
 */
const SEPARATOR = '~';
const liveOnlyId = (id: string, position: string | undefined) => `${id}${SEPARATOR}${position ?? ''}`;

/** The transcript position an `after` argument names: an item ID, or undefined for "from the start". */
export function positionOf(after: string): string | undefined {
  const at = after.lastIndexOf(SEPARATOR);
  if (at < 0) return after;
  return after.slice(at + 1) || undefined;
}

/** What the stream needs from outside the core. */
export interface EventStreamDeps {
  readonly feed: ChatFeed;
  readonly participants: ParticipantService;
}

/** Options of {@link streamChatEvents}. */
export interface EventStreamOptions {
  /** Resume after this event (an ID the stream gave); absent: from now on. */
  readonly after?: string | undefined;
  /** Ends the stream (the client left, the server shuts down). */
  readonly signal?: AbortSignal | undefined;
  /** Item IDs remembered to drop duplicates (the overlap of a gap fill and the live feed). @default 2000 */
  readonly rememberedIds?: number;
  /** Transcript pages one gap fill may read (100 items each). @default 50 */
  readonly maxGapPages?: number;
}

/** The IDs of the last `size` items delivered: enough to cover any overlap of a fill and the feed. */
function recentIds(size: number) {
  const ids = new Set<string>();
  return {
    has: (id: string) => ids.has(id),
    add(id: string) {
      ids.add(id);
      if (ids.size > size) ids.delete(ids.values().next().value as string);
    },
  };
}

/**
 * The chat's events for one client, each item once, in order: on every (re)subscription of the
 * feed, and as soon as it loses its socket, the items after the last kept item the client has are
 * read from the transcript first,
 * then the feed's items follow, duplicates dropped by ID. Ends after the chat's end (its
 * `chat.ended` item), or when `signal` aborts; throws the feed's and the transcript's domain errors.
 */
export async function* streamChatEvents(
  deps: EventStreamDeps,
  participant: ParticipantRef,
  call: CallContext,
  options: EventStreamOptions = {},
): AsyncGenerator<TranscriptItem, void, undefined> {
  const seen = recentIds(options.rememberedIds ?? 2000);
  const maxGapPages = options.maxGapPages ?? 50;
  // The last kept item the client has: where a fill starts. `fromStart`: the client has nothing kept yet.
  let position = options.after === undefined ? undefined : positionOf(options.after);
  let fromStart = options.after !== undefined && position === undefined;

  /** The kept items after `position`, oldest first, page by page. */
  async function* fill(): AsyncGenerator<TranscriptItem> {
    for (let page = 0; page < maxGapPages; page += 1) {
      if (position === undefined && !fromStart) return;
      const read = await deps.participants.transcript(
        participant,
        { maxResults: 100, direction: 'FORWARD', sortOrder: 'ASCENDING', afterItemId: position },
        call,
      );
      for (const item of read.items) yield item;
      if (read.items.length === 0 || read.nextToken === undefined) return;
    }
    call.logger.warn({ pages: maxGapPages }, 'chat events: the gap was longer than a fill reads; the rest is skipped');
  }

  /** The item as the client gets it, or undefined if it was delivered already (a plain function: it runs for every item). */
  function accept(item: TranscriptItem, fromTranscript = false): TranscriptItem | undefined {
    if (seen.has(item.id)) return undefined;
    seen.add(item.id);
    // An item a fill read is a position GetTranscript accepts, whatever its kind.
    if (fromTranscript || keptInTranscript(item)) {
      position = item.id;
      fromStart = false;
      return item;
    }
    return { ...item, id: liveOnlyId(item.id, position) };
  }

  if (options.after === undefined) {
    // "From now on" starts before the feed is open: whatever comes after the newest kept item
    // now is the client's, even an item sent while the socket is still subscribing (the first
    // fill finds it).
    const newest = await deps.participants.transcript(
      participant,
      { maxResults: 1, direction: 'BACKWARD', sortOrder: 'DESCENDING' },
      call,
    );
    // Whatever GetTranscript returned is a position it accepts, whatever its kind.
    const last = newest.items[0];
    position = last?.id;
    fromStart = last === undefined;
    if (last) seen.add(last.id);
  }
  // Leaving the loop (the chat's end, the reader returning, a failed fill) returns the feed: its socket closes.
  for await (const signal of deps.feed.open(participant, call, options.signal ?? NEVER)) {
    if (signal.kind === 'item') {
      const delivered = accept(signal.item);
      if (delivered === undefined) continue;
      yield delivered;
      if (isChatEnd(signal.item)) return;
      continue;
    }
    try {
      for await (const item of fill()) {
        const delivered = accept(item, true);
        if (delivered === undefined) continue;
        yield delivered;
        if (isChatEnd(item)) return;
      }
    } catch (error) {
      // A fill while the feed reconnects is a head start: the one once it is back reads the rest.
      if (signal.kind === 'subscribed' || error instanceof ChatEndedError) throw error;
      call.logger.info(
        { failure: error instanceof Error ? error.name : typeof error },
        'chat events: the fill while reconnecting failed; the next one reads the gap',
      );
    }
  }
}

/** The signal of a stream nothing aborts but its reader. */
const NEVER = new AbortController().signal;
