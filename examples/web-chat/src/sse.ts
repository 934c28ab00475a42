/**
 * A `text/event-stream` body read as messages. The page reads the stream with `fetch` because
 * `EventSource` can neither POST a GraphQL request nor send `x-api-key` and `x-participant-token`.
 */

/** One dispatched message: its `event:` (default "message") and its `data:` lines joined. */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
}

/** A line break of the format: CRLF, LF or CR. */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * The messages of `body` in order, as the HTML standard's parser dispatches them: comments
 * (keep-alives) skipped, a message per blank line that follows at least one `data:` line. Ends
 * with the body; an unterminated last message is dropped, as a browser drops it.
 */
export async function* sseMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      for (let match = LINE_BREAK.exec(buffer); match; match = LINE_BREAK.exec(buffer)) {
        // A CR that ends the chunk may be the first half of a CRLF split across chunks.
        if (match[0] === '\r' && match.index === buffer.length - 1) break;
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
    }
  } finally {
    // Leaving early (the page stops following) cancels the body, which closes the connection.
    await reader.cancel().catch(() => undefined);
  }
}
