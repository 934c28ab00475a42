/*
 * Preload that counts a server's work per request in figures a noisy machine cannot blur: promises
 * made (V8's promise hook) and bytes allocated, garbage included (V8's sampling heap profiler, one
 * sample per 4 KB on average), over the requests its HTTP server received (diagnostics channel).
 * SIGUSR2 starts counting and the next SIGUSR2 stops it and writes COUNT_FILE as JSON;
 * `npm run bench:profile -- --count` and `npm run bench:count` do both around their measured rounds.
 *   node --import ./scripts/bench/count-work.mjs dist/main.cjs
 * The promise hook slows every promise down: CPU figures of a counted run mean nothing. What the
 * process does besides requests (timers, metrics, requests in flight when the count starts or
 * stops) is counted too: a small error, about one request's work per connection over thousands.
 */
import diagnostics_channel from 'node:diagnostics_channel';
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { promiseHooks } from 'node:v8';

const SAMPLING_BYTES = 4096;
const session = new Session();
session.connect();
let counting = false;
let promises = 0;
let requests = 0;
promiseHooks.onInit(() => {
  if (counting) promises++;
});
diagnostics_channel.subscribe('http.server.request.start', () => {
  if (counting) requests++;
});

/** Bytes the sampled allocations stand for: each sample's size, scaled as V8's sampler weighs it. */
const sampledBytes = (profile) => {
  let total = 0;
  const visit = (node) => {
    total += node.selfSize;
    for (const child of node.children ?? []) visit(child);
  };
  visit(profile.head);
  return total;
};

process.on('SIGUSR2', () => {
  if (!counting) {
    session.post(
      'HeapProfiler.startSampling',
      {
        samplingInterval: SAMPLING_BYTES,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      },
      (error) => {
        if (error) writeCount({ error: `HeapProfiler.startSampling: ${error.message}` });
        else counting = true;
      },
    );
    return;
  }
  counting = false;
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) writeCount({ error: `HeapProfiler.stopSampling: ${error.message}` });
    else if (requests === 0) writeCount({ error: 'no request arrived while counting' });
    else {
      const bytes = sampledBytes(result.profile);
      writeCount({ requests, promisesPerRequest: promises / requests, bytesPerRequest: bytes / requests });
    }
  });
});

/** Whole or not at all: the bench waits for the file to appear. */
function writeCount(count) {
  const file = process.env.COUNT_FILE ?? 'count-work.json';
  writeFileSync(`${file}.partial`, JSON.stringify(count));
  renameSync(`${file}.partial`, file);
}
