// End to end: the real Probot server (what `npm start` runs) over HTTP on 127.0.0.1, talking to a local
// fake of GitHub. A signed webhook produces a completed check run; a bad signature is rejected; the
// health route answers; no log line carries the private key or the installation token.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { AnalysisPool } from '../../src/github/analysis-pool.js';
import { pyshiftApp } from '../../src/github/app.js';
import { addedFilePatch, FakeGitHub, freePort, webhookSignature } from '../support/fake-github.js';
import { pullRequestEvent, quietOctokit, SHA, testPrivateKey, WORKER_OPTIONS } from '../github/harness.js';

const SECRET = 'e2e-webhook-secret';
const APP_PY = 'import os\nimport cgi\n\nprint(os.getcwd())\n';
const DOCKERFILE = 'FROM python:3.11-slim\nRUN pip install requests\n';

const fake = new FakeGitHub();
const ruleset = loadRuleset();
/** Analyses run on worker threads, as in production. */
const pool = new AnalysisPool({ size: 2, ruleset, ...WORKER_OPTIONS });
const logLines: string[] = [];
let server: Server;
let appUrl: string;

const sign = (body: string, secret = SECRET): string => webhookSignature(body, secret);

async function deliver(event: { id: string; name: string; payload: unknown }, signature?: string): Promise<Response> {
  const body = JSON.stringify(event.payload);
  return fetch(`${appUrl}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': event.name, 'x-github-delivery': event.id, 'x-hub-signature-256': signature ?? sign(body) },
    body,
  });
}

beforeAll(async () => {
  await fake.start();
  fake.addRepo({
    owner: 'Codertocat',
    repo: 'Hello-World',
    commits: { [SHA]: { 'app.py': APP_PY, Dockerfile: DOCKERFILE, 'docs/index.md': '# docs\n' } },
    pulls: [
      {
        number: 2,
        headSha: SHA,
        files: [
          { filename: 'app.py', status: 'added', patch: addedFilePatch(APP_PY) },
          { filename: 'Dockerfile', status: 'added', patch: addedFilePatch(DOCKERFILE) },
          { filename: 'docs/index.md', status: 'added', patch: '@@ -0,0 +1 @@\n+# docs' },
        ],
      },
    ],
  });
  const log = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
  const port = await freePort();
  server = new Server({
    host: '127.0.0.1',
    port,
    log,
    Probot: Probot.defaults({ appId: 1, privateKey: testPrivateKey(), secret: SECRET, baseUrl: `${fake.baseUrl}/api/v3`, log, Octokit: quietOctokit() }),
  });
  await server.load(pyshiftApp({ ruleset, analyze: pool.run }));
  await server.start();
  appUrl = `http://127.0.0.1:${port}`;
  // Start both workers now: under Jest each one transpiles the sources as it boots.
  const empty = { files: [], target: [3, 13] as const, settings: {}, maxFileBytes: 1, projectPaths: [], projectRoots: [''] };
  await Promise.all([pool.run(empty, new AbortController().signal), pool.run(empty, new AbortController().signal)]);
}, 60_000);

afterAll(async () => {
  await pool.close();
  await server.stop();
  await fake.stop();
});

