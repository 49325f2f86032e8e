// The GitHub App against nock: real webhook payloads in, check-run bodies out (snapshotted, and validated
// against GitHub's OpenAPI description and documented limits).

import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import {
  API,
  OWNER,
  REPO,
  SHA,
  loadPayload,
  makeProbot,
  mockConfig,
  mockListCheckRuns,
  mockReads,
  mockToken,
  pullRequestEvent,
  record,
  recorder,
  stable,
  stableRuleset,
  type Recorder,
  type ScanScenario,
} from './harness.js';

const ruleset = stableRuleset();

const APP_PY = 'import os\nimport imp\nimport cgi\n\ndef main():\n    return os.getcwd()\n';
const APP_PATCH = '@@ -1,4 +1,5 @@\n import os\n import imp\n+import cgi\n \n def main():';

/** A pull request that adds `import cgi` next to an existing `import imp`, plus files the app must skip. */
const BASIC: ScanScenario = {
  tree: { 'app.py': APP_PY, 'README.md': '# hi\n', 'vendor/lib.py': 'import asyncore\n', 'tools/new_tool.py': 'import telnetlib\n' },
  changed: [
    { filename: 'app.py', status: 'modified', patch: APP_PATCH },
    { filename: 'README.md', status: 'modified', patch: '@@ -1 +1 @@\n-# hello\n+# hi' },
    { filename: 'legacy.py', status: 'removed', patch: '@@ -1 +0,0 @@\n-import imp' },
    { filename: 'vendor/lib.py', status: 'added', patch: 'added' },
    { filename: 'tools/new_tool.py', status: 'added', patch: 'added' },
  ],
};

let probot: Probot;
let rec: Recorder;

beforeAll(() => {
  nock.disableNetConnect();
});

beforeEach(() => {
  probot = makeProbot({ deps: { ruleset } });
  rec = recorder();
});

afterEach(() => {
  expect(nock.pendingMocks()).toStrictEqual([]);
  expect(rec.problems).toStrictEqual([]);
  nock.cleanAll();
});

/** Mocks a whole scan that creates its check run (id 7) and completes it. */
function mockFullScan(s: ScanScenario, opts: { sha?: string; patches?: number } = {}): nock.Scope {
  const sha = opts.sha ?? SHA;
  const scope = nock(API);
  mockToken(scope);
  mockConfig(scope, s.config);
  mockListCheckRuns(scope, sha);
  scope.post(`/repos/${OWNER}/${REPO}/check-runs`, record(rec, 'POST')).reply(201, { id: 7, html_url: `https://github.com/${OWNER}/${REPO}/runs/7` });
  mockReads(scope, { ...s, sha });
  for (let i = 0; i < (opts.patches ?? 1); i++) scope.patch(`/repos/${OWNER}/${REPO}/check-runs/7`, record(rec, 'PATCH')).reply(200, { id: 7 });
  return scope;
}

