// The pure pieces of the app: patch parsing, file planning, check-run rendering and batching, settings,
// and the run registry. Every update body is checked against GitHub's OpenAPI description.

import { describe, expect, it } from '@jest/globals';
import type { Analyzer } from '../../src/analysis/analyzer.js';
import type { Finding, ScanResult, Severity } from '../../src/analysis/types.js';
import { annotationKey, buildUpdates, pullNumberFromExternalId } from '../../src/github/checks-publisher.js';
import { batchFiles, blobQuery } from '../../src/github/contents.js';
import { planFiles } from '../../src/github/file-plan.js';
import { addedLines } from '../../src/github/patch.js';
import { RunRegistry, SupersededError } from '../../src/github/run-registry.js';
import { readAppSettings } from '../../src/github/settings.js';
import { checkRunName, renderCheckRun, renderInterruption, toAnnotation, type Interruption } from '../../src/report/check-run.js';
import { checkRunBodyProblems } from '../support/openapi.js';

function finding(over: Partial<Finding> = {}): Finding {
  return { rule: 'py-removed-module-cgi', path: 'a.py', line: 1, column: 8, endLine: 1, endColumn: 11, severity: 'error', message: 'cgi is gone.', fix: 'Use email.', docs: 'https://docs.python.org/3.13/', ...over };
}

function scan(findings: Finding[], files = 1): ScanResult {
  return { target: '3.13', files, findings, errors: [] };
}

describe('addedLines', () => {
  it.each([
    ['an added file', '@@ -0,0 +1,3 @@\n+a\n+b\n+c', [1, 2, 3]],
    ['context, a removal and an addition', '@@ -10,4 +10,4 @@\n ctx\n-old\n+new\n ctx\n ctx', [11]],
    ['two hunks', '@@ -1,2 +1,3 @@\n a\n+b\n c\n@@ -20,2 +21,3 @@\n x\n+y\n z', [2, 22]],
    ['a missing newline marker', '@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file', [1]],
    ['only removals', '@@ -1,2 +0,0 @@\n-a\n-b', []],
    ['a hunk header with a section heading', '@@ -5,3 +5,4 @@ def main():\n x\n+y\n z\n w', [6]],
  ])('%s', (_label, patch, lines) => {
    expect([...addedLines(patch)]).toStrictEqual(lines);
  });
});

describe('toAnnotation', () => {
  it.each([
    ['error', 'failure'],
    ['warning', 'warning'],
    ['notice', 'notice'],
  ] as [Severity, string][])('severity %s becomes annotation level %s', (severity, level) => {
    expect(toAnnotation(finding({ severity })).annotation_level).toBe(level);
  });

  it.each([
    ['one line: with columns', finding(), { start_column: 8, end_column: 11 }],
    ['several lines: without columns', finding({ endLine: 3 }), {}],
  ])('%s', (_label, f, columns) => {
    const a = toAnnotation(f);
    expect({ start_column: a.start_column, end_column: a.end_column }).toStrictEqual({ start_column: undefined, end_column: undefined, ...columns });
    expect(a).toMatchObject({ title: f.rule, message: `${f.message}\nFix: ${f.fix}`, raw_details: `Docs: ${f.docs}` });
  });
});

