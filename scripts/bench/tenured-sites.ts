import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';

/*
 * `npx tsx scripts/bench/tenured-sites.ts --pid <pid> --log <file>`
 *
 * Which allocation sites V8 decided to allocate straight into the old generation ("tenure"), named
 * so that a person can find them: the property names of an object literal's boilerplate, and the
 * optimised functions whose code allocates at the site (with what they inlined). V8's own trace
 * (`--trace-pretenuring --trace-pretenuring-statistics`) names a site by its address only.
 *
 * The server must be running with those two flags and its stdout going to `--log`, e.g. the
 * gateway of `bench:profile --keep --messages --rounds 300 --requests 1500 --warm-requests 30000
 * --node-args="--trace-pretenuring --trace-pretenuring-statistics dist/main.cjs"` (its log is in
 * the folder the bench prints when it stops, and appears as soon as it starts). This attaches gdb
 * (Debian's `gdb`) to the process, flushes its stdout and calls V8's object printer
 * (`_v8_internal_Print_Object`, which Node's binary exports), whose output goes to that stdout: the
 * site, then its boilerplate, its dependent code and that code's deoptimisation data, one gdb
 * attach per step (each pauses the server for about a second). Linux only, and the printer's text
 * is V8's debugging output, not an interface: checked with Node 24.
 */

const { values: opts } = parseArgs({
  options: { pid: { type: 'string' }, log: { type: 'string' } },
});
if (!opts.pid || !opts.log) throw new Error('usage: tenured-sites.ts --pid <pid> --log <file>');
const PID = opts.pid;
const LOG = opts.log;

/** Runs gdb commands in the process (batch mode: attach, run, detach). */
function gdb(commands: string[]) {
  execFileSync('gdb', ['-p', PID, '-batch', ...commands.flatMap((command) => ['-ex', command])], {
    stdio: 'ignore',
    timeout: 120_000,
  });
}

const flush = () => gdb(['call (int)fflush(0)']);

/** An address as the printer writes an object's own (`0x1f9…`; references are zero-padded: `0x01f9…`). */
const normal = (address: string) => `0x${BigInt(address).toString(16)}`;

/** Prints each object with V8's printer; returns the printed blocks by (normal) address. */
function printObjects(addresses: Iterable<string>): Map<string, string[]> {
  const list = [...new Set([...addresses].map(normal))];
  const blocks = new Map<string, string[]>();
  if (list.length === 0) return blocks;
  flush();
  const before = statSync(LOG).size;
  gdb([...list.map((address) => `call (void)_v8_internal_Print_Object((void*)${address})`), 'call (int)fflush(0)']);
  // Some prints end without a newline: the next object's header then follows a `>` on that line.
  const printed = readFileSync(LOG)
    .subarray(before)
    .toString('utf8')
    .replace(/>(0x[0-9a-f]+: \[\w+\])/g, '>\n$1');
  let current: string[] | undefined;
  for (const line of printed.split('\n')) {
    const header = /^(0x[0-9a-f]+): \[\w+\]/.exec(line);
    if (header) {
      current = [];
      blocks.set(normal(header[1]!), current);
    } else if (current && !line.startsWith('{')) {
      current.push(line);
    }
  }
  return blocks;
}

/** The first address in the line that matches `pattern`, if any. */
function addressIn(block: string[] | undefined, pattern: RegExp): string | undefined {
  const line = block?.find((text) => pattern.test(text));
  const address = line ? /(0x[0-9a-f]+)/.exec(line.replace(pattern, ''))?.[1] : undefined;
  return address && normal(address);
}

interface Decision {
  readonly site: string;
  /** JSON log lines (requests, mostly) written before the decision: when in the server's life. */
  readonly afterLines: number;
  readonly created: number;
  readonly found: number;
}

/** The sites V8 moved to "tenure", from the pretenuring statistics in the log. */
function tenureDecisions(): Decision[] {
  const decisions = new Map<string, Decision>();
  let jsonLines = 0;
  for (const line of readFileSync(LOG, 'utf8').split('\n')) {
    if (line.startsWith('{')) {
      jsonLines++;
      continue;
    }
    const match =
      /AllocationSite\((0x[0-9a-f]+)\): \(created, found, ratio\) \((\d+), (\d+), [\d.]+\) (.+?) => tenure$/.exec(line);
    if (!match || match[4] === 'tenure' || decisions.has(match[1]!)) continue;
    decisions.set(match[1]!, {
      site: match[1]!,
      afterLines: jsonLines,
      created: Number(match[2]),
      found: Number(match[3]),
    });
  }
  return [...decisions.values()];
}