describe('pull_request events', () => {
  it.each(['opened', 'synchronize', 'reopened', 'ready_for_review'])('%s: creates the check run in progress, then completes it', async (action) => {
    mockFullScan({ ...BASIC, config: 'paths:\n  exclude: ["vendor/**"]\n' });
    await probot.receive(pullRequestEvent(action) as never);
    const [create, complete] = rec.writes;
    expect(create!.body).toMatchObject({ name: 'Python 3.13 migration', head_sha: SHA, status: 'in_progress', external_id: 'pyshift:pr=2' });
    expect(complete!.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(rec.writes.map((w) => stable(w.body))).toMatchSnapshot('check-run bodies');
  });

  it('annotates only added lines under annotate: added and lists the others in a collapsed section', async () => {
    mockFullScan({ ...BASIC, config: 'paths:\n  exclude: ["vendor/**"]\n' });
    await probot.receive(pullRequestEvent('opened') as never);
    const output = rec.writes[1]!.body.output;
    expect(output.annotations.map((a: { path: string; start_line: number; title: string }) => `${a.path}:${a.start_line} ${a.title}`)).toStrictEqual([
      'app.py:3 py-removed-module-cgi',
      'tools/new_tool.py:1 py-removed-module-telnetlib',
    ]);
    expect(output.summary).toMatch(/<details><summary>1 more finding in the changed files, on lines this pull request does not add<\/summary>[\s\S]*app\.py:2`.*py-removed-module-imp/);
    expect(output.summary).not.toMatch(/vendor|README|legacy/);
  });

  it.each([
    ['annotate: file', 'annotate: file\n', ['app.py:2', 'app.py:3', 'tools/new_tool.py:1', 'vendor/lib.py:1'], 'failure'],
    ['fail_on: never', 'fail_on: never\n', ['app.py:3', 'tools/new_tool.py:1', 'vendor/lib.py:1'], 'neutral'],
    ['a rule switched off', 'rules:\n  py-removed-module-cgi: "off"\n  py-removed-module-telnetlib: "off"\n  py-removed-module-asyncore: "off"\n', [], 'neutral'],
  ])('config %s', async (_label, config, annotated, conclusion) => {
    mockFullScan({ ...BASIC, config });
    await probot.receive(pullRequestEvent('opened') as never);
    const final = rec.writes.at(-1)!.body;
    expect(final.output.annotations?.map((a: { path: string; start_line: number }) => `${a.path}:${a.start_line}`) ?? []).toStrictEqual(annotated);
    expect(final.conclusion).toBe(conclusion);
  });

  it.each([
    ['3.12', 'Python 3.12 migration'],
    ['3.14', 'Python 3.14 migration'],
  ])('target %s from the config names the check run %j', async (target, name) => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, `target: "${target}"\n`);
    scope.get(`/repos/${OWNER}/${REPO}/commits/${SHA}/check-runs`).query({ check_name: name, filter: 'all', per_page: '100' }).reply(200, { total_count: 0, check_runs: [] });
    scope.post(`/repos/${OWNER}/${REPO}/check-runs`, record(rec, 'POST')).reply(201, { id: 7 });
    mockReads(scope, { tree: { 'a.py': 'import json\n' }, changed: [{ filename: 'a.py', status: 'added', patch: 'added' }] });
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/7`, record(rec, 'PATCH')).reply(200, { id: 7 });
    await probot.receive(pullRequestEvent('opened') as never);
    expect(rec.writes[0]!.body.name).toBe(name);
    expect(rec.writes[1]!.body.output.summary).toContain(`Target: Python ${target}`);
  });

  it('succeeds when the changed files have no findings', async () => {
    mockFullScan({ tree: { 'ok.py': 'import json\n' }, changed: [{ filename: 'ok.py', status: 'added', patch: 'added' }] });
    await probot.receive(pullRequestEvent('opened') as never);
    expect(rec.writes[1]!.body).toMatchObject({ conclusion: 'success', output: { title: 'No findings in 1 file' } });
  });

  it('treats a file whose patch GitHub omitted as changed everywhere, and says so', async () => {
    mockFullScan({ tree: { 'big.py': APP_PY }, changed: [{ filename: 'big.py', status: 'modified', changes: 4000 }] });
    await probot.receive(pullRequestEvent('opened') as never);
    const output = rec.writes[1]!.body.output;
    expect(output.annotations).toHaveLength(2);
    expect(output.summary).toContain('GitHub sent no diff for `big.py`');
  });

  it('publishes more than 50 annotations in batches of at most 50, completing with the last one', async () => {
    const lines = Array.from({ length: 120 }, () => 'import cgi').join('\n');
    mockFullScan({ tree: { 'many.py': `${lines}\n` }, changed: [{ filename: 'many.py', status: 'added', patch: 'added' }] }, { patches: 3 });
    await probot.receive(pullRequestEvent('opened') as never);
    const patches = rec.writes.filter((w) => w.method === 'PATCH');
    expect(patches.map((p) => [p.body.output.annotations.length, p.body.status ?? null])).toStrictEqual([
      [50, null],
      [50, null],
      [20, 'completed'],
    ]);
  });

  it.each([
    ['declared in an unchanged requirements file', { 'requirements.txt': 'zombie-imp==0.0.2\n' }, []],
    ['not declared', { 'requirements.txt': 'requests==2.32.3\n' }, ['app.py:1 py-removed-module-imp']],
  ])('reads unchanged dependency manifests for the backport check: a backport %s', async (_label, manifests, annotated) => {
    mockFullScan({ tree: { 'app.py': 'import imp\n', ...manifests }, changed: [{ filename: 'app.py', status: 'added', patch: 'added' }] });
    await probot.receive(pullRequestEvent('opened') as never);
    const output = rec.writes[1]!.body.output;
    expect((output.annotations ?? []).map((a: { path: string; start_line: number; title: string }) => `${a.path}:${a.start_line} ${a.title}`)).toStrictEqual(annotated);
    expect(output.summary).not.toContain('requirements.txt');
  });

  it('reads a forked pull request through the base repository at the head SHA from the payload', async () => {
    const forkSha = 'f'.repeat(40);
    mockFullScan(BASIC, { sha: forkSha });
    await probot.receive(pullRequestEvent('opened', { sha: forkSha, fork: true }) as never);
    expect(rec.writes[0]!.body.head_sha).toBe(forkSha);
    expect(rec.writes[1]!.body.conclusion).toBe('failure');
  });
});

describe('invalid configuration', () => {
  it.each([
    ['an unknown key', 'anotate: file\n', /anotate: unknown key/],
    ['an unknown rule id', 'rules:\n  py-no-such-rule: "off"\n', /rules\.py-no-such-rule: unknown rule id/],
    ['a bad value', 'fail_on: sometimes\n', /fail_on: must be one of error, warning, notice, never/],
    ['an unsupported target', 'target: "2.7"\n', /target: "2\.7" is not a supported target/],
    ['invalid YAML', 'rules: [unclosed\n', /could not be parsed \(invalid YAML\)/],
  ])('%s completes the check run with the exact problem, without reading files', async (_label, config, problem) => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, config);
    mockListCheckRuns(scope, SHA);
    scope.post(`/repos/${OWNER}/${REPO}/check-runs`, record(rec, 'POST')).reply(201, { id: 7 });
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/7`, record(rec, 'PATCH')).reply(200, { id: 7 });
    await probot.receive(pullRequestEvent('opened') as never);
    const final = rec.writes[1]!.body;
    expect(final).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Invalid configuration: .github/pyshift.yml' } });
    expect(final.output.summary).toMatch(problem);
  });
});

describe('idempotency', () => {
  const existing = (status: string) => ({ id: 42, name: 'Python 3.13 migration', head_sha: SHA, status, external_id: 'pyshift:pr=2', conclusion: status === 'completed' ? 'failure' : null });

  it('a redelivered event for a commit already analysed creates and updates nothing', async () => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, undefined);
    mockListCheckRuns(scope, SHA, [existing('completed')]);
    await probot.receive(pullRequestEvent('synchronize') as never);
    expect(rec.writes).toStrictEqual([]);
  });

  it('a check run left in progress is reused, not duplicated, and annotations already on it are not sent again', async () => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, undefined);
    mockListCheckRuns(scope, SHA, [existing('in_progress'), { id: 43, name: 'Python 3.13 migration', head_sha: SHA, status: 'completed', external_id: 'another-app' }]);
    mockReads(scope, { tree: { 'a.py': 'import cgi\nimport imp\n' }, changed: [{ filename: 'a.py', status: 'added', patch: 'added' }] });
    scope
      .get(`/repos/${OWNER}/${REPO}/check-runs/42/annotations`)
      .query(true)
      .reply(200, [{ path: 'a.py', start_line: 1, end_line: 1, title: 'py-removed-module-cgi', message: 'message of py-removed-module-cgi\nFix: fix for py-removed-module-cgi' }]);
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/42`, record(rec, 'PATCH')).reply(200, { id: 42 });
    await probot.receive(pullRequestEvent('synchronize') as never);
    expect(rec.writes.map((w) => w.method)).toStrictEqual(['PATCH']);
    expect(rec.writes[0]!.body.output.annotations.map((a: { title: string }) => a.title)).toStrictEqual(['py-removed-module-imp']);
  });
});

