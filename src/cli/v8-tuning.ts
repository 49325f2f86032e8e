// How the `pyshift` command tunes V8 for a scan on several threads (bin/pyshift.js opts in; the
// App, a long-running server, and in-process callers such as the tests keep V8's defaults).
//
// A scan lives for a second or two. V8's optimizing compiler (TurboFan) spent a third of all instructions
// of a standard-library scan compiling our code again in every thread (callgrind), and its background
// threads took the cores the analysis threads needed: two threads were no faster than one. With code kept
// at the baseline tier (Sparkplug) the second thread pays off: bench/RESULTS.md has the numbers. The hot
// work stays native either way (tree-sitter, compiled regular expressions, string builtins).

import { setFlagsFromString } from 'node:v8';

/**
 * Whether a scan on `threads` analysis threads should keep to the baseline tier: when it runs on several
 * threads and they take every core, so that TurboFan's compile threads would compete with them. With a
 * core to spare (8 cores, 4 threads) the optimizing compiler pays for itself.
 */
export function shouldPreferBaselineCode(threads: number, cores: number): boolean {
  return threads >= 2 && threads >= cores;
}

/** Keeps JavaScript at the baseline tier for the rest of the process (all threads). */
export function preferBaselineCode(): void {
  setFlagsFromString('--max-opt=1');
}