describe('the app server', () => {
  it('answers its health route', async () => {
    const res = await fetch(`${appUrl}/ping`);
    expect([res.status, await res.text()]).toStrictEqual([200, 'PONG']);
  });

  it('turns a signed pull_request webhook into a completed check run', async () => {
    const res = await deliver(pullRequestEvent('opened', { id: 'e2e-delivery-1' }));
    expect(res.status).toBe(200);
    await fake.waitFor(() => [...fake.checkRuns.values()].some((r) => r.status === 'completed'));
    const runs = [...fake.checkRuns.values()];
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run).toMatchObject({ name: 'Python 3.13 migration', head_sha: SHA, status: 'completed', conclusion: 'failure', external_id: 'pyshift:pr=2' });
    const annotated = run.annotations.map((a) => `${a.path}:${a.start_line} ${a.title}`);
    expect(annotated).toContain('app.py:2 py-removed-module-cgi');
    expect(annotated.some((a) => a.startsWith('Dockerfile:1 docker-'))).toBe(true);
    expect(fake.invalidBodies).toStrictEqual([]);
    // The installation token is used for every API request, and contents came from GraphQL, not per-file REST.
    expect(fake.apiRequests().every((r) => r.authorization === `token ${fake.token}`)).toBe(true);
    expect(fake.apiRequests().filter((r) => r.path.includes('/contents/') && !r.path.endsWith('pyshift.yml'))).toStrictEqual([]);
  });

  it('a redelivery of the same webhook creates no second check run', async () => {
    const before = fake.requests.length;
    const res = await deliver(pullRequestEvent('opened', { id: 'e2e-delivery-1' }));
    expect(res.status).toBe(200);
    expect(fake.checkRuns.size).toBe(1);
    expect(fake.requests.slice(before).filter((r) => r.method !== 'GET' && !r.path.startsWith('/app/'))).toStrictEqual([]);
  });

  it('reads large files and files that are not UTF-8 as raw blobs, and skips files over the size limit', async () => {
    const sha = 'd'.repeat(40);
    const large = `import telnetlib\n${Array.from({ length: 20_000 }, (_, i) => `value_${i} = compute(${i}, "padding")\n`).join('')}`;
    const latin1 = Buffer.from('# -*- coding: latin-1 -*-\n# caf\xe9\nimport nntplib\n', 'latin1');
    const huge = `import cgi\n${'x = 1\n'.repeat(400_000)}`;
    fake.addRepo({
      owner: 'Codertocat',
      repo: 'Hello-World',
      commits: { [SHA]: { 'app.py': APP_PY, Dockerfile: DOCKERFILE, 'docs/index.md': '# docs\n' }, [sha]: { 'large.py': large, 'latin.py': latin1, 'huge.py': huge } },
      pulls: [
        { number: 3, headSha: sha, files: ['large.py', 'latin.py', 'huge.py'].map((filename) => ({ filename, status: 'added' as const })) },
        { number: 2, headSha: SHA, files: [] },
      ],
    });
    const before = fake.requests.length;
    const res = await deliver(pullRequestEvent('opened', { sha, number: 3, id: 'e2e-delivery-raw' }));
    expect(res.status).toBe(200);
    await fake.waitFor(() => [...fake.checkRuns.values()].some((r) => r.head_sha === sha && r.status === 'completed'));
    const run = [...fake.checkRuns.values()].find((r) => r.head_sha === sha)!;
    expect(run.annotations.map((a) => `${a.path}:${a.start_line} ${a.title}`).sort()).toStrictEqual(['large.py:1 py-removed-module-telnetlib', 'latin.py:3 py-removed-module-nntplib']);
    expect(run.output.summary).toMatch(/`huge\.py`: skipped: \d+ bytes is over the 2097152-byte limit/);
    const blobReads = fake.requests.slice(before).filter((r) => r.path.includes('/git/blobs/'));
    expect(blobReads).toHaveLength(2);
  });

  it.each([
    ['a wrong secret', (body: string) => sign(body, 'not-the-secret')],
    ['a malformed signature', () => 'sha256=00'],
  ])('rejects a webhook signed with %s and calls no GitHub endpoint', async (_label, signature) => {
    const before = fake.requests.length;
    const event = pullRequestEvent('synchronize', { sha: 'c'.repeat(40), id: 'e2e-bad-signature' });
    const res = await deliver(event, signature(JSON.stringify(event.payload)));
    expect(res.status).toBe(400);
    expect(fake.requests.length).toBe(before);
  });

  it('logs the delivery, repository, pull request, SHA and durations, and never the private key or the token', () => {
    const records = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const completed = records.find((r) => r.msg === 'check run completed');
    expect(completed).toMatchObject({ delivery: 'e2e-delivery-1', repository: 'Codertocat/Hello-World', pr: 2, sha: SHA, conclusion: 'failure' });
    expect(Object.keys(completed!.durations as object).sort()).toStrictEqual(['analyze', 'checkRun', 'config', 'fetch', 'list', 'publish']);
    const all = logLines.join('\n');
    const keyBody = testPrivateKey().split('\n').filter((l) => l && !l.startsWith('-----'));
    expect(keyBody.filter((line) => all.includes(line))).toStrictEqual([]);
    expect(all).not.toContain(fake.token);
    expect(all).not.toContain('PRIVATE KEY');
    expect(all).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./); // the app's JWT
    expect(all).toMatch(/GitHub request: POST \S+\/app\/installations\/1\/access_tokens - 201/); // the token exchange was logged, without the token
  });
});