describe('failures complete the check run with an explanation', () => {
  it('a GitHub error while listing files', async () => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, undefined);
    mockListCheckRuns(scope, SHA);
    scope.post(`/repos/${OWNER}/${REPO}/check-runs`, record(rec, 'POST')).reply(201, { id: 7 });
    scope.get(`/repos/${OWNER}/${REPO}/git/trees/${SHA}`).query(true).reply(200, { sha: SHA, tree: [], truncated: false });
    scope.get(`/repos/${OWNER}/${REPO}/pulls/2/files`).query(true).reply(502, { message: 'Bad Gateway' });
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/7`, record(rec, 'PATCH')).reply(200, { id: 7 });
    await probot.receive(pullRequestEvent('opened') as never);
    expect(stable(rec.writes[1]!.body)).toMatchSnapshot();
    expect(rec.writes[1]!.body.output.summary).toContain('GitHub answered 502 to GET /repos/Codertocat/Hello-World/pulls/2/files');
  });

  it('a GitHub error while reading the config still yields a completed check run', async () => {
    const scope = nock(API);
    mockToken(scope);
    scope.get(`/repos/${OWNER}/${REPO}/contents/.github%2Fpyshift.yml`).reply(500, { message: 'Server Error' });
    mockListCheckRuns(scope, SHA);
    scope.post(`/repos/${OWNER}/${REPO}/check-runs`, record(rec, 'POST')).reply(201, { id: 7 });
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/7`, record(rec, 'PATCH')).reply(200, { id: 7 });
    await probot.receive(pullRequestEvent('opened') as never);
    expect(rec.writes[0]!.body.name).toBe('Python 3.13 migration');
    expect(rec.writes[1]!.body).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(rec.writes[1]!.body.output.summary).toContain('GitHub answered 500 to GET /repos/Codertocat/Hello-World/contents/.github%2Fpyshift.yml');
  });

  it('a timeout', async () => {
    probot = makeProbot({ deps: { ruleset, timeoutSeconds: 1 } });
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, undefined);
    mockListCheckRuns(scope, SHA);
    scope.post(`/repos/${OWNER}/${REPO}/check-runs`, record(rec, 'POST')).reply(201, { id: 7 });
    // A tree read that never answers: only the analysis deadline ends it.
    scope.get(`/repos/${OWNER}/${REPO}/git/trees/${SHA}`).query(true).reply(() => new Promise<never>(() => undefined));
    scope.get(`/repos/${OWNER}/${REPO}/pulls/2/files`).query(true).reply(200, []);
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/7`, record(rec, 'PATCH')).reply(200, { id: 7 });
    await probot.receive(pullRequestEvent('opened') as never);
    expect(rec.writes[1]!.body).toMatchObject({ conclusion: 'timed_out', output: { title: 'The analysis timed out' } });
  });
});

describe('re-runs', () => {
  function checkRunEvent(file: string, patch: (p: Record<string, any>) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
    const payload = loadPayload(file);
    patch(payload);
    return { id: `delivery-${file}`, name: file.split('.')[0]!, payload };
  }
  const ownRun = (p: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    p.repository = loadPayload('pull_request.opened').repository;
    p.check_run.name = 'Python 3.13 migration';
    p.check_run.head_sha = SHA;
    p.check_run.id = 42;
    p.check_run.external_id = 'pyshift:pr=2';
    p.check_run.pull_requests = [];
  };

  it.each([
    ['check_run.rerequested', (p: Record<string, any>) => ownRun(p)], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['check_run.requested_action', (p: Record<string, any>) => { ownRun(p); p.requested_action = { identifier: 'rerun' }; }], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['check_suite.rerequested', (p: Record<string, any>) => { p.check_suite.head_sha = SHA; }], // eslint-disable-line @typescript-eslint/no-explicit-any
  ])('%s re-analyses the head commit in the existing check run', async (file, adapt) => {
    const scope = nock(API);
    mockToken(scope);
    scope.get(`/repos/${OWNER}/${REPO}/pulls/2`).reply(200, { number: 2, head: { sha: SHA } });
    mockConfig(scope, undefined);
    mockListCheckRuns(scope, SHA, [{ id: 42, name: 'Python 3.13 migration', head_sha: SHA, status: 'completed', conclusion: 'failure', external_id: 'pyshift:pr=2' }]);
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/42`, record(rec, 'PATCH', (b) => b.status === 'in_progress')).reply(200, { id: 42 });
    mockReads(scope, { tree: { 'a.py': 'import cgi\n' }, changed: [{ filename: 'a.py', status: 'added', patch: 'added' }] });
    scope.get(`/repos/${OWNER}/${REPO}/check-runs/42/annotations`).query(true).reply(200, []);
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/42`, record(rec, 'PATCH', (b) => b.status === 'completed')).reply(200, { id: 42 });
    await probot.receive(checkRunEvent(file, adapt) as never);
    expect(rec.writes.map((w) => [w.method, w.body.status])).toStrictEqual([
      ['PATCH', 'in_progress'],
      ['PATCH', 'completed'],
    ]);
  });

  it('a re-run of a commit that is no longer the head of its pull request is closed as superseded', async () => {
    const scope = nock(API);
    mockToken(scope);
    scope.get(`/repos/${OWNER}/${REPO}/pulls/2`).reply(200, { number: 2, head: { sha: 'b'.repeat(40) } });
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/42`, record(rec, 'PATCH')).reply(200, { id: 42 });
    await probot.receive(checkRunEvent('check_run.rerequested', ownRun) as never);
    expect(rec.writes[0]!.body).toMatchObject({ conclusion: 'cancelled', output: { title: 'Superseded by a newer commit' } });
  });

  it.each([
    ['check_run.rerequested', (p: Record<string, any>) => { p.check_run.name = 'randscape'; }], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['check_run.requested_action', (p: Record<string, any>) => { ownRun(p); p.requested_action = { identifier: 'lgtm' }; }], // eslint-disable-line @typescript-eslint/no-explicit-any
  ])('%s for another check run or action makes no request', async (file, adapt) => {
    await probot.receive(checkRunEvent(file, adapt) as never);
    expect(rec.writes).toStrictEqual([]);
  });
});

