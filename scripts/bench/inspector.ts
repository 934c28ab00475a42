import { createWriteStream, writeFileSync } from 'node:fs';
import { WebSocket } from 'ws';

/*
 * A full garbage collection in another Node process, through its inspector (started with
 * `--inspect=127.0.0.1:<port>`): what memory the process holds live, not what V8 has not
 * collected yet. The benchmark attaches only for the call and detaches at once.
 */

/** The JS heap of the process right after a full collection, in MB. */
export interface HeapAfterGc {
  readonly usedMB: number;
  readonly totalMB: number;
}

/** Node flags that open the inspector on `port` (loopback only). */
export const inspectorArgs = (port: number) => [`--inspect=127.0.0.1:${port}`];

/** Runs a full collection in the process whose inspector listens on `port`; its heap afterwards. */
export async function collectGarbage(port: number): Promise<HeapAfterGc> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${port}`);
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let id = 0;
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      const mine = ++id;
      const onMessage = (data: unknown) => {
        const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, number> };
        if (message.id !== mine) return;
        ws.off('message', onMessage);
        resolve(message.result ?? {});
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method }));
    });
  try {
    // Twice: objects a first collection finalised are freed by the second.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    return { usedMB: (usage.usedSize ?? 0) / 2 ** 20, totalMB: (usage.totalSize ?? 0) / 2 ** 20 };
  } finally {
    ws.close();
  }
}

/**
 * Writes a heap snapshot of the process whose inspector listens on `port` to `file` (a full
 * collection happens first, as V8 does for every snapshot). Open it in Chrome DevTools (Memory →
 * Load), or compare two with `scripts/bench/heap-diff.ts`.
 */
export async function writeHeapSnapshot(port: number, file: string): Promise<void> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${port}`);
  const ws = new WebSocket(url, { maxPayload: 2 ** 30 });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const out = createWriteStream(file);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as {
          id?: number;
          method?: string;
          params?: { chunk?: string };
          error?: unknown;
        };
        if (message.method === 'HeapProfiler.addHeapSnapshotChunk') out.write(message.params?.chunk ?? '');
        else if (message.id === 1) message.error ? reject(new Error(JSON.stringify(message.error))) : resolve();
      });
      ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.takeHeapSnapshot', params: { reportProgress: false } }));
    });
  } finally {
    ws.close();
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
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${port}`);
  const ws = new WebSocket(url, { maxPayload: 2 ** 30 });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let id = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const mine = ++id;
      const onMessage = (data: unknown) => {
        const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
        if (message.id !== mine) return;
        ws.off('message', onMessage);
        resolve(message.result ?? {});
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  if (kind === 'cpu') {
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: 200 });
    await call('Profiler.start');
  } else {
    await call('HeapProfiler.enable');
    await call('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  return async (file) => {
    try {
      const { profile } = await call(kind === 'cpu' ? 'Profiler.stop' : 'HeapProfiler.stopSampling');
      writeFileSync(file, JSON.stringify(profile));
    } finally {
      ws.close();
    }
  };
}
