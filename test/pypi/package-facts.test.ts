// The optional PyPI lookup (`pypi: true`): wheel tags, first 3.13-capable release, Requires-Python traps,
// the response cache, the fallback when `releases` is gone, and the facts reaching the analyzer. Every
// response comes from test/fixtures/pypi through nock; no test touches the network.

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { parseTarget } from '../../src/analysis/versions.js';
import { DirectoryCache, MemoryCache, PypiClient } from '../../src/pypi/client.js';
import { lookupPackageFacts, wheelKind } from '../../src/pypi/package-facts.js';
import { runCli } from '../../src/cli/main.js';
import { tempTree } from '../support/temp-tree.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/pypi/${name}.json`, import.meta.url)), 'utf8'));
const target = parseTarget('3.13');
const ruleset = loadRuleset();

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('wheelKind', () => {
  it.each([
    ['x-1.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'compiled'],
    ['x-1.0-cp313-cp313-win_amd64.whl', 'compiled'],
    ['x-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl', undefined],
    ['x-1.0-cp312-cp312-manylinux_2_17_x86_64.whl', undefined],
    ['x-1.0-cp39-abi3-manylinux_2_17_x86_64.whl', 'abi3'],
    ['x-1.0-cp314-abi3-manylinux_2_17_x86_64.whl', undefined],
    ['x-1.0-py3-none-any.whl', 'pure'],
    ['x-1.0-py2.py3-none-any.whl', 'pure'],
    ['x-1.0-py3-none-macosx_11_0_arm64.whl', 'pure'],
    ['x-1.0-py2-none-any.whl', undefined],
    ['x-1.0-1build-cp313-cp313-linux_x86_64.whl', 'compiled'],
    ['x-1.0.tar.gz', undefined],
  ])('%s -> %s', (filename, kind) => {
    expect(wheelKind(filename, target)).toBe(kind);
  });
});

describe('lookupPackageFacts', () => {
  const files = [{ path: 'requirements.txt', text: 'fastparse-example==1.0.0\nsampleproject>=1.0\nnumpy==1.26.4\nprivate-internal-lib==1.0\n' }];

  function mockProjects() {
    return nock('https://pypi.org')
      .get('/pypi/fastparse-example/json').reply(200, fixture('fastparse-example') as nock.Body)
      .get('/pypi/sampleproject/json').reply(200, fixture('sampleproject') as nock.Body)
      .get('/pypi/private-internal-lib/json').reply(404, { message: 'Not Found' });
  }

  it('finds the first final, non-yanked release with a wheel 3.13 can use, and later Requires-Python traps', async () => {
    const scope = mockProjects();
    const { facts, errors } = await lookupPackageFacts({ files, target, client: new PypiClient() });
    expect(errors).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect([...facts.keys()].sort()).toEqual(['fastparse-example', 'sampleproject']);
    expect(facts.get('fastparse-example')).toMatchObject({
      firstVersion: '1.1.1', kind: 'compiled', confidence: 'medium', excluded: ['==1.2.0'], origin: 'pypi',
      docs: 'https://pypi.org/project/fastparse-example/1.1.1/',
    });
    expect(facts.get('sampleproject')).toMatchObject({ firstVersion: '1.2.0', kind: 'pure', confidence: 'low' });
  });

  it('asks PyPI once per package with a cache', async () => {
    const cache = new MemoryCache();
    mockProjects();
    const first = await lookupPackageFacts({ files, target, client: new PypiClient({ cache }) });
    const second = await lookupPackageFacts({ files, target, client: new PypiClient({ cache }) });
    expect(second).toEqual(first);
  });

  it('keeps responses on disk until they expire', async () => {
    let now = 1_000_000;
    const dir = mkdtempSync(join(tmpdir(), 'pyshift-pypi-'));
    const cache = new DirectoryCache(dir, 60_000, () => now);
    nock('https://pypi.org').get('/pypi/sampleproject/json').reply(200, fixture('sampleproject') as nock.Body);
    const client = new PypiClient({ cache });
    const fresh = await client.project('sampleproject');
    expect(await new PypiClient({ cache }).project('sampleproject')).toEqual(fresh);
    now += 60_001;
    nock('https://pypi.org').get('/pypi/sampleproject/json').reply(500, 'down');
    await expect(new PypiClient({ cache }).project('sampleproject')).rejects.toThrow(/answered 500/);
  });

  it('falls back to the release endpoint for exact pins when `releases` is gone', async () => {
    nock('https://pypi.org')
      .get('/pypi/modernlib-example/json').reply(200, fixture('modernlib-example') as nock.Body)
      .get('/pypi/modernlib-example/1.4.0/json').reply(200, fixture('modernlib-example-1.4.0') as nock.Body);
    const { facts } = await lookupPackageFacts({ files: [{ path: 'requirements.txt', text: 'modernlib-example==1.4.0\n' }], target, client: new PypiClient() });
    expect(facts.get('modernlib-example')).toMatchObject({ firstVersion: '2.0.0', confidence: 'low', origin: 'pypi' });
  });

  it('reports failed lookups and goes on', async () => {
    nock('https://pypi.org')
      .get('/pypi/fastparse-example/json').reply(503, 'unavailable')
      .get('/pypi/sampleproject/json').reply(200, fixture('sampleproject') as nock.Body)
      .get('/pypi/private-internal-lib/json').reply(404, {});
    const { facts, errors } = await lookupPackageFacts({ files, target, client: new PypiClient() });
    expect(errors).toEqual(['fastparse-example: https://pypi.org/pypi/fastparse-example/json answered 503']);
    expect([...facts.keys()]).toEqual(['sampleproject']);
  });

  it('gives the analyzer facts for packages the table does not list', async () => {
    mockProjects();
    const { facts } = await lookupPackageFacts({ files, target, client: new PypiClient() });
    const text = 'fastparse-example==1.0.0\nfastparse-example==1.2.0\nfastparse-example>=1.1\nprivate-internal-lib==1.0\n';
    const result = await analyzeFiles({ files: [memoryFile('requirements.txt', text)], ruleset, target, packageFacts: facts });
    expect(result.findings.map((f) => [f.line, f.rule, f.docs])).toEqual([
      [1, 'req-pin-below-313-support', 'https://pypi.org/project/fastparse-example/1.1.1/'],
      [2, 'req-pin-313-metadata-trap', 'https://pypi.org/project/fastparse-example/1.1.1/'],
    ]);
    const without = await analyzeFiles({ files: [memoryFile('requirements.txt', text)], ruleset, target });
    expect(without.findings).toEqual([]);
  });
});

describe('pyshift scan with `pypi: true`', () => {
  async function cli(root: string, cacheHome: string) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['scan', root, '--format', 'json'], { cwd: root, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, isTTY: false, env: { XDG_CACHE_HOME: cacheHome } });
    return { code, stderr, findings: (JSON.parse(stdout) as { findings: { rule: string; line: number }[] }).findings };
  }

  it('looks packages up only when the config asks for it, through the on-disk cache', async () => {
    const files = { 'requirements.txt': 'fastparse-example==1.0.0\n' };
    const cacheHome = mkdtempSync(join(tmpdir(), 'pyshift-cache-'));
    expect((await cli(tempTree(files), cacheHome)).findings).toEqual([]);

    const root = tempTree({ ...files, '.github/pyshift.yml': 'pypi: true\n' });
    const scope = nock('https://pypi.org').get('/pypi/fastparse-example/json').once().reply(200, fixture('fastparse-example') as nock.Body);
    const first = await cli(root, cacheHome);
    expect(scope.isDone()).toBe(true);
    expect(first).toMatchObject({ code: 1, stderr: '' });
    expect(first.findings.map((f) => [f.line, f.rule])).toEqual([[1, 'req-pin-below-313-support']]);
    // Served from the cache: nock has no interceptor left, so a request would be a lookup error on stderr.
    expect(await cli(root, cacheHome)).toEqual(first);
  });

  it('also looks up packages of files included with -r under other names', async () => {
    const root = tempTree({ 'requirements.txt': '-r deps/base.pip\n', 'deps/base.pip': 'fastparse-example==1.0.0\n', '.github/pyshift.yml': 'pypi: true\n' });
    const scope = nock('https://pypi.org').get('/pypi/fastparse-example/json').reply(200, fixture('fastparse-example') as nock.Body);
    const run = await cli(root, mkdtempSync(join(tmpdir(), 'pyshift-cache-')));
    expect(scope.isDone()).toBe(true);
    expect(run.findings.map((f) => [f.line, f.rule])).toEqual([[1, 'req-pin-below-313-support']]);
  });

  it('says which lookups failed and still scans', async () => {
    const root = tempTree({ 'requirements.txt': 'fastparse-example==1.0.0\nnumpy==1.26.4\n', '.github/pyshift.yml': 'pypi: true\n' });
    nock('https://pypi.org').get('/pypi/fastparse-example/json').reply(502, 'bad gateway');
    const run = await cli(root, mkdtempSync(join(tmpdir(), 'pyshift-cache-')));
    expect(run.stderr).toBe('pyshift: PyPI lookup failed for fastparse-example: https://pypi.org/pypi/fastparse-example/json answered 502\n');
    expect(run.findings.map((f) => [f.line, f.rule])).toEqual([[2, 'req-pin-below-313-support']]);
  });
});