describe('a newer push supersedes an analysis still running', () => {
  it('the older commit’s run is closed as superseded and never gets the stale result', async () => {
    const oldSha = 'a'.repeat(40);
    const newSha = 'b'.repeat(40);
    const scope = nock(API);
    mockToken(scope);
    for (const sha of [oldSha, newSha]) {
      mockConfig(scope, undefined);
      mockListCheckRuns(scope, sha);
    }
    scope.post(`/repos/${OWNER}/${REPO}/check-runs`, record(rec, 'POST', (b) => b.head_sha === oldSha)).reply(201, { id: 1 });
    scope.post(`/repos/${OWNER}/${REPO}/check-runs`, record(rec, 'POST', (b) => b.head_sha === newSha)).reply(201, () => {
      setImmediate(() => newerCreated());
      return { id: 2 };
    });
    // The older analysis's tree read answers only after the newer analysis has created its check run.
    let newerCreated: () => void = () => undefined;
    const newer = new Promise<void>((resolve) => (newerCreated = resolve));
    scope.get(`/repos/${OWNER}/${REPO}/git/trees/${oldSha}`).query(true).reply(async () => {
      await newer;
      return [200, { sha: oldSha, tree: [], truncated: false }];
    });
    scope.get(`/repos/${OWNER}/${REPO}/pulls/2/files`).query(true).reply(200, []);
    mockReads(scope, { sha: newSha, tree: { 'a.py': 'import cgi\n' }, changed: [{ filename: 'a.py', status: 'added', patch: 'added' }] });
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/1`, record(rec, 'PATCH')).reply(200, { id: 1 });
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/2`, record(rec, 'PATCH')).reply(200, { id: 2 });
    const older = probot.receive(pullRequestEvent('synchronize', { sha: oldSha }) as never);
    while (rec.writes.length === 0) await new Promise((r) => setImmediate(r));
    await Promise.all([older, probot.receive(pullRequestEvent('synchronize', { sha: newSha }) as never)]);
    const patches = Object.fromEntries(rec.writes.filter((w) => w.method === 'PATCH').map((w) => [w.body.output.title, w.body.conclusion]));
    expect(patches).toStrictEqual({ 'Superseded by a newer commit': 'cancelled', '1 error on added lines': 'failure' });
  });
});

