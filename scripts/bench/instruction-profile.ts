import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { instructionsByFunction } from './instruction-count.js';

/*
 * `npm run bench:instruction-profile -- <callgrind dump> --requests N [--inclusive] [--top 40]
 *   [--bundle dist/main.cjs]` (N: the requests `bench:profile` says it counted over)
 *
 * Where a server's instructions went, per request, by JavaScript function and by module: a CPU
 * profile that a noisy machine cannot blur. Make the dump with `npm run bench:profile --
 * --instructions --keep --rounds 3 --requests 1500 --warm-requests 30000 --node-args="--perf-basic-prof
 * dist/main.cjs"` (counted over rounds 1 and 2: 3,000 requests) (`--perf-basic-prof` makes V8 write /tmp/perf-<pid>.map, the address and name
 * of each function it compiles; callgrind itself sees JIT code only as addresses). Native code
 * (V8's builtins and runtime, libuv, OpenSSL) keeps callgrind's own names. Functions of the bundle
 * are given the module esbuild marked them with (`// node_modules/…` lines). `--inclusive`: each
 * function with what it called (an async function: up to its first `await`).
 */
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    requests: { type: 'string' },
    inclusive: { type: 'boolean', default: false },
    top: { type: 'string', default: '40' },
    bundle: { type: 'string', default: 'dist/main.cjs' },
  },
});
const [dump] = positionals;
if (!dump || !opts.requests) throw new Error('usage: instruction-profile <callgrind dump> --requests N');
const requests = Number(opts.requests);

/** Functions V8 compiled: start address, end, name; sorted by start. */
function perfMap(pid: string) {
  const file = `/tmp/perf-${pid}.map`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m, order) => ({
      start: Number.parseInt(m[1] ?? '', 16),
      size: Number.parseInt(m[2] ?? '', 16),
      name: m[3] ?? '',
      order,
    }))
    .sort((a, b) => a.start - b.start);
}

/** The module of each line of the bundle, from esbuild's `// path` markers. */
function bundleModules(bundle: string) {
  if (!existsSync(bundle)) return () => undefined;
  const marks: { line: number; module: string }[] = [];
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = /^\/\/ ((?:node_modules|src)\/\S+)/.exec(text);
      if (m?.[1]) marks.push({ line: i + 1, module: m[1] });
    });
  return (line: number) => {
    let lo = 0;
    let hi = marks.length - 1;
    let found: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const mark = marks[mid];
      if (mark && mark.line <= line) {
        found = mark.module;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

const text = readFileSync(dump, 'utf8');
const pid = /^pid: (\d+)/m.exec(text)?.[1] ?? /PID (\d+)/.exec(text)?.[1] ?? '';
const functions = perfMap(pid);
const moduleOfLine = bundleModules(opts.bundle);

/**
 * The function compiled last (latest in the map) among those covering `address`: V8 reuses code
 * space, so an address may belong to several in turn. Looks at the 64 entries starting below it.
 */
function nameAt(address: number): string {
  let lo = 0;
  let hi = functions.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((functions[mid]?.start ?? 0) <= address) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  let latest: (typeof functions)[number] | undefined;
  for (let i = at; i >= 0 && i > at - 64; i--) {
    const f = functions[i];
    if (f && address < f.start + f.size && (latest === undefined || f.order > latest.order)) latest = f;
  }
  return latest?.name ?? 'JIT code (not in the perf map)';
}

/** `name` with its module appended, and the module alone (for the per-module sums). */
function describe(name: string): { name: string; module: string } {
  const address = /^0x([0-9a-f]+)/.exec(name);
  if (address?.[1]) {
    const js = nameAt(Number.parseInt(address[1], 16));
    const line = new RegExp(`${basename(opts.bundle).replaceAll('.', '\\.')}:(\\d+)`).exec(js)?.[1];
    const module = line ? moduleOfLine(Number(line)) : undefined;
    const where = module ?? /(node:[\w/]+|node_modules\/(?:@[^/]+\/)?[^/]+|scripts\/bench\/[\w-]+)/.exec(js)?.[1] ?? js;
    return { name: module ? `${js} <${module}>` : js, module: packageOf(where) };
  }
  const binary = /\s\[([^\]]+)\]$/.exec(name);
  return {
    name: binary ? name.slice(0, binary.index) : name,
    module: `native: ${binary?.[1]?.split('/').pop() ?? '?'}`,
  };
}

/** `node_modules/@smithy/core/dist-es/…` → `@smithy/core`; `src/http/x.ts` → `src/http`. */
const packageOf = (path: string) =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? /^(src\/[\w-]+)/.exec(path)?.[1] ?? path;

const byFunction = new Map<string, number>();
const byModule = new Map<string, number>();
let total = 0;
for (const entry of instructionsByFunction(dump, opts.inclusive)) {
  const count = entry.count / requests;
  if (entry.name.startsWith('PROGRAM TOTALS')) {
    total = count;
    continue;
  }
  const { name, module } = describe(entry.name.replace(/^\?\?\?:/, ''));
  // callgrind names JIT code by each entry address, so one function may come in several pieces:
  // their own costs add up, but each piece's inclusive cost holds the others' (keep the largest).
  byFunction.set(
    name,
    opts.inclusive ? Math.max(byFunction.get(name) ?? 0, count) : (byFunction.get(name) ?? 0) + count,
  );
  if (!opts.inclusive) byModule.set(module, (byModule.get(module) ?? 0) + count);
}
const top = (map: Map<string, number>, n: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, count]) => `${(count / 1000).toFixed(2).padStart(9)}  ${name.slice(0, 160)}`)
    .join('\n');
process.stdout.write(
  `${(total / 1000).toFixed(1)} thousand instructions per request (${functions.length} functions in the perf map of pid ${pid})\n`,
);
if (!opts.inclusive) process.stdout.write(`\nby module (self):\n${top(byModule, 30)}\n`);
process.stdout.write(
  `\nby function (${opts.inclusive ? 'inclusive' : 'self'}):\n${top(byFunction, Number(opts.top))}\n`,
);