describe('renderCheckRun', () => {
  const changed = new Map([['a.py', new Set([2])]]);

  it.each<[string, Finding[], 'error' | 'warning' | 'never', string, string]>([
    ['no findings', [], 'error', 'success', 'No findings in 1 file'],
    ['an error on an added line', [finding({ line: 2, endLine: 2 })], 'error', 'failure', '1 error on added lines'],
    ['an error elsewhere only', [finding({ line: 5, endLine: 5 })], 'error', 'neutral', 'no findings on added lines; 1 more in changed files'],
    ['a warning with fail_on: warning', [finding({ line: 2, endLine: 2, severity: 'warning' })], 'warning', 'failure', '1 warning on added lines'],
    ['a warning with fail_on: error', [finding({ line: 2, endLine: 2, severity: 'warning' })], 'error', 'neutral', '1 warning on added lines'],
    ['an error with fail_on: never', [finding({ line: 2, endLine: 2 })], 'never', 'neutral', '1 error on added lines'],
  ])('%s', (_label, findings, failOn, conclusion, title) => {
    const report = renderCheckRun({ result: scan(findings), config: { annotate: 'added', fail_on: failOn }, changedLines: changed });
    expect([report.conclusion, report.title]).toStrictEqual([conclusion, title]);
  });

  it('a multi-line finding counts as added when any of its lines is', () => {
    const report = renderCheckRun({ result: scan([finding({ line: 1, endLine: 3 })]), config: { annotate: 'added', fail_on: 'error' }, changedLines: changed });
    expect(report.annotations).toHaveLength(1);
  });

  it('without changed lines (a local scan) every finding is annotated', () => {
    const report = renderCheckRun({ result: scan([finding(), finding({ path: 'b.py' })]), config: { annotate: 'added', fail_on: 'error' } });
    expect(report.annotations.map((a) => a.path)).toStrictEqual(['a.py', 'b.py']);
  });

  it('keeps a huge summary within 65,535 characters, closes the collapsed section and says what it left out', () => {
    const many = Array.from({ length: 4000 }, (_, i) => finding({ line: i + 1, endLine: i + 1, message: `m${i} ${'x'.repeat(60)}` }));
    const report = renderCheckRun({ result: scan(many), config: { annotate: 'added', fail_on: 'error' }, changedLines: new Map([['a.py', new Set(Array.from({ length: 2000 }, (_, i) => i + 1))]]) });
    expect(report.summary.length).toBeLessThanOrEqual(65_535);
    expect(report.summary).toMatch(/_Summary truncated: \d+ findings not listed/);
    expect(report.summary.split('<details>').length).toBe(report.summary.split('</details>').length);
    expect(report.annotations).toHaveLength(500);
    expect(report.summary).toContain('1500 findings are listed here but not annotated');
  });

  it('its update bodies satisfy the OpenAPI description and the documented limits', () => {
    const many = Array.from({ length: 173 }, (_, i) => finding({ line: i + 1, endLine: i % 3 === 0 ? i + 2 : i + 1, message: 'm|with\npipes' }));
    const report = renderCheckRun({ result: scan(many), config: { annotate: 'file', fail_on: 'error' }, changedLines: changed });
    const updates = buildUpdates(report, { now: '2026-01-01T00:00:00Z' });
    expect(updates.map((u) => u.output.annotations?.length ?? 0)).toStrictEqual([50, 50, 50, 23]);
    expect(updates.map((u) => u.status ?? null)).toStrictEqual([null, null, null, 'completed']);
    expect(updates.flatMap((u) => checkRunBodyProblems('PATCH', u))).toStrictEqual([]);
  });

  it.each<Interruption>([
    { kind: 'config', problems: ['anotate: unknown key (allowed: target, annotate)'], source: '.github/pyshift.yml' },
    { kind: 'error', message: 'GitHub answered 502' },
    { kind: 'timeout', seconds: 300 },
    { kind: 'superseded', by: 'abc1234' },
    { kind: 'no-pull-request' },
  ])('an interruption ($kind) renders a valid completing body', (i) => {
    const r = renderInterruption(i);
    const body = { status: 'completed', conclusion: r.conclusion, completed_at: '2026-01-01T00:00:00Z', output: { title: r.title, summary: r.summary } };
    expect(checkRunBodyProblems('PATCH', body)).toStrictEqual([]);
  });

  it('names the check run after the target', () => {
    expect(checkRunName('3.14')).toBe('Python 3.14 migration');
  });
});

