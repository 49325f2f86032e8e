// Every rule pack's annotated fixtures, run strictly: a `ruleid` line without its finding fails
// (missing), and any finding on a line that does not claim it fails (noisy).

import { describe, expect, it } from '@jest/globals';
import { analyzeFiles, memoryFile } from '../src/analysis/engine.js';
import { listPackFiles, loadRuleset } from '../src/analysis/ruleset.js';
import { fixturesOf, type Fixture } from '../src/catalogue/fixtures.js';
import { parseTarget } from '../src/analysis/versions.js';
import { relative } from 'node:path';

const ruleset = loadRuleset();
const packs = listPackFiles(ruleset.dir).map((file) => ({ file, name: relative(ruleset.dir, file), fixtures: fixturesOf(file) }));

async function runFixtures(fixtures: Fixture[], target: string) {
  const files = fixtures.map((f) => memoryFile(f.path, f.text));
  return analyzeFiles({ files, ruleset, target: parseTarget(target) });
}

describe.each(packs.map((p) => [p.name, p] as const))('%s', (_name, pack) => {
  it('has fixtures', () => {
    expect(pack.fixtures.length).toBeGreaterThan(0);
  });
  const targets = [...new Set(pack.fixtures.map((f) => f.target))];
  it.each(targets)('fixtures for target %s report exactly their ruleid lines', async (target) => {
    const group = pack.fixtures.filter((f) => f.target === target);
    const result = await runFixtures(group, target);
    const problems: string[] = [];
    for (const fixture of group) {
      const expected = new Set<string>();
      const forbidden = new Set<string>();
      const todo = new Set<string>();
      for (const a of fixture.annotations) {
        for (const id of a.ids) {
          const key = `${a.target}:${id}`;
          if (a.kind === 'ruleid') expected.add(key);
          else if (a.kind === 'ok') forbidden.add(key);
          else todo.add(key);
        }
      }
      const actual = new Set(result.findings.filter((f) => f.path === fixture.path).map((f) => `${f.line}:${f.rule}`));
      for (const key of expected) if (!actual.has(key)) problems.push(`${fixture.path}:${key.replace(':', ' missing ')}`);
      for (const key of actual) {
        if (expected.has(key) || todo.has(key)) continue;
        problems.push(`${fixture.path}:${key.replace(':', forbidden.has(key) ? ' reported although marked ok: ' : ' unclaimed finding ')}`);
      }
      for (const e of result.errors.filter((er) => er.path === fixture.path)) problems.push(`${fixture.path}: ${e.message}`);
    }
    expect(problems).toEqual([]);
  });
});
