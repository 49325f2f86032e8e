// The engine around the analyzers: decoding, target gating, rule settings, suppressions, project facts.

import { describe, expect, it } from '@jest/globals';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import { ProjectIndex } from '../../src/analysis/project.js';
import { loadRuleset, selectRules } from '../../src/analysis/ruleset.js';
import { decodeSource } from '../../src/analysis/source.js';
import { findSuppressions } from '../../src/analysis/suppressions.js';
import { parseTarget } from '../../src/analysis/versions.js';

const ruleset = loadRuleset();

async function scan(files: Record<string, string | Uint8Array>, target = '3.13', extra: { settings?: Record<string, 'off' | 'error' | 'warning' | 'notice'>; maxFileBytes?: number } = {}) {
  return analyzeFiles({ files: Object.entries(files).map(([p, c]) => memoryFile(p, c)), ruleset, target: parseTarget(target), ...extra });
}

describe('target gating', () => {
  it.each([
    ['3.12', 'py-removed-module-cgi', 'warning'],
    ['3.13', 'py-removed-module-cgi', 'error'],
    ['3.14', 'py-removed-module-cgi', 'error'],
    ['3.12', 'py-removed-module-imp', 'error'],
  ])('on %s, %s reports as %s', (target, id, severity) => {
    const rule = selectRules(ruleset, parseTarget(target)).find((r) => r.id === id);
    expect(rule?.effectiveSeverity).toBe(severity);
  });

  it('settings switch rules off or change their severity', () => {
    const rules = selectRules(ruleset, parseTarget('3.13'), { 'py-removed-module-cgi': 'off', 'py-removed-module-uu': 'notice' });
    expect(rules.find((r) => r.id === 'py-removed-module-cgi')).toBeUndefined();
    expect(rules.find((r) => r.id === 'py-removed-module-uu')?.effectiveSeverity).toBe('notice');
  });

  it.each(['3.11', '4.0', 'latest', '3.13.1', ''])('rejects the unknown target %j with the accepted list', (t) => {
    expect(() => parseTarget(t)).toThrow(/use one of 3\.12, 3\.13, 3\.14/);
  });
});

describe('suppressions', () => {
  it.each([
    ['import cgi  # pyshift: ignore', []],
    ['import cgi  # pyshift: ignore[py-removed-module-cgi]', []],
    ['import cgi  #pyshift:ignore[ py-removed-module-uu , py-removed-module-cgi ]', []],
    ['import cgi  # pyshift: ignore[py-removed-module-uu]', ['1:py-removed-module-cgi', '1:pyshift-unused-suppression']],
    ['import json  # pyshift: ignore', ['1:pyshift-unused-suppression']],
    ['import cgi\n# pyshift: ignore[py-removed-module-cgi]', ['1:py-removed-module-cgi', '2:pyshift-unused-suppression']],
  ])('%j -> %j', async (text, expected) => {
    const result = await scan({ 'a.py': text });
    expect(result.findings.map((f) => `${f.line}:${f.rule}`)).toEqual(expected);
  });

  it('records columns of the comment', () => {
    expect(findSuppressions('x = 1  # pyshift: ignore[a-b]\n')).toEqual([{ line: 1, column: 8, endColumn: 30, ids: ['a-b'], used: new Set() }]);
  });

  it('an unused suppression can be switched off like any rule', async () => {
    const result = await scan({ 'a.py': 'import json  # pyshift: ignore' }, '3.13', { settings: { 'pyshift-unused-suppression': 'off' } });
    expect(result.findings).toEqual([]);
  });
});

