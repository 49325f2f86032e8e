// Shared setup for the GitHub App tests: real webhook payloads adapted to a scenario, a Probot instance
// with retries and throttling off, a throwaway private key, and nock replies for the endpoints a scan uses.

import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { pino, type Logger } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { loadRuleset, type Ruleset } from '../../src/analysis/ruleset.js';
import { pyshiftApp } from '../../src/github/app.js';
import type { AppDeps } from '../../src/github/pull-request-handler.js';
import { checkRunBodyProblems } from '../support/openapi.js';
import { addedFilePatch, gitBlobSha, type FakeChangedFile } from '../support/fake-github.js';

export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const API = 'https://api.github.com';
export const SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const INSTALLATION = 1;

/** Starts analysis workers on the TypeScript entry, loaded through test/support/ts-register.mjs. */
export const WORKER_OPTIONS = {
  entry: new URL('../../src/github/analysis-worker.ts', import.meta.url),
  execArgv: ['--import', fileURLToPath(new URL('../support/ts-register.mjs', import.meta.url))],
};

let key: string | undefined;
/** A real RSA key (Probot signs app JWTs with it), generated once per test file. */
export function testPrivateKey(): string {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return key;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A payload from test/fixtures/payloads (copied from @octokit/webhooks-examples), with an installation. */
export function loadPayload(name: string): Json {
  const payload = JSON.parse(readFileSync(new URL(`../fixtures/payloads/${name}.json`, import.meta.url), 'utf8')) as Json;
  payload.installation = { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return payload;
}

/** A pull_request event of the fixture repository at `sha`; `fork` moves the head to another owner's fork. */
export function pullRequestEvent(action: string, opts: { sha?: string; number?: number; fork?: boolean; id?: string } = {}): { id: string; name: 'pull_request'; payload: Json } {
  const payload = loadPayload(`pull_request.${action}`);
  payload.number = opts.number ?? payload.number;
  payload.pull_request.number = payload.number;
  payload.pull_request.head.sha = opts.sha ?? SHA;
  if (opts.fork) {
    payload.pull_request.head.repo = { ...payload.pull_request.head.repo, id: 99, full_name: 'forker/Hello-World', name: 'Hello-World', owner: { ...payload.pull_request.head.repo.owner, login: 'forker' } };
    payload.pull_request.head.label = 'forker:changes';
  }
  return { id: opts.id ?? `delivery-${action}-${payload.pull_request.head.sha.slice(0, 7)}`, name: 'pull_request', payload };
}

/**
 * ProbotOctokit with retries and throttling off. A function (not an object) so that the throttle options
 * Probot adds later are merged with `enabled: false` instead of replacing it.
 */
export function quietOctokit(): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: Record<string, any>) => ({ ...options, retry: { enabled: false }, throttle: { ...options.throttle, enabled: false } })); // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function makeProbot(opts: { log?: Logger; deps?: Partial<AppDeps> } = {}): Probot {
  const probot = new Probot({
    appId: 123,
    privateKey: testPrivateKey(),
    log: opts.log ?? pino({ level: 'silent' }),
    Octokit: quietOctokit(),
  });
  // queue: undefined: the handler analyses before it returns, so `await probot.receive()` sees the whole scan.
  void probot.load(pyshiftApp({ timeoutSeconds: 30, analysisWorkers: 0, queue: undefined, ...opts.deps }));
  return probot;
}

/** Bodies of every check-run write, in order, with the problems the OpenAPI validation found. */
export interface Recorder {
  writes: { method: 'POST' | 'PATCH'; body: Json }[];
  problems: string[];
}

export function recorder(): Recorder {
  return { writes: [], problems: [] };
}

/** A nock body matcher that records a check-run write and validates it. */
export function record(rec: Recorder, method: 'POST' | 'PATCH', check: (body: Json) => boolean = () => true): (body: Json) => boolean {
  return (body) => {
    if (!check(body)) return false;
    rec.writes.push({ method, body });
    rec.problems.push(...checkRunBodyProblems(method, body));
    return true;
  };
}

