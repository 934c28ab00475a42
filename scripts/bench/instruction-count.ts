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
 * Needs valgrind (Debian's package `valgrind`).
 */

/** How to launch a server whose instructions are counted into files named after `file`. */
export const instructionLaunch = (file: string): Launch => ({
  wrapper: ['valgrind', '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${file}`, '--quiet'],
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
 * Stops counting and returns the instructions executed since {@link startInstructions}; `keep`
 * leaves the dump (per function, for `callgrind_annotate`) beside `file`.
 */
export function stopInstructions(pid: number, file: string, keep = false): number {
  control(pid, '--dump');
  control(pid, '--instr=off');
  // callgrind writes a dump requested from outside as `<file>.<n>` (`<file>` itself is the final one).
  const dumps = readdirSync(dirname(file))
    .filter((name) => name.startsWith(`${basename(file)}.`))
    .map((name) => join(dirname(file), name));
  if (dumps.length !== 1) throw new Error(`expected one callgrind dump, found ${dumps.length}`);
  const [dump] = dumps as [string];
  const summary = /^summary:\s+(\d+)/m.exec(readFileSync(dump, 'utf8'))?.[1];
  if (summary === undefined) throw new Error(`no summary line in the callgrind dump ${dump}`);
  if (!keep) rmSync(dump);
  return Number(summary);
}
