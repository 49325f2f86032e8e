// When the `pyshift` command keeps JavaScript at V8's baseline tier (src/cli/v8-tuning.ts).

import { describe, expect, it } from '@jest/globals';
import { shouldPreferBaselineCode } from '../../src/cli/v8-tuning.js';

describe('shouldPreferBaselineCode', () => {
  it.each([
    [1, 1, false], // one thread: the optimizing compiler has the other cores, or nothing to compete with
    [1, 8, false],
    [2, 2, true], // every core runs analysis: compile threads would take them
    [4, 4, true],
    [3, 2, true],
    [4, 8, false], // a core to spare for the compiler
  ])('%i threads on %i cores: %s', (threads, cores, expected) => {
    expect(shouldPreferBaselineCode(threads, cores)).toBe(expected);
  });
});
