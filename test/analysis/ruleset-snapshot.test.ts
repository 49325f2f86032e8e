// The validated-catalogue snapshot the build writes: used only for the exact catalogue it was made from.

import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR, loadRuleset, RulePackError, writeRulesetSnapshot } from '../../src/analysis/ruleset.js';

function copyCatalogue(): { dir: string; snapshot: string } {
  const root = mkdtempSync(join(tmpdir(), 'pyshift-snapshot-'));
  const dir = join(root, 'rules');
  cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
  const snapshot = join(root, 'out', 'rules-snapshot.json');
  writeRulesetSnapshot(dir, snapshot);
  return { dir, snapshot };
}

const PACK = 'python/removed-modules.yaml';

describe('rules snapshot', () => {
  it('holds the same rules and version as reading the YAML', () => {
    const { dir, snapshot } = copyCatalogue();
    const fromYaml = loadRuleset(dir, undefined);
    const fromSnapshot = loadRuleset(dir, snapshot);
    expect(fromSnapshot.rules).toEqual(fromYaml.rules);
    expect(fromSnapshot.version).toBe(fromYaml.version);
    expect([...fromSnapshot.byId.keys()]).toEqual([...fromYaml.byId.keys()]);
  });

  it('is what a load of the unchanged catalogue returns', () => {
    const { dir, snapshot } = copyCatalogue();
    const saved = JSON.parse(readFileSync(snapshot, 'utf8')) as { key: string; rules: { message: string }[] };
    saved.rules[0]!.message = 'from the snapshot';
    writeFileSync(snapshot, JSON.stringify(saved));
    expect(loadRuleset(dir, snapshot).rules[0]!.message).toBe('from the snapshot');
  });

  it('is ignored once a pack changes: the edit shows and a broken pack still fails validation', () => {
    const { dir, snapshot } = copyCatalogue();
    const file = join(dir, PACK);
    const text = readFileSync(file, 'utf8');
    const id = /id: (\S+)/.exec(text)![1]!;
    writeFileSync(file, text.replace(/title: [^\n]*/, 'title: edited after the build'));
    expect(loadRuleset(dir, snapshot).byId.get(id)!.title).toBe('edited after the build');
    writeFileSync(file, text.replace(/severity: \w+/, 'severity: fatal'));
    expect(() => loadRuleset(dir, snapshot)).toThrow(RulePackError);
  });

  it('is ignored when the schema changes or the snapshot is unreadable', () => {
    const { dir, snapshot } = copyCatalogue();
    const schemaFile = join(dir, 'schema.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(schemaFile, JSON.stringify({ ...schema, description: 'changed' }));
    const saved = JSON.parse(readFileSync(snapshot, 'utf8')) as { rules: { message: string }[] };
    saved.rules[0]!.message = 'stale';
    writeFileSync(snapshot, JSON.stringify(saved));
    expect(loadRuleset(dir, snapshot).rules[0]!.message).not.toBe('stale');
    writeFileSync(snapshot, '{ not json');
    expect(loadRuleset(dir, snapshot).rules.length).toBeGreaterThan(100);
  });
});
