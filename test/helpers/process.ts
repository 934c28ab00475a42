import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A gateway started as `npm start` would: `src/main.ts` in its own Node process. */
export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly lines: string[];
  /** What the process wrote to stderr so far. */
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** How `npm start` runs the gateway. */
const NPM_START = ['--import', 'tsx', 'src/main.ts'];

/**
 * Starts the gateway with `env` (PORT=0) and waits for its "gateway listening" log line: src/main.ts
 * as `npm start` does, or `options.args` (a bundle) from `options.cwd`.
 */
export async function startGatewayProcess(
  env: Record<string, string>,
  options: { args?: readonly string[]; cwd?: string } = {},
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, options.args ?? NPM_START, {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // Keep this machine's AWS profile out of the test.
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      NODE_NO_WARNINGS: '1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const reader = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start: ${stderr.join('')}`)), 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}: ${stderr.join('')}`));
    });
    reader.on('line', (line) => {
      lines.push(line);
      const entry = JSON.parse(line) as { msg: string; port?: number };
      if (entry.msg === 'gateway listening') {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${entry.port}`);
      }
    });
  });
  return {
    child,
    url,
    lines,
    stderr: () => stderr.join(''),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      // 'close', not 'exit': only then has the child's stdout been read to its last line.
      const [code] = await once(child, 'close');
      return code as number | null;
    },
  };
}

/** Runs the gateway (as {@link startGatewayProcess}) expecting it to fail at start; returns its exit code and stderr. */
export async function failingStart(
  env: Record<string, string>,
  options: { args?: readonly string[]; cwd?: string } = {},
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, options.args ?? NPM_START, {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = await once(child, 'close');
  return { code: code as number | null, stderr };
}
