import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Launch } from './processes.js';

/*
 * Machine instructions a server executes per request, counted by valgrind's callgrind: the same
 * binary, inputs and load give the same count whatever else the machine does, where CPU time on
 * this VM moves by 10 % and more from run to run. The server runs under callgrind with counting
 * off (so start-up and warm-up are not counted) and `callgrind_control` turns it on around the
 * measured rounds. Every thread is counted (V8's compiler and GC helpers too): all the CPU work a
 * request causes, but none of what a cache or TLB miss costs (an instruction is an instruction),
 * which is where this VM's CPU figures differ most (docs/performance.md). About 50 times slower
 * than without valgrind: the rounds send fewer requests, and the count is per request.
 * V8 decides some of its work by the clock, and under valgrind its clock runs 50 times too fast
 * for the work done: seeing few bytes allocated per second, its memory reducer starts major
 * collections that a server at full speed does not make, and each one ages and flushes compiled
 * code, which is then compiled again. Counted that way, the gateway's message cost 1,168 thousand
 * instructions, and 2,292 thousand with the cache simulation slowing it twice as much again
 * (mostly TurboFan and concurrent marking). So the counted servers run without the memory reducer
 * and without code flushing: what a request makes V8 do, not what the slowness does.
 * Needs valgrind (Debian's package `valgrind`).
 */

/**
 * How to launch a server whose instructions are counted into files named after `file`. `cacheSim`
 * also simulates the caches (callgrind's `--cache-sim`: first-level and last-level misses of
 * instructions, reads and writes, for this machine's cache sizes; about twice as slow again):
 * whether a server's instructions miss the caches more often than another's. TLB misses are not
 * simulated.
 */
export const instructionLaunch = (file: string, options: { cacheSim?: boolean } = {}): Launch => ({
  wrapper: [
    'valgrind',
    '--tool=callgrind',
    '--instr-atstart=no',
    `--callgrind-out-file=${file}`,
    '--quiet',
    ...(options.cacheSim ? ['--cache-sim=yes'] : []),
  ],
  nodeFlags: ['--no-memory-reducer', '--no-flush-bytecode', '--no-flush-baseline-code'],
  startSeconds: 300,
});

const control = (pid: number, ...args: string[]) =>
  execFileSync('callgrind_control', [...args, String(pid)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 120_000,
  });

/** Starts counting (the counters are zero: nothing was counted while instrumentation was off). */
export function startInstructions(pid: number) {
  control(pid, '--instr=on');
  control(pid, '--zero');
}

/**
 * V8 compiling and throwing compiled code away: its optimising compilers (Maglev, TurboFan), the
 * baseline compiler, the bytecode generator and parser, and deoptimisation. Named by function, so
 * the figure is a floor (their allocations and container code count elsewhere).
 */
const COMPILING =
  /v8::internal::(compiler|maglev|baseline|interpreter)::|v8::internal::(Compiler|Parser|PreParser|ParserBase<[^>]*>|Deoptimizer|TranslatedState|TranslatedFrame|OptimizingCompileDispatcher)\b/;

/**
 * The instructions of `dump` by function, as `callgrind_annotate` names them (its `PROGRAM TOTALS`
 * line first): each function's own, or with `inclusive` with what it called. Instructions only,
 * whatever else the dump counted (`--cache-sim` adds cache misses).
 */
export function instructionsByFunction(dump: string, inclusive = false): { name: string; count: number }[] {
  const annotated = execFileSync(
    'callgrind_annotate',
    ['--show=Ir', '--sort=Ir', `--inclusive=${inclusive ? 'yes' : 'no'}`, '--threshold=100', dump],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  return annotated.split('\n').flatMap((line) => {
    const m = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    return m?.[1] && m[2] ? [{ name: m[2], count: Number(m[1].replaceAll(',', '')) }] : [];
  });
}

/** The instructions of `dump` spent in functions that {@link COMPILING} names. */
const compilingInstructions = (dump: string) =>
  instructionsByFunction(dump)
    .filter(({ name }) => COMPILING.test(name))
    .reduce((sum, { count }) => sum + count, 0);

/**
 * Stops counting and returns what was counted since {@link startInstructions}, by callgrind's event
 * name: `Ir` the instructions executed (with the cache simulation also `I1mr`, `ILmr`, `Dr`,
 * `D1mr`, `DLmr`, `Dw`, `D1mw`, `DLmw`), and `compiling`, the part of `Ir` that V8 spent compiling
 * and deoptimising: a server still warming up (tiering up to TurboFan) shows it there, a warm one
 * spends a few per cent. `keep` leaves the dump (per function, for `callgrind_annotate`) beside `file`.
 */
export function stopInstructions(pid: number, file: string, keep = false): Record<string, number> {
  control(pid, '--dump');
  control(pid, '--instr=off');
  // callgrind writes a dump requested from outside as `<file>.<n>` (`<file>` itself is the final one).
  const dumps = readdirSync(dirname(file))
    .filter((name) => name.startsWith(`${basename(file)}.`))
    .map((name) => join(dirname(file), name));
  if (dumps.length !== 1) throw new Error(`expected one callgrind dump, found ${dumps.length}`);
  const [dump] = dumps as [string];
  const text = readFileSync(dump, 'utf8');
  const events = /^events:\s+(.+)$/m.exec(text)?.[1]?.trim().split(/\s+/);
  const summary = /^summary:\s+(.+)$/m.exec(text)?.[1]?.trim().split(/\s+/).map(Number);
  if (!events || !summary || events[0] !== 'Ir') throw new Error(`no event summary in the callgrind dump ${dump}`);
  const compiling = compilingInstructions(dump);
  if (!keep) rmSync(dump);
  return { ...Object.fromEntries(events.map((event, i) => [event, summary[i] ?? 0])), compiling };
}
