// Meta-tests of the rule catalogue: every rule is tested by its fixtures, documented, cited, and the
// generated reference (docs/rules.md) is current. The counterpart of ESLint's rule-example checker.

import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPackFiles, loadRuleset, RulePackError } from '../src/analysis/ruleset.js';
import { fixturesOf, parseAnnotations } from '../src/catalogue/fixtures.js';
import { renderRuleReference } from '../src/catalogue/rule-docs.js';

const ruleset = loadRuleset();
const referenceDir = fileURLToPath(new URL('../../shared/reference/', import.meta.url));
const packs = listPackFiles(ruleset.dir).map((file) => ({ name: relative(ruleset.dir, file), fixtures: fixturesOf(file) }));

describe('every rule', () => {
  const annotated = new Map<string, Set<string>>();
  for (const pack of packs) {
    for (const fixture of pack.fixtures) {
      for (const a of fixture.annotations) for (const id of a.ids) {
        const kinds = annotated.get(id) ?? new Set<string>();
        kinds.add(a.kind);
        annotated.set(id, kinds);
      }
    }
  }

  it.each(ruleset.rules.map((r) => [r.id, r] as const))('%s has a ruleid and an ok fixture line, docs and a real reference', (id, rule) => {
    expect([...(annotated.get(id) ?? [])].filter((k) => k === 'ruleid' || k === 'ok').sort()).toEqual(['ok', 'ruleid']);
    if (rule.docs.startsWith('docs/')) {
      const [file, anchor] = rule.docs.split('#');
      expect(existsSync(fileURLToPath(new URL(`../${file}`, import.meta.url)))).toBe(true);
      expect(anchor).toBe(rule.id);
    } else {
      expect(() => new URL(rule.docs)).not.toThrow();
    }
    expect(rule.message).not.toMatch(/TODO|FIXME/);
    expect(rule.fix).not.toEqual(rule.message);
    const referenceFile = join(referenceDir, rule.reference.file);
    if (existsSync(referenceDir)) {
      expect(existsSync(referenceFile)).toBe(true);
      expect(readFileSync(referenceFile, 'utf8')).toContain(rule.reference.section);
    }
  });

  it('annotations name only rules that exist', () => {
    const unknown = [...annotated.keys()].filter((id) => !ruleset.byId.has(id));
    expect(unknown).toEqual([]);
  });

  it('annotations use the canonical spelling `# ruleid: a, b`', () => {
    const drift = packs.flatMap((p) => p.fixtures.flatMap((f) => parseAnnotations(f.text).nonCanonical.map((line) => `${f.path}:${line}`)));
    expect(drift).toEqual([]);
  });
});

describe('the rule reference', () => {
  it('docs/rules.md is generated from the current catalogue (run `npm run docs:rules`)', () => {
    const current = readFileSync(fileURLToPath(new URL('../docs/rules.md', import.meta.url)), 'utf8');
    expect(current).toEqual(renderRuleReference(ruleset));
  });
});

describe('loading a broken pack', () => {
  const schema = readFileSync(join(ruleset.dir, 'schema.json'), 'utf8');
  const write = (yaml: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'pyshift-rules-'));
    writeFileSync(join(dir, 'schema.json'), schema);
    mkdirSync(join(dir, 'python'));
    writeFileSync(join(dir, 'python', 'bad.yaml'), yaml);
    return dir;
  };
  const valid = `kind: python
rules:
  - id: py-test-rule
    title: A test rule
    severity: error
    removed_in: "3.13"
    match: { module: cgi }
    message: The module is gone now.
    fix: Use something else.
    docs: https://docs.python.org/3.13/whatsnew/3.13.html
    reference: { file: whatsnew-3.13.rst, section: "Removed" }
`;
  it.each([
    ['invalid YAML', 'kind: python\nrules: [\n', /python\/bad\.yaml: invalid YAML/],
    ['an unknown key', valid.replace('    severity: error', '    severity: error\n    severty: error'), /python\/bad\.yaml: does not match rules\/schema\.json:\n {2}line 6: rules\[0\] \(rule py-test-rule\) must NOT have additional properties "severty"/],
    ['a bad severity', valid.replace('severity: error', 'severity: fatal'), /line 5: rules\[0\]\.severity \(rule py-test-rule\) must be equal to one of the allowed values: error, warning, notice/],
    ['a matcher of the wrong kind', valid.replace('match: { module: cgi }', 'match: { image: python }'), /rules\[0\]\.match \(rule py-test-rule\)/],
    ['no version', valid.replace('    removed_in: "3.13"\n', ''), /needs deprecated_in, removed_in or changed_in/],
    ['a duplicate id', valid + valid.split('rules:\n')[1], /rule id py-test-rule is already defined/],
  ])('%s fails loudly, naming the file and the key', (_what, yaml, message) => {
    expect(() => loadRuleset(write(yaml))).toThrow(RulePackError);
    expect(() => loadRuleset(write(yaml))).toThrow(message);
  });

  it('a valid pack loads', () => {
    expect(loadRuleset(write(valid)).rules.map((r) => r.id)).toEqual(['py-test-rule']);
  });
});
