// A small local fake of the GitHub endpoints the app uses (REST under /api/v3 or /, GraphQL blob reads),
// served over real HTTP on 127.0.0.1. It keeps check runs as GitHub does (annotations appended per
// update), validates every check-run body against the OpenAPI description (422 when invalid, like GitHub),
// and records each request with its arrival time. Used by the end-to-end tests and the benchmarks.

import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { checkRunBodyProblems } from './openapi.js';

export interface FakeChangedFile {
  filename: string;
  status: 'added' | 'modified' | 'removed' | 'renamed';
  /** Omit to imitate GitHub leaving out large diffs. */
  patch?: string;
  changes?: number;
}

export interface FakePull {
  number: number;
  headSha: string;
  baseRef?: string;
  files: FakeChangedFile[];
}

export interface FakeRepoSpec {
  owner: string;
  repo: string;
  /** `.github/pyshift.yml` on the default branch; absent = 404. */
  config?: string;
  /** Files of each commit, by SHA. */
  commits: Record<string, Record<string, string | Uint8Array>>;
  pulls: FakePull[];
}

export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v3` prefix and without the query. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  status: number;
  /** performance.now() when the request arrived. */
  at: number;
  authorization?: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string | null;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string };
  annotations: Record<string, unknown>[];
  actions: unknown[];
  app: { id: number; slug: string };
  check_suite: { id: number };
}

/** Git's blob object id: sha1("blob <size>\0" + content). */
export function gitBlobSha(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The patch GitHub shows for a newly added text file. */
export function addedFilePatch(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`;
}

/** A TCP port free on 127.0.0.1 right now (for servers, such as Probot's, that take a port number). */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The `x-hub-signature-256` header GitHub sends with a webhook body. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

interface BlobField {
  alias: string;
  kind: 'oid' | 'expression';
  variable: string;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly checkRuns = new Map<number, FakeCheckRun>();
  /** Check-run bodies that failed validation (the fake answered 422). */
  readonly invalidBodies: { method: string; problems: string[] }[] = [];
  /** The installation token handed out; tests assert it never appears in logs. */
  readonly token = `ghs_fake${createHash('sha1').update(String(Math.random())).digest('hex').slice(0, 28)}`;
  private readonly repos = new Map<string, FakeRepoSpec>();
  private readonly blobs = new Map<string, Buffer>();
  private server: Server | undefined;
  private nextId = 1000;
  private listeners: (() => void)[] = [];
  /** Added to every response, to imitate network and GitHub latency. */
  latencyMs = 0;
  /** Answers this status to matching requests (for failure tests). */
  failures: { method: string; pattern: RegExp; status: number; times: number }[] = [];
  baseUrl = '';