describe('buildUpdates', () => {
  const report = (n: number) => renderCheckRun({ result: scan(Array.from({ length: n }, (_, i) => finding({ line: i + 1, endLine: i + 1 }))), config: { annotate: 'file', fail_on: 'error' } });

  it.each([
    [0, [0]],
    [50, [50]],
    [51, [50, 1]],
    [120, [50, 50, 20]],
  ])('%i annotations -> requests of %j', (n, sizes) => {
    expect(buildUpdates(report(n), { now: 'x' }).map((u) => u.output.annotations?.length ?? 0)).toStrictEqual(sizes);
  });

  it('does not send again the annotations a reused check run already has', () => {
    const r = report(3);
    const existing = new Set([annotationKey(r.annotations[0]!), annotationKey(r.annotations[2]!)]);
    expect(buildUpdates(r, { now: 'x', existing })[0]!.output.annotations!.map((a) => a.start_line)).toStrictEqual([2]);
  });

  it.each([
    ['pyshift:pr=12', 12],
    ['pyshift:pr=0', undefined],
    ['other:pr=12', undefined],
    [null, undefined],
  ])('external id %j -> pull request %j', (id, n) => {
    expect(pullNumberFromExternalId(id)).toBe(n);
  });
});

describe('planFiles', () => {
  const fakeAnalyzer = (kind: 'python' | 'requirements', re: RegExp, collect: boolean): Analyzer => ({
    kind,
    accepts: (p) => re.test(p),
    analyze: () => ({ findings: [] }),
    ...(collect ? { collect: () => undefined } : {}),
  });
  const analyzers = [fakeAnalyzer('python', /\.py$/, false), fakeAnalyzer('requirements', /requirements\.txt$/, true)];
  const tree = {
    truncated: false,
    blobs: new Map([
      ['a.py', { oid: 'a1', size: 10 }],
      ['big.py', { oid: 'b1', size: 5_000_000 }],
      ['vendor/v.py', { oid: 'v1', size: 10 }],
      ['README.md', { oid: 'r1', size: 10 }],
      ['requirements.txt', { oid: 'q1', size: 10 }],
      ['sub/requirements.txt', { oid: 'q2', size: 10 }],
      ['nopatch.py', { oid: 'n1', size: 10 }],
    ]),
  };
  const plan = planFiles({
    changed: [
      { path: 'a.py', status: 'modified', patch: '@@ -1 +1,2 @@\n x\n+y', changes: 1 },
      { path: 'big.py', status: 'modified', patch: '@@ -1 +1 @@\n+y', changes: 1 },
      { path: 'vendor/v.py', status: 'added', patch: '@@ -0,0 +1 @@\n+x', changes: 1 },
      { path: 'README.md', status: 'modified', patch: '@@ -1 +1 @@\n+x', changes: 1 },
      { path: 'gone.py', status: 'removed', changes: 3 },
      { path: 'sub/requirements.txt', status: 'modified', patch: '@@ -1 +1 @@\n+x', changes: 1 },
      { path: 'nopatch.py', status: 'modified', changes: 9000 },
    ],
    capped: true,
    tree,
    isExcluded: (p) => p.startsWith('vendor/'),
    maxFileBytes: 1_000_000,
    analyzers,
  });

  it('analyses changed files an analyzer accepts, skipping removed, excluded and other files', () => {
    expect(plan.analyse.map((f) => f.path)).toStrictEqual(['a.py', 'sub/requirements.txt', 'nopatch.py']);
  });

  it('skips files over the size limit with a reason, without reading them', () => {
    expect(plan.skipped).toStrictEqual([{ path: 'big.py', message: 'skipped: 5000000 bytes is over the 1000000-byte limit for one file' }]);
  });

  it('reads unchanged dependency manifests for cross-file facts', () => {
    expect(plan.manifests.map((f) => f.path)).toStrictEqual(['requirements.txt']);
  });

  it('knows the added lines, and treats a file without a patch as changed everywhere', () => {
    expect(plan.changedLines.get('a.py')).toStrictEqual(new Set([2]));
    expect(plan.changedLines.get('nopatch.py')).toBe('all');
  });

  it('explains the omitted patch and GitHub’s 3,000-file cap', () => {
    expect(plan.notes).toStrictEqual([
      'GitHub sent no diff for `nopatch.py` (too large to show), so every line of that file counts as changed.',
      'GitHub lists only the first 3,000 files of a pull request; files after those were not analysed.',
    ]);
  });

  it('gives the engine every path of the head commit', () => {
    expect(plan.projectPaths).toHaveLength(7);
  });
});