flush();
const decisions = tenureDecisions();
if (decisions.length === 0)
  throw new Error(`no "=> tenure" decision in ${LOG}: run the server with the two trace flags`);

const sites = printObjects(decisions.map(({ site }) => site));
const boilerplateOf = (site: string) => addressIn(sites.get(site), /transition_info: .*boilerplate /);
const dependentCodeOf = (site: string) => addressIn(sites.get(site), /- dependent code: /);

const boilerplates = printObjects(decisions.flatMap(({ site }) => boilerplateOf(site) ?? []));
const codeLists = printObjects(decisions.flatMap(({ site }) => dependentCodeOf(site) ?? []));
const wrappersOf = (list: string) =>
  (codeLists.get(list) ?? []).flatMap((line) => {
    const address = /\[weak\] (0x[0-9a-f]+) <CodeWrapper>/.exec(line)?.[1];
    return address ? normal(address) : [];
  });
const wrappers = printObjects([...codeLists.keys()].flatMap(wrappersOf));
const codeOf = (wrapper: string) => addressIn(wrappers.get(wrapper), /- code: /);
const code = printObjects([...wrappers.keys()].flatMap((wrapper) => codeOf(wrapper) ?? []));
const deoptDataOf = (codeAddress: string) =>
  addressIn(code.get(codeAddress), /- deoptimization_data_or_interpreter_data: /);
const deoptData = printObjects([...code.keys()].flatMap((address) => deoptDataOf(address) ?? []));
const sharedWrapperOf = (data: string) =>
  (deoptData.get(data) ?? [])
    .flatMap((line) => /(0x[0-9a-f]+) <[^>]*SHARED_FUNCTION_INFO_WRAPPER_TYPE/.exec(line)?.[1] ?? [])
    .map(normal)[0];
const sharedWrappers = printObjects([...deoptData.keys()].flatMap((data) => sharedWrapperOf(data) ?? []));

/** `name` of a `<SharedFunctionInfo name>` reference, `(anonymous)` without one. */
const functionName = (line: string) => {
  const match = /<SharedFunctionInfo ?([^>]*)>/.exec(line);
  return match ? match[1] || '(anonymous)' : undefined;
};

/** The optimised function of one piece of code, then what it inlined. */
function describeCode(codeAddress: string): string {
  const block = code.get(codeAddress) ?? [];
  const data = deoptDataOf(codeAddress);
  const shared = data ? sharedWrapperOf(data) : undefined;
  const own = shared ? (sharedWrappers.get(shared) ?? []).map(functionName).find(Boolean) : undefined;
  const kind = /- kind: (\w+)/.exec(block.join('\n'))?.[1] ?? '?';
  const start = block.findIndex((line) => line.startsWith('Inlined functions'));
  const inlined = [];
  for (let i = start + 1; start >= 0 && i < block.length; i++) {
    const name = functionName(block[i]!);
    if (!name) break;
    inlined.push(name);
  }
  return `${own ?? '?'} (${kind}${inlined.length ? `, inlining ${inlined.join(', ')}` : ''})`;
}

/** What the site makes: an object literal's property names, an array literal, or an array allocation. */
function describeSite(site: string): string {
  const info = sites.get(site)?.find((line) => line.includes('transition_info:')) ?? '';
  const boilerplate = boilerplateOf(site);
  if (!boilerplate) return info.replace(/.*transition_info: /, '').trim() || '?';
  const names = (boilerplates.get(boilerplate) ?? []).flatMap((line) => /#([\w$]+): /.exec(line)?.[1] ?? []);
  const properties = names.filter((name) => name !== 'length');
  return info.includes('Array literal')
    ? `array literal [${properties.length} named]`
    : `object literal { ${properties.join(', ')} }`;
}

for (const { site, afterLines, created, found } of decisions.sort((a, b) => a.afterLines - b.afterLines)) {
  const list = dependentCodeOf(site);
  const users = list ? wrappersOf(list).flatMap((wrapper) => codeOf(wrapper) ?? []) : [];
  console.log(`${site}  after ${afterLines} log lines, ${found}/${created} survived  ${describeSite(site)}`);
  for (const user of users) console.log(`    allocated by ${describeCode(user)}`);
}
