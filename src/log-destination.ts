import pino from 'pino';

/** Bytes of log lines gathered before they are written: ≈ 9 request completion lines. */
export const LOG_BLOCK_BYTES = 4096;
/** The longest a line waits for its block to fill when traffic is low. */
export const LOG_FLUSH_MS = 250;

export type LogDestination = ReturnType<typeof pino.destination>;

/**
 * The gateway's log lines to a file descriptor (stdout): gathered into blocks of `LOG_BLOCK_BYTES`,
 * each written by the main thread in one system call, and written at least every `LOG_FLUSH_MS`.
 * Why not pino's asynchronous destination: each of its writes wakes a libuv worker (a futex) and
 * reads its completion (an eventfd); per chat start the gateway made 5.66 system calls with it and
 * 4.97 with this (futex 0.87 → 0.47, read 2.30 → 2.13, write 0.23 → 0.11: strace,
 * docs/performance.md), and a system call is dear where page tables are switched on each one. Why
 * not a write per line (pino's default): one system call per line, 7 % of the CPU. Like pino's
 * default, a stdout that stops reading holds the gateway up (the asynchronous destination would
 * buffer lines in memory instead).
 * pino flushes only its asynchronous destinations at exit: this one is flushed on `exit` whatever
 * ends the process, so a line logged before `process.exit` or an uncaught exception is not lost.
 */
export function createLogDestination(fd = 1): LogDestination {
  const stream = pino.destination({ dest: fd, sync: true, minLength: LOG_BLOCK_BYTES, periodicFlush: LOG_FLUSH_MS });
  process.on('exit', () => {
    try {
      stream.flushSync();
    } catch {
      // Already closed (or stdout gone): at exit there is nowhere else to say so.
    }
  });
  return stream;
}