describe('decoding', () => {
  it.each([
    ['UTF-8 with a BOM', Buffer.from('\ufeffimport cgi\n'), { ok: true, text: 'import cgi\n' }],
    ['a NUL byte', Buffer.from('a\0b'), { ok: false, message: 'skipped: binary file (it contains NUL bytes)' }],
    ['invalid UTF-8', Buffer.from([0xc3, 0x28]), { ok: false, message: 'skipped: not valid UTF-8 text and no PEP 263 coding cookie names another encoding' }],
    ['a cp1252 cookie', Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = "caf\xe9"\n', 'latin1'), { ok: true, text: '#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = "caf\u00e9"\n' }],
    ['an unknown cookie', Buffer.from('# coding: klingon\n\xff\n', 'latin1'), { ok: false, message: 'skipped: not valid klingon text although its coding cookie says so' }],
  ])('%s', (_what, bytes, expected) => {
    expect(decodeSource(bytes)).toEqual(expected);
  });

  it('skips a file over the size limit with a clear error, and goes on', async () => {
    const result = await scan({ 'big.py': 'import cgi\n'.repeat(200), 'small.py': 'import cgi\n' }, '3.13', { maxFileBytes: 1000 });
    expect(result.errors).toEqual([{ path: 'big.py', message: 'skipped: 2200 bytes is over the 1000-byte limit for one file' }]);
    expect(result.findings.map((f) => f.path)).toEqual(['small.py']);
    expect(result.files).toBe(1);
  });

  it('a file whose loader fails is an error entry, not a crash', async () => {
    const result = await analyzeFiles({
      files: [{ path: 'gone.py', load: async () => { throw new Error('EACCES: permission denied'); } }, memoryFile('ok.py', 'import uu\n')],
      ruleset,
      target: parseTarget('3.13'),
    });
    expect(result.errors).toEqual([{ path: 'gone.py', message: 'could not read the file: EACCES: permission denied' }]);
    expect(result.findings.map((f) => f.rule)).toEqual(['py-removed-module-uu']);
  });

  it('reads a few files ahead of the analysis, never the whole scan at once', async () => {
    let reading = 0;
    let most = 0;
    let read = 0;
    const files = Array.from({ length: 60 }, (_, i) => ({
      path: `m${String(i).padStart(2, '0')}.py`,
      load: async () => {
        reading++;
        most = Math.max(most, reading);
        await new Promise((resolve) => setImmediate(resolve));
        reading--;
        read++;
        return i === 7 ? 'import imp\n' : 'x = 1\n';
      },
    }));
    const result = await analyzeFiles({ files, ruleset, target: parseTarget('3.13'), threads: 1 });
    expect(read).toBe(60);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    expect(result.files).toBe(60);
    expect(result.findings.map((f) => `${f.path} ${f.rule}`)).toEqual(['m07.py py-removed-module-imp']);
  });

  it('ignores files no analyzer accepts', async () => {
    const result = await scan({ 'README.md': 'import cgi', 'notes.txt': 'import cgi' });
    expect(result).toEqual({ target: '3.13', files: 0, findings: [], errors: [] });
  });
});

describe('project facts', () => {
  const project = new ProjectIndex(['pipes.py', 'pkg/__init__.py', 'pkg/sub/__init__.py', 'pkg/sub/mod.py', 'pkg/crypt.py', 'scripts/run.py', 'scripts/cgi.py', 'src/uu/__init__.py', 'lib/app/main.py'], ['']);
  it.each([
    ['main.py', 'pipes', true],
    ['pkg/sub/mod.py', 'pipes', true],
    ['scripts/run.py', 'cgi', true],
    ['lib/app/main.py', 'cgi', false],
    ['lib/app/main.py', 'uu', true],
    ['pkg/sub/mod.py', 'crypt', false],
    ['pkg/sub/mod.py', 'pkg', true],
  ])('from %s, `import %s` is local: %s', (importer, top, local) => {
    expect(project.isLocalModule(importer, top)).toBe(local);
  });

  it('a local module with the name of a removed one is not the stdlib module', async () => {
    const result = await scan({ 'app/pipes.py': 'x = 1\n', 'app/run.py': 'import pipes\nimport telnetlib\n' });
    expect(result.findings.map((f) => `${f.path}:${f.line}:${f.rule}`)).toEqual(['app/run.py:2:py-removed-module-telnetlib']);
  });
});
