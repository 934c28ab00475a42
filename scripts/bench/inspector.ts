import { createWriteStream, writeFileSync } from 'node:fs';
import { WebSocket } from 'ws';

/*
 * Another Node process seen through its inspector (started with `--inspect=127.0.0.1:<port>`): a
 * full garbage collection (what memory the process holds live, not what V8 has not collected
 * yet), a heap snapshot, CPU and allocation profiles. The benchmark attaches only for the call and
 * detaches at once.
 */

/** The JS heap of the process right after a full collection, in MB. */
export interface HeapAfterGc {
  readonly usedMB: number;
  readonly totalMB: number;
}

/** Node flags that open the inspector on `port` (loopback only). */
export const inspectorArgs = (port: number) => [`--inspect=127.0.0.1:${port}`];

/** An inspector session: protocol calls and their results; `on` sees every message (events too). */
interface Session {
  call(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  on(listener: (message: { method?: string; params?: Record<string, unknown> }) => void): void;
  close(): void;
}

/** Attaches to the process whose inspector listens on `port`. */
async function attach(port: number): Promise<Session> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${port}`);
  // Snapshots and profiles arrive as large messages.
  const ws = new WebSocket(url, { maxPayload: 2 ** 30 });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let id = 0;
  return {
    call: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const mine = ++id;
        const onMessage = (data: unknown) => {
          const message = JSON.parse(String(data)) as {
            id?: number;
            result?: Record<string, unknown>;
            error?: unknown;
          };
          if (message.id !== mine) return;
          ws.off('message', onMessage);
          if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
          else resolve(message.result ?? {});
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ id: mine, method, params }));
      }),
    on: (listener) => ws.on('message', (data) => listener(JSON.parse(String(data)))),
    close: () => ws.close(),
  };
}

/** Runs a full collection in the process whose inspector listens on `port`; its heap afterwards. */
export async function collectGarbage(port: number): Promise<HeapAfterGc> {
  const session = await attach(port);
  try {
    // Twice: objects a first collection finalised are freed by the second.
    await session.call('HeapProfiler.collectGarbage');
    await session.call('HeapProfiler.collectGarbage');
    const usage = (await session.call('Runtime.getHeapUsage')) as { usedSize?: number; totalSize?: number };
    return { usedMB: (usage.usedSize ?? 0) / 2 ** 20, totalMB: (usage.totalSize ?? 0) / 2 ** 20 };
  } finally {
    session.close();
  }
}

/**
 * Writes a heap snapshot of the process whose inspector listens on `port` to `file` (a full
 * collection happens first, as V8 does for every snapshot). Open it in Chrome DevTools (Memory →
 * Load), or compare two with `scripts/bench/heap-diff.ts`.
 */
export async function writeHeapSnapshot(port: number, file: string): Promise<void> {
  const session = await attach(port);
  const out = createWriteStream(file);
  try {
    session.on((message) => {
      if (message.method === 'HeapProfiler.addHeapSnapshotChunk') out.write(String(message.params?.chunk ?? ''));
    });
    await session.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    session.close();
    await new Promise((resolve) => out.end(resolve));
  }
}

/**
 * Starts V8's CPU profiler (`cpu`) or its sampling heap profiler counting garbage too
 * (`allocations`) in the process whose inspector listens on `port`; the returned function stops it
 * and writes the profile to `file` (Chrome DevTools: Performance or Memory → Load).
 */
export async function startProfile(
  port: number,
  kind: 'cpu' | 'allocations',
): Promise<(file: string) => Promise<void>> {
  const session = await attach(port);
  if (kind === 'cpu') {
    await session.call('Profiler.enable');
    await session.call('Profiler.setSamplingInterval', { interval: 200 });
    await session.call('Profiler.start');
  } else {
    await session.call('HeapProfiler.enable');
    await session.call('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  return async (file) => {
    try {
      const { profile } = await session.call(kind === 'cpu' ? 'Profiler.stop' : 'HeapProfiler.stopSampling');
      writeFileSync(file, JSON.stringify(profile));
    } finally {
      session.close();
    }
  };
}
