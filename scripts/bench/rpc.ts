import { type ChildProcess, fork } from 'node:child_process';

/*
 * Calls between the streams benchmark and its helper processes (the simulator, the SSE clients)
 * over Node's IPC channel: `{ id, command, args }` out, `{ id, result }` or `{ id, error }` back.
 */

type Handlers = Record<string, (args: never) => unknown>;

/** In a forked helper: answers the parent's calls with `handlers`, then tells it `ready`. */
export function serveCalls(handlers: Handlers, ready: unknown = {}) {
  process.on('message', async (message: { id: number; command: string; args: unknown }) => {
    const handler = handlers[message.command];
    try {
      if (!handler) throw new Error(`unknown command ${message.command}`);
      const result = await handler(message.args as never);
      process.send?.({ id: message.id, result });
    } catch (error) {
      process.send?.({ id: message.id, error: error instanceof Error ? error.stack : String(error) });
    }
  });
  // The parent gone, nothing here is needed any more.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready });
}

/** A forked helper and a way to call it. */
export interface Helper {
  readonly child: ChildProcess;
  readonly pid: number;
  /** What the helper sent with `ready`. */
  readonly ready: unknown;
  call<T>(command: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

const ROOT = new URL('../../', import.meta.url).pathname;

/** Forks `scripts/bench/<script>` through tsx and waits for its `ready`. */
export async function forkHelper(script: string, env: Record<string, string> = {}): Promise<Helper> {
  const child = fork(`scripts/bench/${script}`, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_NO_WARNINGS: '1', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 0;
  const ready = await new Promise<unknown>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    child.on('message', (message: { id?: number; ready?: unknown; result?: unknown; error?: string }) => {
      if (message.ready !== undefined) return resolve(message.ready);
      const waiting = pending.get(message.id ?? -1);
      if (!waiting) return;
      pending.delete(message.id ?? -1);
      if (message.error !== undefined) waiting.reject(new Error(`${script}: ${message.error}`));
      else waiting.resolve(message.result);
    });
  });
  child.on('exit', (code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`${script} exited with ${code}`));
    pending.clear();
  });
  return {
    child,
    pid: child.pid ?? 0,
    ready,
    call<T>(command: string, args?: unknown) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, command, args });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
