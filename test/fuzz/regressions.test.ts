// Inputs the fuzz tests found, one row each: the file now gets the result in the last column instead of
// an internal error, a hang or a finding outside the file.

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { commentStart } from '../../src/analysis/dependencies/text-positions.js';
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

// Lines of 100,000 spaces: /\s+$/, /\s+#.*$/, /(^|\s+)#.*$/, /\s*;/ and the Poetry operator pattern backtracked
// quadratically on them (11 s each per 100,000 characters, found by test/security/regex.test.ts), so these
// files ran out of the 5 s budget ("skipped: analysis took longer than 5 s") instead of giving findings.
const spaces = ' '.repeat(100_000);
describe('long runs of spaces', () => {
  it.each([
    { path: 'requirements.txt', text: `numpy==1.0${spaces}x\ncgi${spaces};\n`, rule: 'pyshift-parse-error' },
    { path: 'setup.cfg', text: `[options]\ninstall_requires =\n    numpy==1.0${spaces}x\n`, rule: 'pyshift-parse-error' },
    { path: 'pyproject.toml', text: `[tool.poetry.dependencies]\npython = "^3.9${spaces}!"\n`, rule: 'pyshift-parse-error' },
    { path: 'Dockerfile', text: `FROM python:3.11\nRUN pip install${spaces}numpy==1.0 \\\n  x${spaces}y\n`, rule: 'docker-base-image-outdated' },
  ])('$path', async ({ path, text, rule }) => {
    const result = await analyzeFiles({ files: [memoryFile(path, text)], ruleset, target: parseTarget('3.13'), threads: 1 });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.rule)).toContain(rule);
  }, 30_000);

  it('commentStart finds what the regular expressions it replaces matched', () => {
    const line = fc.array(fc.constantFrom(' ', '\t', '#', 'a', '=', '\u00a0'), { maxLength: 30 }).map((c) => c.join(''));
    fc.assert(fc.property(line, (l) => {
      expect(commentStart(l, true)).toBe(/(^|\s+)#.*$/.exec(l)?.index);
      expect(commentStart(l)).toBe(/\s+#.*$/.exec(l)?.index);
    }), { numRuns: 2000, seed: 6 });
  });
});

// @swimlane/docker-reference's pattern backtracked exponentially on a near-miss image reference: the long
// campaign (npm run fuzz:long) hung on a Dockerfile fixture whose lines end in lone CRs (the FROM line then
// swallows the comments after it). References are now checked by a linear pattern first.
describe('image references that hung the Dockerfile analyzer', () => {
  it.each([
    ['a trailing slash', `FROM ${'a'.repeat(30)}/\n`, []],
    ['lone CR line ends', '# c\rFROM mcr.microsoft.com/azure-functions/python:4-python3.11\r# ruleid: docker-base-image-outdated\rRUN x\r', ['docker-base-image-outdated']],
    ['an ordinary outdated image', 'FROM python:3.11-slim\n', ['docker-base-image-outdated']],
  ])('%s', async (_what, text, rules) => {
    const result = await analyzeFiles({ files: [memoryFile('Dockerfile', text)], ruleset, target: parseTarget('3.13'), threads: 1 });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.rule).filter((r) => r.startsWith('docker-'))).toEqual(rules);
  }, 30_000);
});
