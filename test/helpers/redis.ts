import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A private `redis-server` on 127.0.0.1, in a temporary directory, with no persistence. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Deletes every key (between tests). */
  flush(): Promise<void>;
  /** How many client connections the server has, not counting the one asking. */
  connectedClients(): Promise<number>;
  /** Stops the server (SIGTERM to its own PID) and removes its directory. */
  stop(): Promise<void>;
}

/** Fails with a clear message when redis-server is missing: a Redis test must never be skipped silently. */
function redisServerBinary(): string {
  try {
    return execFileSync('/bin/sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'redis-server is not installed, and the Redis rate-limit tests need a real one. ' +
        'Install it with `apt-get install -y redis-server` (.ci/run installs it when missing).',
    );
  }
}

/** A port that was free a moment ago (redis-server cannot pick port 0 itself). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts redis-server on a free port (retrying if another process takes the port first). */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisServerBinary();
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'gateway-redis-'));
    const child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await untilReady(child);
      return handle(child, port, dir);
    } catch (error) {
      lastError = error;
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }
  throw new Error(`redis-server did not start: ${String(lastError)}`);
}

function untilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "Ready to accept connections" in 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
}

function handle(child: ChildProcess, port: number, dir: string): RedisServer {
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    port,
    async flush() {
      const client = new Redis(url);
      try {
        await client.flushall();
      } finally {
        await client.quit();
      }
    },
    async connectedClients() {
      const client = new Redis(url);
      try {
        const list = String(await client.call('CLIENT', 'LIST'));
        return list.split('\n').filter((line) => line.trim() !== '').length - 1;
      } finally {
        await client.quit();
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
