import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { round, type Target } from './setup.js';

/** What a counted server did per request (count-work.mjs). */
export interface WorkCount {
  readonly requests: number;
  readonly promisesPerRequest: number;
  readonly bytesPerRequest: number;
}

/** The node arguments and settings that make a server count its work into `file`. */
export const countingSetup = (file: string) => ({
  nodeArgs: ['--import', fileURLToPath(new URL('./count-work.mjs', import.meta.url))],
  env: { COUNT_FILE: file },
});

/** Starts the count of a server started with {@link countingSetup} (its preload listens for SIGUSR2). */
export const startCounting = (pid: number) => process.kill(pid, 'SIGUSR2');

/** Stops the count and reads it; the file appears once the server has written it. */
export async function stopCounting(pid: number, file: string): Promise<WorkCount> {
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 60_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error('the server wrote no count within a minute (did it stop?)');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const count = JSON.parse(readFileSync(file, 'utf8')) as WorkCount | { error: string };
  rmSync(file);
  if ('error' in count) throw new Error(`counting failed: ${count.error}`);
  return count;
}

/**
 * `rounds` rounds of load on a counted server: the first warms it up (JIT, first-use work), the
 * count covers the others.
 */
export async function countedRounds(
  target: Target,
  file: string,
  options: { readonly rounds: number; readonly seconds: number; readonly connections: number },
): Promise<WorkCount> {
  if (options.rounds < 2) throw new Error('counting needs 2 rounds or more: the first warms up');
  for (let i = 0; i < options.rounds; i++) {
    if (i === 1) startCounting(target.server.pid);
    await round(target, { seconds: options.seconds }, options.connections);
  }
  return stopCounting(target.server.pid, file);
}

/** `160 promises, 146.3 KB`. */
export const describeCount = (count: WorkCount) =>
  `${count.promisesPerRequest.toFixed(1)} promises, ${(count.bytesPerRequest / 1024).toFixed(1)} KB`;
