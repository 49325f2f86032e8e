// `paths.exclude` is the one piece of user input that becomes a regular expression (through picomatch).
// Extglobs are off and globs are capped in number, length and wildcards, so that a repository's config
// cannot make matching its paths take minutes. No timing: the rejected globs would take minutes to run.

import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseConfigText } from '../../src/config/repo-config.js';
import { loadRuleset } from '../../src/analysis/ruleset.js';

const ruleset = loadRuleset();
const config = (globs: string[]): string => `paths:\n  exclude:\n${globs.map((g) => `    - ${JSON.stringify(g)}`).join('\n')}\n`;
const problems = (text: string): string[] => {
  try {
    parseConfigText(text, ruleset);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe('paths.exclude limits', () => {
  it.each([
    ['5 wildcards (`*a*a*a*a*b`: 47 s on a 400-character name)', ['*a*a*a*a*b'], /has 5 wildcards; use at most 3/],
    ['4 globstars (`**/a/**/a/**/a/**/b`: seconds on a deep path)', ['**/a/**/a/**/a/**/b'], /has 4 wildcards; use at most 3/],
    ['101 globs', Array.from({ length: 101 }, (_, i) => `dir${i}/**`), /must NOT have more than 100 items/],
    ['a 201-character glob', [`${'a'.repeat(200)}*`], /must NOT have more than 200 characters/],
  ])('rejects %s', (_what, globs, message) => {
    expect(problems(config(globs)).join('\n')).toMatch(message);
  });

  it.each([
    // With extglobs on, `*(a*)b` backtracks exponentially: 28 characters took 0.9 s, 60 would take centuries.
    ['*(a*)b', `${'a'.repeat(60)}c`, false],
    ['**/migrations/**/*.py', 'app/migrations/0001/initial.py', true],
    ['tests/**', 'tests/unit/test_x.py', true],
    ['*a*a*b', `${'a'.repeat(1000)}c`, false],
  ])('%s matches a hostile or ordinary path: %#', (glob, path, expected) => {
    const { isExcluded } = parseConfigText(config([glob]), ruleset);
    expect(isExcluded(path)).toBe(expected);
  }, 30_000);
});
