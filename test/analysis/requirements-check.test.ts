// The requirement check shared by the dependency-file and Dockerfile analyzers, and the PEP 440 / PEP 508
// machinery under it: specifier sets as version intervals, Poetry constraints, markers for the target.

import { describe, expect, it } from '@jest/globals';
import { ProjectIndex } from '../../src/analysis/project.js';
import { loadRuleset, selectRules } from '../../src/analysis/ruleset.js';
import { parseTarget } from '../../src/analysis/versions.js';
import { checkRequirementString } from '../../src/analysis/analyzers/requirements-check.js';
import { evaluateMarker, parseRequirement } from '../../src/analysis/dependencies/pep508.js';
import { admitsPython, admitsVersionIn, parseSpecifier, poetryConstraint } from '../../src/analysis/dependencies/specifiers.js';
import { parseSupportTable, supportTable } from '../../src/analysis/dependencies/package-support.js';

const ruleset = loadRuleset();

function check(text: string, target = '3.13', declared: string[] = []) {
  const project = new ProjectIndex();
  for (const d of declared) project.declarePackage(d, { path: 'requirements.txt', line: 1 });
  const t = parseTarget(target);
  return checkRequirementString(text, { line: 7, column: 5 }, selectRules(ruleset, t), { target: t, project });
}

describe('admitsVersionIn (is any release at or above the first 3.13 one allowed?)', () => {
  it.each([
    ['==1.26.4', '2.1.0', false],
    ['==2.1.0', '2.1.0', true],
    ['==2.1.0+cu121', '2.1.0', true],
    ['===1.26.4', '2.1.0', false],
    ['~=1.26', '2.1.0', false],
    ['~=2.0', '2.1.0', true],
    ['~=2.0.0', '2.1.0', false],
    ['<2', '2.1.0', false],
    ['<2.1', '2.1.0', false],
    ['<=2.1.0', '2.1.0', true],
    ['<2.2', '2.1.0', true],
    ['>=1.20,<2', '2.1.0', false],
    ['>=1.20', '2.1.0', true],
    ['>2.5', '2.1.0', true],
    ['', '2.1.0', true],
    ['==2.0.*', '2.1.0', false],
    ['==2.*', '2.1.0', true],
    ['!=2.1.0,<2.2', '2.1.0', true],
    ['>=2.0,!=2.1.*,<2.2', '2.1.0', false],
    ['==2.10.0', '2.9.0', true],
    ['<2.10', '2.9.0', true],
    ['==1!1.0', '2.1.0', true],
  ])('%s with first %s -> %s', (spec, first, expected) => {
    expect(admitsVersionIn(parseSpecifier(spec)!, { from: first })).toBe(expected);
  });

  it('honours excluded releases (spaCy 3.8.6 declares Requires-Python <3.13)', () => {
    const excluded = (v: string) => v === '3.8.6';
    expect(admitsVersionIn(parseSpecifier('==3.8.6')!, { from: '3.8.5' }, excluded)).toBe(false);
    expect(admitsVersionIn(parseSpecifier('>=3.8.6,<3.8.7')!, { from: '3.8.5' }, excluded)).toBe(true);
  });

  it.each(['>=', '==1.0 ,', 'foo', '~=1', '>=1.0.*', '<=abc'])('rejects the invalid specifier %j', (spec) => {
    expect(parseSpecifier(spec)).toBeUndefined();
  });
});

describe('admitsPython (does a Python-version constraint admit the target?)', () => {
  it.each([
    ['>=3.8', '3.13', true],
    ['>=3.8,<3.13', '3.13', false],
    ['>=3.8,<3.13', '3.12', true],
    ['>=3.8,<3.14', '3.13', true],
    ['>=3.13.1', '3.13', true],
    ['<3.13.0', '3.13', false],
    ['==3.12.*', '3.13', false],
    ['!=3.13.*', '3.13', false],
    ['~=3.10', '3.13', true],
    ['~=3.10.0', '3.13', false],
    ['>=3.14', '3.13', false],
    ['<=3.13', '3.13', true],
  ])('%s on %s -> %s', (spec, target, expected) => {
    expect(admitsPython(parseSpecifier(spec)!, parseTarget(target))).toBe(expected);
  });
});

describe('poetryConstraint', () => {
  it.each([
    ['^1.26', '>=1.26,<2'],
    ['^0.2.3', '>=0.2.3,<0.3'],
    ['^0.0.3', '>=0.0.3,<0.0.4'],
    ['^0', '>=0,<1'],
    ['~1.2.3', '>=1.2.3,<1.3'],
    ['~1', '>=1,<2'],
    ['1.2.3', '==1.2.3'],
    ['1.2.*', '==1.2.*'],
    ['*', ''],
    ['>=1.2, <1.5', '>=1.2,<1.5'],
    ['>= 1.2 < 1.5', '>=1.2,<1.5'],
    ['^3.8 || ^4.0', '>=3.8,<4 | >=4.0,<5'],
    ['~=3.10', '~=3.10'],
  ])('%s -> %s', (text, expected) => {
    const alternatives = poetryConstraint(text)!;
    expect(alternatives.map((a) => a.map((c) => `${c.operator}${c.version}`).join(',')).join(' | ')).toBe(expected);
  });

  it.each(['^abc', '>=', '||'])('rejects %j', (text) => {
    expect(poetryConstraint(text)).toBeUndefined();
  });
});

