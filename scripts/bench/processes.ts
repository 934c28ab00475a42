import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A server process under measurement; its stdout goes to a file, not through this process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
  readonly startedAt: number;
  stop(): Promise<void>;
}

export const ROOT = new URL('../../', import.meta.url).pathname;
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) of a process so far, in microseconds, from /proc. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) / CLOCK_TICKS_PER_SECOND) * 1e6;
}

/** Resident set size now and its peak (VmHWM), in MB, from /proc. */
export function memoryMB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * How a server process is launched: under a `wrapper` command (valgrind, say), with `nodeFlags`
 * before its own arguments, and its start-up deadline.
 */
export interface Launch {
  readonly wrapper?: readonly string[];
  readonly nodeFlags?: readonly string[];
  readonly startSeconds?: number;
}

/**
 * Starts `node [args]` from the project root (under `launch.wrapper` if given) and waits until
 * `ready` (given its log so far, a file) yields the URL.
 */
export async function startServer(
  args: readonly string[],
  env: Record<string, string>,
  logDir: string,
  name: string,
  ready: (log: string) => string | undefined | Promise<string | undefined>,
  launch: Launch = {},
): Promise<ServerProcess> {
  const logFile = join(logDir, `${name}-${Date.now()}.log`);
  const fd = openSync(logFile, 'w');
  const startedAt = performance.now();
  const [command, ...wrapperArgs] = [...(launch.wrapper ?? []), process.execPath];
  // A wrapper such as valgrind runs node in its own process: the pid is still the server's.
  const child = spawn(command ?? process.execPath, [...wrapperArgs, ...(launch.nodeFlags ?? []), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_NO_WARNINGS: '1',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      ...env,
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const deadline = Date.now() + (launch.startSeconds ?? 20) * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    const url = await ready(readFileSync(logFile, 'utf8'));
    if (url) {
      return {
        child,
        pid: child.pid ?? 0,
        url,
        startedAt,
        stop: async () => {
          if (child.exitCode !== null) return;
          child.kill('SIGTERM');
          await new Promise((r) => child.once('exit', r));
        },
      };
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A port nothing listens on now, for a server that must be told its port. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Ready once `GET <url>/health` answers 200 (whatever the server logs, e.g. at LOG_LEVEL=warn). */
export const healthy = (url: string) => async () => {
  try {
    return (await fetch(`${url}/health`)).ok ? url : undefined;
  } catch {
    return undefined;
  }
};

/** Finds `"msg":"<msg>"` with a port in JSON log lines. */
export const jsonPort = (msg: string) => (log: string) => {
  for (const line of log.split('\n')) {
    if (!line.includes(`"msg":"${msg}"`)) continue;
    const port = (JSON.parse(line) as { port?: number }).port;
    if (port) return `http://127.0.0.1:${port}`;
  }
  return undefined;
};
