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
