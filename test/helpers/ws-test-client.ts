import { WebSocket } from 'ws';

/** How long a test waits for a frame, a close or a refusal before failing: generous, never asserted. */
const WAIT_MS = 10_000;

/** A websocket client for tests: every text frame kept in order, read one by one with a deadline. */
export interface TestSocket {
  readonly ws: WebSocket;
  /** Sends `frame` as JSON text. */
  send(frame: unknown): void;
  /** The next frame not read yet, parsed; rejects if none comes in time or the socket closes first. */
  next(): Promise<Record<string, unknown>>;
  /** The next frame as the raw text the server sent. */
  nextRaw(): Promise<string>;
  /** The close code and reason once the socket is closed; rejects if it is still open after the deadline. */
  closed(): Promise<{ code: number; reason: string }>;
}

/** Opens a websocket to `url` and resolves once it is open. */
export function openTestSocket(url: string): Promise<TestSocket> {
  const ws = new WebSocket(url);
  const frames: string[] = [];
  const waiting: ((frame: string | undefined) => void)[] = [];
  let isClosed = false;
  ws.on('message', (data) => {
    const text = String(data);
    const waiter = waiting.shift();
    if (waiter) waiter(text);
    else frames.push(text);
  });
  const whenClosed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      isClosed = true;
      for (const waiter of waiting.splice(0)) waiter(undefined);
      resolve({ code, reason: String(reason) });
    });
  });
  const closed = () => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The socket is still open after ${WAIT_MS} ms`)), WAIT_MS);
    });
    return Promise.race([whenClosed, deadline]).finally(() => clearTimeout(timer));
  };
  const nextRaw = () =>
    new Promise<string>((resolve, reject) => {
      const kept = frames.shift();
      if (kept !== undefined) return resolve(kept);
      if (isClosed) return reject(new Error('The socket is closed'));
      const timer = setTimeout(() => reject(new Error(`No frame within ${WAIT_MS} ms`)), WAIT_MS);
      waiting.push((text) => {
        clearTimeout(timer);
        if (text === undefined) reject(new Error('The socket closed before the next frame'));
        else resolve(text);
      });
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        send: (frame) => ws.send(JSON.stringify(frame)),
        nextRaw,
        next: async () => JSON.parse(await nextRaw()) as Record<string, unknown>,
        closed,
      }),
    );
    ws.once('error', reject);
  });
}

/** The HTTP status a refused websocket handshake to `url` answered (rejects if the handshake succeeds). */
export function refusedStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('The handshake succeeded'));
    });
    ws.on('error', () => undefined);
  });
}

/** The frames of Connect's protocol a client sends. */
export const SUBSCRIBE = { topic: 'aws/subscribe', content: { topics: ['aws/chat'] } };
export const HEARTBEAT = { topic: 'aws/heartbeat' };
