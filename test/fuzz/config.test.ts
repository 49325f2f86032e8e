// Property tests of the two YAML loaders: `.github/pyshift.yml` (parseConfigText) and the rule packs
// (loadPack). Whatever the text, the config loader returns a config or throws ConfigError, and a pack
// loads or throws RulePackError naming the file: no other exception, no hang.

import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ConfigError, parseConfigText } from '../../src/config/repo-config.js';
import { DEFAULT_RULES_DIR, listPackFiles, loadPack, loadRuleset, RulePackError } from '../../src/analysis/ruleset.js';

const ruleset = loadRuleset();

const CONFIG_PIECES = [
  'target: ', '"3.13"', '3.13', '3.1', 'annotate: ', 'added', 'fail_on: ', 'never', 'comment: ', 'on-findings', 'pypi: ', 'true', 'paths:',
  '\n  exclude:', '\n    - ', '"tests/**"', '*(a*)b', '**/', '*', 'rules:', '\n  py-removed-module-imp: ', 'off', 'warning', '&a ', '*a', '<<: ',
  '[', ']', '{', '}', '- ', ': ', '\n', '\r\n', '\r', '\t', '\uFEFF', '\0', '#', '!!binary ', '!!js/function ', '%YAML 1.1\n', '---\n', '...\n', '"', "'",
];

/** The config loader's contract, run on one text. */
function loadConfig(text: string): 'ok' | 'rejected' {
  try {
    const config = parseConfigText(text, ruleset);
    config.isExcluded('a/b/c.py');
    return 'ok';
  } catch (err) {
    if (err instanceof ConfigError) {
      expect(err.problems.length).toBeGreaterThan(0);
      return 'rejected';
    }
    throw err;
  }
}

describe('parseConfigText', () => {
  it('returns a config or throws ConfigError, on random and mutated text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fc.constantFrom(...CONFIG_PIECES), { maxLength: 40 }).map((p) => p.join(''))),
        (text) => { loadConfig(text); },
      ),
      { numRuns: 400, seed: 6 },
    );
  });

  it.each([
    ['10,000 nested sequences', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'rejected'],
    ['10,000 nested mappings', `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`, 'rejected'],
    ['an alias bomb', `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n`, 'rejected'],
    ['a 1 MB line', `target: "${'3'.repeat(1_000_000)}"`, 'rejected'],
    ['a BOM and CRLF', '\uFEFFtarget: "3.13"\r\nfail_on: never\r\n', 'ok'],
  ])('%s', (_what, text, expected) => {
    expect(loadConfig(text)).toBe(expected);
  });
});

describe('loadPack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pyshift-packs-'));
  copyFileSync(join(DEFAULT_RULES_DIR, 'schema.json'), join(dir, 'schema.json'));
  const packs = listPackFiles(DEFAULT_RULES_DIR).map((f) => readFileSync(f, 'utf8'));
  const edit = fc.tuple(fc.nat(), fc.nat(30), fc.constantFrom(...CONFIG_PIECES, 'id: ', 'removed_in: ', 'x', '  ', 'match: {', 'rules:\n'));

  it('loads a mutated pack or throws RulePackError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...packs), fc.array(edit, { minLength: 1, maxLength: 5 }), (seed, edits) => {
        let text = seed;
        for (const [at, len, piece] of edits) {
          const i = at % (text.length + 1);
          text = len % 2 === 0 ? text.slice(0, i) + piece + text.slice(i) : text.slice(0, i) + text.slice(i + len);
        }
        const file = join(dir, 'pack.yaml');
        writeFileSync(file, text);
        try {
          for (const rule of loadPack(file, dir)) expect(typeof rule.id).toBe('string');
        } catch (err) {
          expect(err).toBeInstanceOf(RulePackError);
          expect((err as Error).message.startsWith('pack.yaml: ')).toBe(true);
        }
      }),
      { numRuns: 150, seed: 6 },
    );
  }, 30_000);
});
