/*
 * Preload that records where a server's promises are made: every PROMISE_SITES_EVERY-th promise
 * (default 20) made between PROMISE_SITES_START_MS and PROMISE_SITES_STOP_MS after start (default
 * 9,000 and 15,000: inside the measured rounds of `bench:profile --messages`), by the stack of its
 * creation. On stop it writes PROMISE_SITES (default /tmp/promise-sites.txt): promises per request,
 * then per package or source file of the first frame that is not Node's own, then the sites of the
 * gateway's own code. Frames in the bundle are named by the module esbuild's `// src/…` and
 * `// node_modules/…` comments put above each module's code.
 *   npm run bench:profile -- --messages --rounds 6 \
 *     --node-args="--import ./scripts/bench/promise-sites.mjs dist/main.cjs"
 * Capturing stacks slows the sampled promises down: the run's CPU figures mean nothing.
 */
import diagnostics_channel from 'node:diagnostics_channel';
import { readFileSync, writeFileSync } from 'node:fs';
import { promiseHooks } from 'node:v8';

const EVERY = Number(process.env.PROMISE_SITES_EVERY ?? 20);
const FRAMES = 8;
let recording = false;
let made = 0;
let requests = 0;
/** Stack (frames joined by ' < ') → sampled promises made there. */
const sites = new Map();

promiseHooks.onInit(() => {
  if (!recording || ++made % EVERY !== 0) return;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES + 2;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frames = stack
    .split('\n')
    .slice(2)
    .map((line) => line.trim().replace(/^at /, ''));
  const key = frames.join(' < ');
  sites.set(key, (sites.get(key) ?? 0) + 1);
});
diagnostics_channel.subscribe('http.server.request.start', () => {
  if (recording) requests++;
});

/** The module of each line of the bundle, from esbuild's comments. */
function modulesOf(file) {
  const starts = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const marker = /^\/\/ ((?:node_modules|src)\/\S+)$/.exec(line);
      if (marker) starts.push([index + 1, marker[1]]);
    });
  return (lineNumber) => {
    let found = '(bundle)';
    for (let lo = 0, hi = starts.length - 1; lo <= hi; ) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= lineNumber) {
        found = starts[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const parts = found.split('/');
    if (parts[0] !== 'node_modules') return found;
    return parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1];
  };
}

function write() {
  const bundle = process.argv[1] ?? '';
  const moduleAt = bundle.endsWith('.cjs') ? modulesOf(bundle) : () => '(not a bundle)';
  const frameModule = (frame) => {
    if (frame.includes('node:')) return 'node';
    const inBundle = /\.cjs:(\d+):\d+\)?$/.exec(frame);
    if (inBundle) return moduleAt(Number(inBundle[1]));
    return /\(native\)|<anonymous>/.test(frame) ? 'native' : frame.replace(/.*\((.*)\)$/, '$1');
  };
  const perRequest = (sampled) => ((sampled * EVERY) / Math.max(1, requests)).toFixed(2);
  const byModule = new Map();
  const own = new Map();
  for (const [stack, sampled] of sites) {
    const frames = stack.split(' < ');
    const modules = frames.map(frameModule);
    const first = modules.findIndex((m) => m !== 'node' && m !== 'native');
    const module = first < 0 ? modules[0] : modules[first];
    byModule.set(module, (byModule.get(module) ?? 0) + sampled);
    if (module?.startsWith('src/')) {
      const at = /^(.*?) ?\(?[^ (]*:(\d+):\d+\)?$/.exec(frames[first]);
      const site = at ? `${at[1] || '(anonymous)'} at line ${at[2]} (${module})` : `${frames[first]} (${module})`;
      own.set(site, (own.get(site) ?? 0) + sampled);
    }
  }
  const rows = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([name, sampled]) => `${perRequest(sampled).padStart(7)}  ${name}`)
      .join('\n');
  writeFileSync(
    process.env.PROMISE_SITES ?? '/tmp/promise-sites.txt',
    `${requests} requests, ${(made / Math.max(1, requests)).toFixed(1)} promises per request\n\n` +
      `promises per request, by the first frame's package or file:\n${rows(byModule)}\n\n` +
      `the gateway's own sites:\n${rows(own)}\n`,
  );
}

setTimeout(
  () => {
    recording = true;
  },
  Number(process.env.PROMISE_SITES_START_MS ?? 9000),
).unref();
setTimeout(
  () => {
    recording = false;
    write();
  },
  Number(process.env.PROMISE_SITES_STOP_MS ?? 15000),
).unref();