/** Replaces timestamps so that snapshots are stable. */
export function stable(body: Json): Json {
  return JSON.parse(JSON.stringify(body).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')) as Json;
}

export interface ScanScenario {
  sha?: string;
  /** Files of the head commit. */
  tree: Record<string, string>;
  /** Changed files as GitHub lists them; `patch: 'added'` computes an added-file patch from the tree. */
  changed: (Omit<FakeChangedFile, 'patch'> & { patch?: string | 'added' })[];
  config?: string;
}

/** nock: the installation token. */
export function mockToken(scope: nock.Scope): nock.Scope {
  return scope.post(`/app/installations/${INSTALLATION}/access_tokens`).reply(201, { token: 'ghs_test', permissions: { checks: 'write' } });
}

/** nock: `.github/pyshift.yml` (404 in the repository and in the owner's .github repository when absent). */
export function mockConfig(scope: nock.Scope, config: string | undefined): nock.Scope {
  if (config !== undefined) return scope.get(`/repos/${OWNER}/${REPO}/contents/.github%2Fpyshift.yml`).reply(200, config, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
  return scope
    .get(`/repos/${OWNER}/${REPO}/contents/.github%2Fpyshift.yml`)
    .reply(404, { message: 'Not Found' })
    .get(`/repos/${OWNER}/.github/contents/.github%2Fpyshift.yml`)
    .reply(404, { message: 'Not Found' });
}

/** nock: the listing of check runs on a commit (for find-or-create). */
export function mockListCheckRuns(scope: nock.Scope, sha: string, runs: Json[] = []): nock.Scope {
  return scope.get(`/repos/${OWNER}/${REPO}/commits/${sha}/check-runs`).query(true).reply(200, { total_count: runs.length, check_runs: runs });
}

/** nock: the tree, the changed files (one page) and the GraphQL blob reads of a scan. */
export function mockReads(scope: nock.Scope, s: ScanScenario): nock.Scope {
  const sha = s.sha ?? SHA;
  const byOid = new Map(Object.values(s.tree).map((c) => [gitBlobSha(c), c]));
  const tree = Object.entries(s.tree).map(([path, c]) => ({ path, mode: '100644', type: 'blob', sha: gitBlobSha(c), size: Buffer.byteLength(c) }));
  const files = s.changed.map((f) => ({
    filename: f.filename,
    status: f.status,
    changes: f.changes ?? 1,
    ...(f.patch === 'added' ? { patch: addedFilePatch(s.tree[f.filename]!) } : f.patch !== undefined ? { patch: f.patch } : {}),
  }));
  return scope
    .get(`/repos/${OWNER}/${REPO}/git/trees/${sha}`)
    .query({ recursive: 'true' })
    .reply(200, { sha, tree, truncated: false })
    .get(`/repos/${OWNER}/${REPO}/pulls/2/files`)
    .query({ per_page: '100' })
    .reply(200, files)
    .post('/graphql')
    .reply(200, (_uri, body) => {
      const { query, variables } = body as { query: string; variables: Record<string, string> };
      const repository: Json = {};
      for (const [, alias, variable] of query.matchAll(/(\w+): object\(oid: \$(\w+)\)/g)) {
        const text = byOid.get(variables[variable!]!);
        repository[alias!] = text === undefined ? null : { text, isBinary: false, isTruncated: false, byteSize: Buffer.byteLength(text) };
      }
      return { data: { repository } };
    });
}

/**
 * The shipped catalogue with each rule's wording replaced by its id, so that snapshots of check-run
 * bodies follow the app's behaviour, not edits to rule texts.
 */
export function stableRuleset(): Ruleset {
  const base = loadRuleset();
  const rules = base.rules.map((r) => ({ ...r, message: `message of ${r.id}`, fix: `fix for ${r.id}`, docs: `https://pyshift.invalid/rules/${r.id}` }));
  return { ...base, rules, byId: new Map(rules.map((r) => [r.id, r])) };
}
