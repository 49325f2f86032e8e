// Inputs the fuzz tests found, one row each: the file now gets the result in the last column instead of
// an internal error, a hang or a finding outside the file.

import { describe, expect, it } from '@jest/globals';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { parseTarget } from '../../src/analysis/versions.js';

const ruleset = loadRuleset();

describe('inputs found by fuzzing', () => {
  it.each([
    {
      // pip-requirements-js recursed once per parenthesis: ~150 overflowed the stack ("internal error").
      found: 'a marker nested 200 parentheses deep',
      path: 'requirements.txt',
      text: `numpy; ${'('.repeat(200)}\n`,
      expected: ['1:40 pyshift-parse-error'],
    },
    {
      found: 'the same line in pyproject.toml dependencies',
      path: 'pyproject.toml',
      text: `[project]\ndependencies = ["numpy; ${'('.repeat(200)}"]\n`,
      expected: ['2:57 pyshift-parse-error'],
    },
  ])('$found', async ({ path, text, expected }) => {
    const result = await analyzeFiles({ files: [memoryFile(path, text)], ruleset, target: parseTarget('3.13'), threads: 1 });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual(expected);
    expect(result.findings[0]!.message).toMatch(/nests parentheses more than 32 deep, which PyShift does not read/);
  });
});
