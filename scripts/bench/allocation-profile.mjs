/*
 * Preload for an allocation profile that counts garbage too (`--heap-prof` only shows what is still
 * alive at exit): starts V8's sampling heap profiler after ALLOC_DELAY_MS (default 12 s: past start-up
 * and warm-up) and writes ALLOC_PROFILE (default ./allocation.heapprofile) when the process exits.
 *   npm run bench:profile -- --rounds 8 --node-args="--import ./scripts/bench/allocation-profile.mjs --import tsx src/main.ts"
 * Open the file in Chrome DevTools (Memory → Load), or sum `selfSize` per package.
 * ALLOC_SURVIVORS=1 keeps only what outlived the young generation: objects a scavenge did not
 * collect (promoted to the old generation, collected later by a mark-compact, or still alive), by the
 * site that allocated them. On this machine promoted bytes cost more than their share (the old
 * generation grows between mark-compacts and every page it touches is paid for, docs/performance.md).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
let sampling = false;
setTimeout(
  () => {
    session.post(
      'HeapProfiler.startSampling',
      {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: process.env.ALLOC_SURVIVORS !== '1',
      },
      (error) => {
        sampling = !error;
      },
    );
  },
  Number(process.env.ALLOC_DELAY_MS ?? 12_000),
).unref();
process.on('exit', () => {
  if (!sampling) return;
  // An in-process session answers synchronously, so this still runs inside 'exit'.
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (!error) writeFileSync(process.env.ALLOC_PROFILE ?? 'allocation.heapprofile', JSON.stringify(result.profile));
  });
});