  addRepo(spec: FakeRepoSpec): void {
    this.repos.set(`${spec.owner}/${spec.repo}`, spec);
    for (const files of Object.values(spec.commits)) for (const content of Object.values(files)) this.blobs.set(gitBlobSha(content), Buffer.from(content));
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Resolves when `predicate` holds (checked after every request), or rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake GitHub: condition not met in time')), timeoutMs);
      const listener = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve();
      };
      this.listeners.push(listener);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl);
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api\/graphql$/, '/graphql');
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    const method = req.method ?? 'GET';
    const prefix = url.pathname.startsWith('/api/v3/') ? '/api/v3' : '';
    let reply: { status: number; json?: unknown; raw?: Buffer | string; type?: string; headers?: Record<string, string> };
    const failure = this.failures.find((f) => f.method === method && f.pattern.test(path) && f.times > 0);
    if (failure) {
      failure.times--;
      reply = { status: failure.status, json: { message: 'Server Error (fake)' } };
    } else {
      try {
        reply = this.route(method, path, url.searchParams, body, prefix);
      } catch (err) {
        reply = { status: 500, json: { message: (err as Error).message } };
      }
    }
    this.requests.push({ method, path, query: url.searchParams, body, status: reply.status, at, authorization: req.headers.authorization });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.json !== undefined) {
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(reply.json));
    } else {
      res.writeHead(reply.status, { 'content-type': reply.type ?? 'application/vnd.github.raw', ...headers });
      res.end(reply.raw ?? '');
    }
    for (const l of [...this.listeners]) l();
  }

  private repoOf(owner: string, repo: string): FakeRepoSpec {
    const spec = this.repos.get(`${owner}/${repo}`);
    if (!spec) throw Object.assign(new Error(`no repository ${owner}/${repo}`), { status: 404 });
    return spec;
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown, prefix: string): { status: number; json?: unknown; raw?: Buffer | string; type?: string; headers?: Record<string, string> } {
    const notFound = { status: 404, json: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      return { status: 201, json: { token: this.token, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: { checks: 'write' }, repository_selection: 'all' } };
    }
    if (method === 'POST' && path === '/graphql') return { status: 200, json: this.graphql(body as { query: string; variables: Record<string, string> }) };
    m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path);
    if (!m) return notFound;
    const [, owner, name, rest] = m as unknown as [string, string, string, string];
    const spec = this.repos.get(`${owner}/${name}`);
    if (!spec) return notFound;

    if (method === 'GET' && rest === '/contents/.github/pyshift.yml') {
      return spec.config === undefined ? notFound : { status: 200, raw: spec.config, type: 'application/vnd.github.raw; charset=utf-8' };
    }
    if (method === 'GET' && (m = /^\/contents\/(.+)$/.exec(rest))) {
      const content = spec.commits[query.get('ref') ?? '']?.[decodeURIComponent(m[1]!)];
      return content === undefined ? notFound : { status: 200, raw: Buffer.from(content) };
    }
    if (method === 'GET' && (m = /^\/git\/trees\/([0-9a-f]+)$/.exec(rest))) {
      const files = spec.commits[m[1]!];
      if (!files) return notFound;
      const tree = Object.entries(files).map(([p, c]) => ({ path: p, mode: '100644', type: 'blob', sha: gitBlobSha(c), size: Buffer.byteLength(c) }));
      return { status: 200, json: { sha: m[1], url: '', tree, truncated: false } };
    }
    if (method === 'GET' && (m = /^\/git\/blobs\/([0-9a-f]+)$/.exec(rest))) {
      const blob = this.blobs.get(m[1]!);
      return blob ? { status: 200, raw: blob } : notFound;
    }
    if (method === 'GET' && (m = /^\/pulls\/(\d+)$/.exec(rest))) {
      const pr = spec.pulls.find((p) => p.number === Number(m![1]));
      if (!pr) return notFound;
      return { status: 200, json: { number: pr.number, state: 'open', head: { sha: pr.headSha, ref: 'feature' }, base: { ref: pr.baseRef ?? 'main' }, changed_files: pr.files.length } };
    }
    if (method === 'GET' && (m = /^\/pulls\/(\d+)\/files$/.exec(rest))) {
      const pr = spec.pulls.find((p) => p.number === Number(m![1]));
      if (!pr) return notFound;
      const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
      const page = Number(query.get('page') ?? 1);
      const listed = pr.files.slice(0, 3000);
      const slice = listed.slice((page - 1) * perPage, page * perPage).map((f) => ({
        sha: '0'.repeat(40),
        filename: f.filename,
        status: f.status,
        additions: f.changes ?? 1,
        deletions: 0,
        changes: f.changes ?? 1,
        blob_url: '',
        raw_url: '',
        contents_url: '',
        ...(f.patch !== undefined ? { patch: f.patch } : {}),
      }));
      const headers: Record<string, string> = {};
      if (page * perPage < listed.length) {
        headers.link = `<${this.baseUrl}${prefix}/repos/${owner}/${name}/pulls/${pr.number}/files?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      }
      return { status: 200, json: slice, headers };
    }
    if (method === 'GET' && (m = /^\/commits\/([0-9a-f]+)\/check-runs$/.exec(rest))) {
      const runs = [...this.checkRuns.values()].filter((r) => r.head_sha === m![1] && (!query.get('check_name') || r.name === query.get('check_name')));
      return { status: 200, json: { total_count: runs.length, check_runs: runs.map((r) => this.view(r)) } };
    }
    if (method === 'GET' && (m = /^\/check-suites\/(\d+)\/check-runs$/.exec(rest))) {
      const runs = [...this.checkRuns.values()].filter((r) => r.check_suite.id === Number(m![1]));
      return { status: 200, json: { total_count: runs.length, check_runs: runs.map((r) => this.view(r)) } };
    }
    if (method === 'GET' && (m = /^\/check-runs\/(\d+)\/annotations$/.exec(rest))) {
      const run = this.checkRuns.get(Number(m[1]));
      if (!run) return notFound;
      const perPage = Number(query.get('per_page') ?? 30);
      const page = Number(query.get('page') ?? 1);
      const headers: Record<string, string> = {};
      if (page * perPage < run.annotations.length) headers.link = `<${this.baseUrl}${prefix}/repos/${owner}/${name}/check-runs/${run.id}/annotations?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      return { status: 200, json: run.annotations.slice((page - 1) * perPage, page * perPage), headers };
    }
    if (method === 'POST' && rest === '/check-runs') {
      const problems = checkRunBodyProblems('POST', body);
      if (problems.length > 0) return this.invalid('POST', problems);
      const b = body as { name: string; head_sha: string; external_id?: string; status?: string; conclusion?: string; output?: FakeCheckRun['output'] & { annotations?: Record<string, unknown>[] }; actions?: unknown[] };
      const run: FakeCheckRun = {
        id: this.nextId++,
        name: b.name,
        head_sha: b.head_sha,
        external_id: b.external_id ?? null,
        status: b.conclusion ? 'completed' : (b.status ?? 'queued'),
        conclusion: b.conclusion ?? null,
        output: { title: b.output?.title, summary: b.output?.summary },
        annotations: [...(b.output?.annotations ?? [])],
        actions: b.actions ?? [],
        app: { id: 1, slug: 'pyshift' },
        check_suite: { id: 1 },
      };
      this.checkRuns.set(run.id, run);
      return { status: 201, json: this.view(run) };
    }
    if (method === 'PATCH' && (m = /^\/check-runs\/(\d+)$/.exec(rest))) {
      const run = this.checkRuns.get(Number(m[1]));
      if (!run) return notFound;
      const problems = checkRunBodyProblems('PATCH', body);
      if (problems.length > 0) return this.invalid('PATCH', problems);
      const b = body as { status?: string; conclusion?: string; output?: FakeCheckRun['output'] & { annotations?: Record<string, unknown>[] }; actions?: unknown[] };
      if (b.conclusion) {
        run.status = 'completed';
        run.conclusion = b.conclusion;
      } else if (b.status) {
        run.status = b.status;
        run.conclusion = null;
      }
      if (b.output) {
        run.output = { title: b.output.title, summary: b.output.summary };
        run.annotations.push(...(b.output.annotations ?? []));
      }
      if (b.actions) run.actions = b.actions;
      return { status: 200, json: this.view(run) };
    }
    return notFound;
  }

  private invalid(method: string, problems: string[]): { status: number; json: unknown } {
    this.invalidBodies.push({ method, problems });
    return { status: 422, json: { message: 'Invalid request.', errors: problems } };
  }

  private view(run: FakeCheckRun): Record<string, unknown> {
    const { annotations, ...rest } = run;
    return { ...rest, output: { ...run.output, annotations_count: annotations.length } };
  }

  private graphql(body: { query: string; variables: Record<string, string> }): unknown {
    const fields: BlobField[] = [...body.query.matchAll(/(\w+): object\((oid|expression): \$(\w+)\)/g)].map((x) => ({ alias: x[1]!, kind: x[2] as BlobField['kind'], variable: x[3]! }));
    const spec = this.repoOf(body.variables.owner!, body.variables.repo!);
    const repository: Record<string, unknown> = {};
    for (const f of fields) {
      const value = body.variables[f.variable]!;
      let bytes: Buffer | undefined;
      if (f.kind === 'oid') bytes = this.blobs.get(value);
      else {
        const [sha, ...rest] = value.split(':');
        const content = spec.commits[sha!]?.[rest.join(':')];
        bytes = content === undefined ? undefined : Buffer.from(content);
      }
      if (!bytes) {
        repository[f.alias] = null;
        continue;
      }
      const isBinary = bytes.includes(0);
      repository[f.alias] = { text: isBinary ? null : bytes.toString('utf8'), isBinary, isTruncated: false, byteSize: bytes.length };
    }
    return { data: { repository } };
  }

  /** Requests to GitHub's API (everything but the installation-token exchange). */
  apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => !r.path.startsWith('/app/'));
  }
}
