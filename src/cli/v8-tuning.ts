// How the `pyshift` command tunes V8 for one short scan on several threads (bin/pyshift.js opts in; the
// App, a long-running server, and in-process callers such as the tests keep V8's defaults).
//
// A scan lives for a second or two. V8's optimizing compiler (TurboFan) spent a third of all instructions
// of a standard-library scan compiling our code again in every thread (callgrind), and its background
// threads took the cores the analysis threads needed: two threads were no faster than one. With code kept
// at the baseline tier (Sparkplug) the second thread pays off: bench/RESULTS.md has the numbers. The hot
// work stays native either way (tree-sitter, compiled regular expressions, string builtins).

import { setFlagsFromString } from 'node:v8';

/** Keeps JavaScript at the baseline tier for the rest of the process (all threads). */
export function preferBaselineCode(): void {
  setFlagsFromString('--max-opt=1');
}
