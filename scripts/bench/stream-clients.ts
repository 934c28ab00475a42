import { type ClientRequest, request } from 'node:http';
import { serveCalls } from './rpc.js';

/*
 * The streams benchmark's SSE clients, in their own process: plain node:http requests (one socket
 * each), read as they arrive. For each message the agent sent (`bench <seq> <ms>`), the latency
 * from the agent's send (the simulator's monotonic clock, the same one here) to its arrival.
 */

/** What a relay under measurement is asked for. */
export interface StreamTarget {
  /** `gateway`: POST /graphql, the chatEvents subscription; `bare`: GET /events of the bare relay. */
  readonly kind: 'gateway' | 'bare';
  readonly url: string;
  /** Headers of every request (the gateway's tenant key). */
  readonly headers?: Record<string, string>;
}

const SUBSCRIPTION = JSON.stringify({
  query: 'subscription { chatEvents { __typename ... on ChatMessageItem { content } } }',
});

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

let latencies: number[] = [];
let seen = new Set<number>();
let duplicates = 0;
let errors = 0;
const open = new Set<ClientRequest>();

/** The message text of an SSE `data` line: the gateway's GraphQL payload, or the bare relay's Connect item. */
function messageText(data: string): string | undefined {
  const payload = JSON.parse(data) as {
    data?: { chatEvents?: { content?: string } };
    Content?: string;
    errors?: unknown;
  };
  if (payload.errors) errors += 1;
  return payload.data?.chatEvents?.content ?? payload.Content;
}

function onBlock(block: string, at: number) {
  const line = block.split('\n').find((l) => l.startsWith('data:'));
  if (!line) return;
  const text = messageText(line.slice(5).trim());
  if (!text?.startsWith('bench ')) return;
  const [, seq, sentAt] = text.split(' ');
  const number = Number(seq);
  if (seen.has(number)) {
    duplicates += 1;
    return;
  }
  seen.add(number);
  latencies.push(at - Number(sentAt));
}

/** Opens one stream; resolves with its HTTP status once the response has begun. */
function openStream(target: StreamTarget, participantToken: string): Promise<number> {
  const url = new URL(target.url);
  const gateway = target.kind === 'gateway';
  return new Promise((resolve) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: gateway ? 'POST' : 'GET',
        agent: false,
        headers: {
          accept: 'text/event-stream',
          'x-participant-token': participantToken,
          ...(gateway ? { 'content-type': 'application/json' } : {}),
          ...target.headers,
        },
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const at = monotonicMs();
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            onBlock(buffer.slice(0, end), at);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
        });
        res.on('error', () => undefined);
        res.on('close', () => open.delete(req));
      },
    );
    req.on('error', () => {
      open.delete(req);
      resolve(0);
    });
    open.add(req);
    req.end(gateway ? SUBSCRIPTION : undefined);
  });
}

serveCalls({
  /** Opens one stream per token, `concurrency` at a time; answers with the count per HTTP status. */
  async open({ target, tokens, concurrency }: { target: StreamTarget; tokens: string[]; concurrency: number }) {
    const statuses: Record<string, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < tokens.length) {
        const status = await openStream(target, tokens[next++]!);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return statuses;
  },
  /** Forgets what was measured so far. */
  reset() {
    latencies = [];
    seen = new Set();
    duplicates = 0;
    errors = 0;
  },
  /** How many distinct agent messages arrived, and how many streams are open. */
  count: () => ({ received: latencies.length, duplicates, errors, open: open.size }),
  /** Every latency measured since the last reset, in ms. */
  latencies: () => latencies,
  /** Closes every stream (the sockets), as leaving clients would. */
  closeAll() {
    for (const req of open) req.destroy();
    open.clear();
  },
});
