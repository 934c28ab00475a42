import { Agent, request } from 'node:http';
import { cpuMicros } from './processes.js';
import { headersOf, type Target } from './setup.js';

/** Latency percentiles, in milliseconds. */
export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
  /**
   * The server's CPU (user + system, /proc) per request over the round, at a rate that leaves it
   * idle part of the time: what a request costs when nothing is saturated, unlike the full-load rounds.
   */
  readonly cpuPerRequestMicros: number;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/**
 * Sends `count` requests at a steady `rate` per second (open loop: a slow answer does not delay
 * the next request) over keep-alive connections and times each one with `performance.now()`.
 * autocannon's histogram counts whole milliseconds, too coarse to compare answers of 2-5 ms.
 * An answer without the target's `expect` text (a GraphQL error result answers 200) is a failure.
 */
export async function latencyAtRate(target: Target, rate: number, count: number): Promise<Latency> {
  // The server measured before this one may still be collecting its garbage on the shared cores.
  await new Promise((r) => setTimeout(r, 1000));
  const url = new URL(`${target.server.url}${target.path}`);
  const body = Buffer.from(target.body);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let failures = 0;
  const send = (i: number) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          headers: { ...headersOf(target, i), 'content-length': String(body.length) },
        },
        (res) => {
          let answer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            answer += chunk;
          });
          res.on('end', () => {
            const ok = res.statusCode === 200 && (target.expect === undefined || answer.includes(target.expect));
            if (ok) latencies.push(performance.now() - started);
            else failures += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failures += 1;
        resolve();
      });
      req.end(body);
    });
  const sent: Promise<void>[] = [];
  const cpuBefore = cpuMicros(target.server.pid);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
    sent.push(send(i));
  }
  await Promise.all(sent);
  const cpuPerRequestMicros = (cpuMicros(target.server.pid) - cpuBefore) / count;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures, cpuPerRequestMicros };
}