describe('evaluateMarker for the target', () => {
  const marker = (m: string) => {
    const r = parseRequirement(`x; ${m}`);
    if (!r.ok || !r.requirement.marker) throw new Error(m);
    return r.requirement.marker;
  };
  it.each([
    ['python_version < "3.13"', '3.13', false],
    ['python_version < "3.13"', '3.12', true],
    ['python_version >= "3.13"', '3.13', true],
    ["python_version > '3.9'", '3.13', true],
    ['python_full_version >= "3.13.1"', '3.13', undefined],
    ['python_full_version < "3.13"', '3.13', false],
    ['sys_platform == "win32"', '3.13', undefined],
    ['sys_platform == "win32" and python_version < "3.13"', '3.13', false],
    ['sys_platform == "win32" or python_version >= "3.13"', '3.13', true],
    ['extra == "dev"', '3.13', undefined],
    ['python_version in "3.12 3.13"', '3.13', true],
    ['python_version not in "3.12 3.13"', '3.13', false],
    ['"3.13" == python_version', '3.13', true],
    ['(python_version < "3.10" or python_version > "3.12") and os_name == "nt"', '3.13', undefined],
    ['implementation_name == "cpython"', '3.13', undefined],
  ])('%s on %s -> %s', (m, target, expected) => {
    expect(evaluateMarker(marker(m), parseTarget(target))).toBe(expected);
  });
});

describe('checkRequirementString', () => {
  it('reports a pin below the first 3.13 release at the requirement, naming the version to move to', () => {
    const [f, ...rest] = check('numpy==1.26.4');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: 7, column: 5, endLine: 7, endColumn: 5 + 'numpy==1.26.4'.length });
    expect(f!.rule.id).toBe('req-pin-below-313-support');
    expect(f!.data).toMatchObject({ requirement: 'numpy==1.26.4', package: 'numpy', specifier: '==1.26.4', first: '2.1.0' });
    expect(f!.docs).toBe('https://github.com/numpy/numpy/blob/main/doc/source/release/2.1.0-notes.rst');
  });

  it.each([
    ['numpy==1.26.4', ['req-pin-below-313-support']],
    ['NumPy ~= 1.26', ['req-pin-below-313-support']],
    ['numpy<2; python_version < "3.13"', []],
    ['numpy<2; sys_platform == "win32"', ['req-pin-below-313-support']],
    ['numpy>=1.26', []],
    ['numpy', []],
    ['numpy[extra]==2.1.0', []],
    ['numpy @ https://example.org/numpy-1.26.4.tar.gz', []],
    ['regex==2024.5.15', ['req-pin-below-313-support-unconfirmed']],
    ['bcrypt==4.0.1', ['req-pin-below-313-support-unconfirmed']],
    ['markupsafe==2.1.5', ['req-pin-below-313-support-unconfirmed']],
    ['spacy==3.8.6', ['req-pin-313-metadata-trap']],
    ['spacy==3.8.5', []],
    ['spacy===3.8.6', ['req-pin-313-metadata-trap']],
    ['spacy~=3.8.6', []],
    ['blis~=1.2.0', ['req-pin-313-metadata-trap']],
    ['blis>=1.1', []],
    ['nose==1.3.7', ['req-package-no-313-release']],
    ['cx_Oracle', ['req-package-no-313-release']],
    ['polars==0.20.0', []],
    ['cryptography==3.4', []],
    ['requests==2.0.0', []],
    ['azure-functions-runtime==1.1.0b1', ['req-azure-functions-runtime-prerelease']],
    ['azure-functions-runtime==1.2.0', []],
    ['azure_functions_runtime_v1==1.0.0a3', ['req-azure-functions-runtime-prerelease']],
    ['opencensus-extension-azure-functions==1.0.0', ['req-azure-functions-worker-extension']],
    ['numpy==', []],
  ])('%s -> %j', (text, ids) => {
    expect(check(text).map((f) => f.rule.id)).toEqual(ids);
  });

  it('does not claim 3.13 facts for --target 3.12', () => {
    expect(check('numpy==1.26.4', '3.12')).toEqual([]);
    expect(check('nose', '3.12')).toEqual([]);
  });

  it('accepts pydub when its fix, audioop-lts, is declared', () => {
    expect(check('pydub==0.25.1').map((f) => f.rule.id)).toEqual(['req-package-no-313-release']);
    expect(check('pydub==0.25.1', '3.13', ['audioop-lts'])).toEqual([]);
  });

  it('names the safer pin when the reference gives one', () => {
    const [f] = check('torch==2.4.1');
    expect(f!.data!.first).toBe('2.5.0');
    expect(f!.data!.safer).toContain('>=2.6.0');
  });
});

describe('the shipped support table', () => {
  it('has every row of the reference, keyed by normalised name', () => {
    const table = supportTable();
    expect(table.size).toBe(113);
    expect(table.get('ruamel-yaml-clib')?.firstVersion).toBe('0.2.12');
    expect(table.get('discord-py')?.firstVersion).toBe('2.5.0');
  });

  it('parses quoted evidence cells and the first URL of the source', () => {
    const t = parseSupportTable('package,first_version_supporting_313,kind,free_threaded_first_version,evidence,source,confidence\nFoo.Bar,1.0,compiled,,"says ""hi"", twice",https://x.org/a ; issue #1,high\n');
    expect(t.get('foo-bar')).toMatchObject({ firstVersion: '1.0', kind: 'compiled', confidence: 'high', docs: 'https://x.org/a' });
  });
});
