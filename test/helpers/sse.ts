/** One message of a `text/event-stream` body. */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

/**
 * The messages of an SSE response as they arrive (comments such as keep-alives skipped); ends
 * with the body. Each is parsed from its `event:`, `data:` and `id:` lines.
 */
export async function* sseMessages(response: Response): AsyncGenerator<SseMessage> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      let event = 'message';
      const data: string[] = [];
      let id: string | undefined;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') id = value;
      }
      if (data.length === 0 && event === 'message') continue;
      yield { event, data: data.join('\n'), ...(id !== undefined ? { id } : {}) };
    }
  }
}

/** The `next` payloads of an SSE subscription response until it completes (or `count` arrived). */
export async function subscriptionResults(response: Response, count = Number.POSITIVE_INFINITY) {
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the payload's shape it asked for.
  const results: any[] = [];
  for await (const message of sseMessages(response)) {
    if (message.event === 'complete') break;
    if (message.event === 'next') results.push(JSON.parse(message.data));
    if (results.length >= count) break;
  }
  return results;
}