describe('sticky pull-request comment (comment: on-findings)', () => {
  const WITH_FINDING: ScanScenario = { tree: { 'a.py': 'import cgi\n' }, changed: [{ filename: 'a.py', status: 'added', patch: 'added' }], config: 'comment: on-findings\n' };
  const CLEAN: ScanScenario = { tree: { 'a.py': 'import json\n' }, changed: [{ filename: 'a.py', status: 'added', patch: 'added' }], config: 'comment: on-findings\n' };
  const comment = (body: string) => ({ id: 99, body, user: { login: 'pyshift[bot]' } });
  const STICKY_OLD = '<!-- pyshift:sticky-comment -->\n### PyShift: Python 3.13 migration\n\n❌ old findings';
  const STICKY_RESOLVED = '<!-- pyshift:sticky-comment -->\n### PyShift: Python 3.13 migration\n\n✅ **Resolved**: as of commit `0000000`, the files this pull request changes have no findings.';

  it.each<[string, ScanScenario, { id: number; body: string }[], 'post' | 'patch' | null]>([
    ['findings and no comment yet: creates it', WITH_FINDING, [comment('LGTM')], 'post'],
    ['findings and a comment: edits it in place', WITH_FINDING, [comment('LGTM'), comment(STICKY_OLD)], 'patch'],
    ['no findings and a comment: marks it resolved', CLEAN, [comment(STICKY_OLD)], 'patch'],
    ['no findings and no comment: writes nothing', CLEAN, [comment('LGTM')], null],
    ['no findings and an already resolved comment: writes nothing', CLEAN, [comment(STICKY_RESOLVED)], null],
  ])('%s', async (_label, scenario, existing, write) => {
    const scope = mockFullScan(scenario);
    scope.get(`/repos/${OWNER}/${REPO}/issues/2/comments`).query(true).reply(200, existing);
    const bodies: string[] = [];
    const keep = (b: { body: string }) => {
      bodies.push(b.body);
      return true;
    };
    if (write === 'post') scope.post(`/repos/${OWNER}/${REPO}/issues/2/comments`, keep).reply(201, { id: 100 });
    if (write === 'patch') scope.patch(`/repos/${OWNER}/${REPO}/issues/comments/99`, keep).reply(200, { id: 99 });
    await probot.receive(pullRequestEvent('synchronize') as never);
    expect(bodies.map((b) => b.replace(/`[0-9a-f]{7}`/, '`<sha>`'))).toMatchSnapshot();
    expect(rec.writes.at(-1)!.body.status).toBe('completed');
  });

  it('without the permission to comment, the check run says so and keeps its conclusion', async () => {
    const scope = mockFullScan(WITH_FINDING);
    scope.get(`/repos/${OWNER}/${REPO}/issues/2/comments`).query(true).reply(200, []);
    scope.post(`/repos/${OWNER}/${REPO}/issues/2/comments`).reply(403, { message: 'Resource not accessible by integration' });
    await probot.receive(pullRequestEvent('synchronize') as never);
    const final = rec.writes.at(-1)!.body;
    expect(final.conclusion).toBe('failure');
    expect(final.output.summary).toContain('The pull request comment could not be written: GitHub answered 403 to POST /repos/Codertocat/Hello-World/issues/2/comments');
    expect(final.output.summary).toContain('needs the app to have the pull_requests: write permission');
  });
});
