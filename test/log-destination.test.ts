import { execFile } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogDestination, LOG_BLOCK_BYTES, type LogDestination } from '../src/log-destination.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'log-destination-'));
const opened: LogDestination[] = [];

afterEach(() => {
  // Ends the flush timer and closes the file.
  for (const stream of opened.splice(0)) stream.end();
});

function fileDestination(name: string) {
  const path = join(dir, name);
  const stream = createLogDestination(openSync(path, 'w'));
  opened.push(stream);
  return { path, stream };
}

const linesOf = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { msg: string; n?: number });

describe('the log destination', () => {
  it('writes lines in blocks, in order, not one system call per line', () => {
    const { path, stream } = fileDestination('burst.log');
    let writes = 0;
    stream.on('write', () => {
      writes += 1;
    });
    const logger = pino({ base: null }, stream);
    const count = 200;
    for (let n = 0; n < count; n += 1) logger.info({ n, padding: 'x'.repeat(200) }, 'request completed');
    stream.flushSync();

    const lines = linesOf(path);
    expect(lines.map((line) => line.n)).toEqual(Array.from({ length: count }, (_, n) => n));
    const bytes = readFileSync(path).length;
    // One write per block (and the last, partial one): a write per line would be `count`.
    expect(writes).toBeLessThanOrEqual(Math.ceil(bytes / LOG_BLOCK_BYTES) + 1);
  });

  it('holds a lone line back, then writes it on its own without more traffic', async () => {
    const { path, stream } = fileDestination('lone.log');
    pino({ base: null }, stream).info('only line');
    // Synchronous and below a block: nothing written yet, whatever the machine's speed.
    expect(readFileSync(path, 'utf8')).toBe('');
    const deadline = Date.now() + 20_000;
    while (readFileSync(path, 'utf8') === '' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(linesOf(path).map((line) => line.msg)).toEqual(['only line']);
  });

  it.each([
    ['process.exit', 'process.exit(3)'],
    ['an uncaught exception', "setImmediate(() => { throw new Error('boom') })"],
  ])('flushes what it holds when the process ends by %s', async (_, ending) => {
    const script = [
      "const pino = require('pino');",
      "const { createLogDestination } = require('./src/log-destination.ts');",
      "pino({ base: null }, createLogDestination()).info('last words');",
      ending,
    ].join('\n');
    const outcome = await run(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd() }).catch(
      (error: { stdout: string; code: number }) => error,
    );
    expect('code' in outcome ? outcome.code : 0).not.toBe(0);
    expect(outcome.stdout).toContain('"msg":"last words"');
  });
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