describe('GraphQL blob reads', () => {
  it('batches by count and by size', () => {
    const files = Array.from({ length: 7 }, (_, i) => ({ path: `f${i}.py`, oid: `${i}`, size: 400 }));
    expect(batchFiles(files, 3, 1_000_000).map((b) => b.length)).toStrictEqual([3, 3, 1]);
    expect(batchFiles(files, 100, 1000).map((b) => b.length)).toStrictEqual([2, 2, 2, 1]);
  });

  it('asks by object id when the tree gave one, else by "SHA:path"', () => {
    const { query, variables } = blobQuery({ owner: 'o', repo: 'r' }, 'abc', [{ path: 'a.py', oid: '123' }, { path: 'b.py' }]);
    expect(query).toContain('f0: object(oid: $v0) { ...blob }');
    expect(query).toContain('f1: object(expression: $v1) { ...blob }');
    expect(variables).toStrictEqual({ owner: 'o', repo: 'r', v0: '123', v1: 'abc:b.py' });
  });
});

describe('readAppSettings', () => {
  it('has defaults', () => {
    expect(readAppSettings({})).toStrictEqual({
      timeoutSeconds: 300,
      maxFileBytes: 2 * 1024 * 1024,
      maxAnnotations: 500,
      analysisWorkers: 2,
      queueConcurrency: 4,
      installationConcurrency: 2,
      jobAttempts: 4,
      retryBackoffMs: 5000,
      cacheEntries: 100_000,
      shutdownSeconds: 25,
    });
  });

  it.each([
    ['PYSHIFT_TIMEOUT_SECONDS', '0', 1],
    ['PYSHIFT_TIMEOUT_SECONDS', '1.5', 1],
    ['PYSHIFT_MAX_FILE_BYTES', 'ten', 1],
    ['PYSHIFT_ANALYSIS_WORKERS', '-1', 0],
  ])('rejects %s=%j, naming the variable', (name, value, min) => {
    expect(() => readAppSettings({ [name]: value })).toThrow(`${name} must be a whole number of at least ${min}, not "${value}"`);
  });

  it('accepts 0 analysis workers (analyses on the main thread)', () => {
    expect(readAppSettings({ PYSHIFT_ANALYSIS_WORKERS: '0' }).analysisWorkers).toBe(0);
  });
});

describe('RunRegistry', () => {
  it('a newer analysis of the same pull request aborts the older one and refuses its writes', async () => {
    const registry = new RunRegistry();
    const older = registry.begin('o/r#1', 'aaa', 1);
    const newer = registry.begin('o/r#1', 'bbb', 2);
    expect(older.signal.aborted).toBe(true);
    expect(older.signal.reason).toBeInstanceOf(SupersededError);
    await expect(older.write(async () => 'written')).rejects.toThrow('superseded by an analysis of bbb');
    await expect(newer.write(async () => 'written')).resolves.toBe('written');
  });

  it('analyses of different pull requests do not interfere', () => {
    const registry = new RunRegistry();
    const a = registry.begin('o/r#1', 'aaa', 1);
    registry.begin('o/r#2', 'bbb', 2);
    expect(a.signal.aborted).toBe(false);
  });

  it('runs the calls for one key one after another', async () => {
    const registry = new RunRegistry();
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const first = registry.withLock('k', async () => {
      order.push('first start');
      await gate;
      order.push('first end');
    });
    const second = registry.withLock('k', async () => void order.push('second'));
    await new Promise((r) => setImmediate(r));
    release();
    await Promise.all([first, second]);
    expect(order).toStrictEqual(['first start', 'first end', 'second']);
  });
});
