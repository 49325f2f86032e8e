// The job semantics of issue #5 in both deployment shapes, over HTTP against the local fake GitHub:
// embedded (one process, in-process queue) and redis (webhook receivers + workers sharing BullMQ on a real
// redis-server started on a free loopback port). Without redis-server the Redis cases are skipped, saying why.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { inProcessAnalyze, type Analyze } from '../../src/github/analysis-pool.js';
import type { AppDeps } from '../../src/github/pull-request-handler.js';
import { pullRequestEvent, quietOctokit, testPrivateKey } from '../github/harness.js';
import { addedFilePatch, FakeGitHub, type FakeCheckRun } from '../support/fake-github.js';
import { Cluster } from '../support/pyshift-cluster.js';
import { redisUnavailable, startRedis, type LocalRedis } from '../support/redis-server.js';

const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const SECRET = 'queue-secret';
const sha = (c: string): string => c.repeat(40);
const ruleset = loadRuleset();

const skipRedis = redisUnavailable();
if (skipRedis) console.warn(`SKIPPED: the Redis queue tests: ${skipRedis}. The embedded-queue tests still run.`);

let redis: LocalRedis | undefined;
beforeAll(async () => {
  if (!skipRedis) redis = await startRedis();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
});

/** Files whose analysis waits for the test (`release`) or for the job to be abandoned. */
class Gates {
  readonly analysed: string[][] = [];
  private readonly waiting = new Map<string, () => void>();
  private readonly opened = new Set<string>();
  readonly analyze: Analyze;
  constructor() {
    const base = inProcessAnalyze(ruleset);
    this.analyze = async (job, signal) => {
      const paths = job.files.map((f) => f.path).sort();
      this.analysed.push(paths);
      const gated = paths.find((p) => p.startsWith('gate-') && !this.opened.has(p));
      if (gated) {
        await new Promise<void>((resolve, reject) => {
          this.waiting.set(gated, resolve);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      }
      return base(job, signal);
    };
  }
  release(path: string): void {
    this.opened.add(path);
    this.waiting.get(path)?.();
  }
}

interface Ctx {
  fake: FakeGitHub;
  cluster: Cluster;
  gates: Gates;
}

const shapes: ['embedded' | 'redis'][] = [['embedded'], ['redis']];
let current: Ctx | undefined;

async function setUp(shape: 'embedded' | 'redis', overrides: Partial<AppDeps> = {}, opts: { receivers?: number; workers?: number } = {}): Promise<Ctx> {
  const fake = new FakeGitHub();
  await fake.start();
  const gates = new Gates();
  if (shape === 'redis') {
    const client = new Redis(redis!.url);
    await client.flushall();
    client.disconnect();
  }
  const cluster = await Cluster.start({
    fake,
    privateKey: testPrivateKey(),
    secret: SECRET,
    Octokit: quietOctokit(),
    ...(shape === 'redis' ? { redisUrl: redis!.url, receivers: opts.receivers ?? 2, workers: opts.workers ?? 1 } : {}),
    overrides: { analysisWorkers: 0, queueConcurrency: 1, installationConcurrency: 1, retryBackoffMs: 10, jobAttempts: 3, analyze: gates.analyze, ...overrides },
    redis: { lockMs: 1000, slotRetryMs: 50 },
  });
  current = { fake, cluster, gates };
  return current;
}

afterEach(async () => {
  if (!current) return;
  const { cluster, fake } = current;
  current = undefined;
  await cluster.stop();
  await fake.stop();
}, 30_000);

/** A pull request `number` at `head`; each commit maps paths to contents, all files changed as added. */
function addPulls(fake: FakeGitHub, commits: Record<string, Record<string, string>>, pulls: { number: number; head: string }[]): void {
  fake.addRepo({
    owner: OWNER,
    repo: REPO,
    commits,
    pulls: pulls.map((p) => ({ number: p.number, headSha: p.head, files: Object.entries(commits[p.head]!).map(([filename, text]) => ({ filename, status: 'added' as const, patch: addedFilePatch(text) })) })),
  });
}

/** Resolves when `predicate` holds (polled: analyses are not requests the fake could wait on). */
async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; !predicate(); i++) {
    if (i > 1500) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const runsOf = (fake: FakeGitHub, head: string): FakeCheckRun[] => [...fake.checkRuns.values()].filter((r) => r.head_sha === head);
const completed = (fake: FakeGitHub, head: string): Promise<void> => fake.waitFor(() => runsOf(fake, head).some((r) => r.status === 'completed'), 30_000);
const completingWrites = (fake: FakeGitHub, id: number): number =>
  fake.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/check-runs/${id}`) && (r.body as { status?: string }).status === 'completed').length;
const annotated = (run: FakeCheckRun): string[] => run.annotations.map((a) => `${String(a.path)}:${String(a.start_line)} ${String(a.title)}`).sort();

describe.each(shapes)('%s shape', (shape) => {
  const maybe = shape === 'redis' && skipRedis ? it.skip : it;

  maybe('the webhook handler enqueues; the queue completes the check run', async () => {
    const { fake, cluster } = await setUp(shape);
    addPulls(fake, { [sha('a')]: { 'app.py': 'import cgi\n' } }, [{ number: 2, head: sha('a') }]);
    const res = await cluster.deliver(pullRequestEvent('opened', { sha: sha('a') }));
    expect(res.status).toBe(200);
    expect(cluster.receiverLogs[0]!.messages('analysis queued')).toHaveLength(1);
    await completed(fake, sha('a'));
    const [run] = runsOf(fake, sha('a'));
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(annotated(run!)).toStrictEqual(['app.py:1 py-removed-module-cgi']);
    expect(fake.invalidBodies).toStrictEqual([]);
  });

  maybe('duplicate deliveries, at once and later, collapse into one check run and one analysis', async () => {
    const { fake, cluster } = await setUp(shape);
    fake.latencyMs = 30;
    addPulls(fake, { [sha('b')]: { 'app.py': 'import imp\n' } }, [{ number: 2, head: sha('b') }]);
    const event = pullRequestEvent('synchronize', { sha: sha('b'), id: 'same-delivery' });
    const receivers = cluster.receiverUrls.length;
    const answers = await Promise.all([cluster.deliver(event, 0), cluster.deliver(event, receivers - 1)]);
    expect(answers.map((r) => r.status)).toStrictEqual([200, 200]);
    await completed(fake, sha('b'));
    await until(() => cluster.completions().length > 0);
    expect((await cluster.deliver(event, 0)).status).toBe(200);
    const receiverLines = cluster.receiverLogs.flatMap((l) => l.records.map((r) => r.msg));
    expect(receiverLines.filter((m) => m === 'analysis queued')).toHaveLength(1);
    expect(receiverLines.filter((m) => m === 'analysis already queued (duplicate delivery)' || /already completed/.test(String(m)))).toHaveLength(2);
    expect(runsOf(fake, sha('b'))).toHaveLength(1);
    expect(completingWrites(fake, runsOf(fake, sha('b'))[0]!.id)).toBe(1);
    expect(cluster.completions().filter((r) => r.sha === sha('b'))).toHaveLength(1);
  });

  maybe('a newer head SHA supersedes a waiting job: its check run says so and it never runs', async () => {
    const { fake, cluster, gates } = await setUp(shape);
    addPulls(
      fake,
      { [sha('0')]: { 'gate-1.py': 'import os\n' }, [sha('c')]: { 'app.py': 'import cgi\n' }, [sha('d')]: { 'app.py': 'import nntplib\n' } },
      [{ number: 9, head: sha('0') }, { number: 2, head: sha('d') }],
    );
    // PR 9 holds the only slot, so PR 2's jobs wait.
    await cluster.deliver(pullRequestEvent('opened', { sha: sha('0'), number: 9 }));
    await until(() => gates.analysed.length === 1);
    await cluster.deliver(pullRequestEvent('synchronize', { sha: sha('c') }));
    await cluster.deliver(pullRequestEvent('synchronize', { sha: sha('d') }));
    expect(runsOf(fake, sha('c'))[0]).toMatchObject({ status: 'completed', output: { title: expect.stringMatching(/superseded/i) } });
    gates.release('gate-1.py');
    await completed(fake, sha('d'));
    expect(annotated(runsOf(fake, sha('d'))[0]!)).toStrictEqual(['app.py:1 py-removed-module-nntplib']);
    expect(gates.analysed.filter((p) => p.includes('app.py'))).toHaveLength(1);
  });

  maybe('a newer head SHA stops a running job before it publishes', async () => {
    const { fake, cluster } = await setUp(shape, { queueConcurrency: 2, installationConcurrency: 2 });
    const commits: Record<string, Record<string, string>> = { [sha('e')]: { 'gate-2.py': 'import cgi\n' }, [sha('f')]: { 'app.py': 'import cgi\n' } };
    addPulls(fake, commits, [{ number: 2, head: sha('e') }]);
    await cluster.deliver(pullRequestEvent('synchronize', { sha: sha('e') }));
    await until(() => current!.gates.analysed.length === 1);
    addPulls(fake, commits, [{ number: 2, head: sha('f') }]);
    await cluster.deliver(pullRequestEvent('synchronize', { sha: sha('f') }));
    await completed(fake, sha('f'));
    await completed(fake, sha('e'));
    expect(runsOf(fake, sha('e'))[0]).toMatchObject({ status: 'completed', annotations: [], output: { title: expect.stringMatching(/superseded/i) } });
    expect(runsOf(fake, sha('f'))[0]).toMatchObject({ conclusion: 'failure' });
  });

  maybe.each([
    ['a transient error is retried with backoff and the job completes', 2, 'failure', /^(?!.*GitHub answered)/s],
    ['a job out of retries completes its check run with the reason', 5, expect.any(String), /GitHub answered 502 to GET \S*\/repos\/Codertocat\/Hello-World\/pulls\/2\/files \(after retries\)/],
  ])('%s', async (_label, failures, conclusion, summary) => {
    const { fake, cluster } = await setUp(shape);
    addPulls(fake, { [sha('1')]: { 'app.py': 'import cgi\n' } }, [{ number: 2, head: sha('1') }]);
    fake.failures.push({ method: 'GET', pattern: /\/pulls\/2\/files$/, status: 502, times: failures });
    await cluster.deliver(pullRequestEvent('opened', { sha: sha('1') }));
    await completed(fake, sha('1'));
    const [run] = runsOf(fake, sha('1'));
    expect(run).toMatchObject({ status: 'completed', conclusion });
    expect(run!.output.summary).toMatch(summary);
    expect(fake.requests.filter((r) => r.path.endsWith('/pulls/2/files'))).toHaveLength(Math.min(failures + 1, 3));
    expect(completingWrites(fake, run!.id)).toBe(1);
  });

  maybe('a re-push re-analyses only the blob that changed; the cache serves the others', async () => {
    const { fake, cluster, gates } = await setUp(shape);
    const first = { 'a.py': 'import cgi\n', 'b.py': 'import imp\n', 'c.py': 'import telnetlib\n' };
    const second = { ...first, 'b.py': 'import os\nimport imp\n' };
    addPulls(fake, { [sha('5')]: first }, [{ number: 2, head: sha('5') }]);
    await cluster.deliver(pullRequestEvent('synchronize', { sha: sha('5') }));
    await completed(fake, sha('5'));
    addPulls(fake, { [sha('5')]: first, [sha('6')]: second }, [{ number: 2, head: sha('6') }]);
    await cluster.deliver(pullRequestEvent('synchronize', { sha: sha('6') }));
    await completed(fake, sha('6'));
    expect(gates.analysed).toStrictEqual([['a.py', 'b.py', 'c.py'], ['b.py']]);
    expect(annotated(runsOf(fake, sha('6'))[0]!)).toStrictEqual(['a.py:1 py-removed-module-cgi', 'b.py:2 py-removed-module-imp', 'c.py:1 py-removed-module-telnetlib']);
  });
});

const redisOnly = skipRedis ? describe.skip : describe;

redisOnly('redis shape only', () => {
  it('two workers share the queue and each job runs exactly once', async () => {
    const { fake, cluster } = await setUp('redis', { installationConcurrency: 4 }, { workers: 2 });
    fake.latencyMs = 5;
    const heads = Array.from({ length: 16 }, (_, i) => (0x100 + i).toString(16).padStart(40, '7'));
    addPulls(fake, Object.fromEntries(heads.map((h, i) => [h, { [`m${i}.py`]: 'import cgi\n' }])), heads.map((h, i) => ({ number: 100 + i, head: h })));
    await Promise.all(heads.map((h, i) => cluster.deliver(pullRequestEvent('opened', { sha: h, number: 100 + i, id: `burst-${i}` }), i % 2)));
    await fake.waitFor(() => heads.every((h) => runsOf(fake, h).some((r) => r.status === 'completed')), 60_000);
    // The worker logs the completion once GitHub has answered the last write.
    await until(() => cluster.completions().length >= heads.length);
    const byWorker = cluster.workerLogs.map((l) => l.messages('check run completed').map((r) => String(r.sha)));
    expect([...byWorker[0]!, ...byWorker[1]!].sort()).toStrictEqual([...heads].sort());
    expect(byWorker.map((w) => w.length > 0)).toStrictEqual([true, true]);
    expect(heads.map((h) => completingWrites(fake, runsOf(fake, h)[0]!.id))).toStrictEqual(heads.map(() => 1));
  }, 90_000);

  it('a worker killed mid-job: the job completes on the other worker', async () => {
    const { fake, cluster } = await setUp('redis', {}, { workers: 0 });
    addPulls(fake, { [sha('9')]: { 'app.py': 'import cgi\n' } }, [{ number: 2, head: sha('9') }]);
    const child = spawn(process.execPath, ['--import', fileURLToPath(new URL('../support/ts-register.mjs', import.meta.url)), fileURLToPath(new URL('../support/queue-worker-child.ts', import.meta.url))], {
      env: { ...process.env, REDIS_URL: redis!.url, FAKE_GITHUB: fake.baseUrl, PRIVATE_KEY: testPrivateKey() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready`)));
    });
    fake.latencyMs = 300;
    await cluster.deliver(pullRequestEvent('opened', { sha: sha('9') }));
    await fake.waitFor(() => fake.requests.some((r) => r.path.includes(`/git/trees/${sha('9')}`)), 30_000);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(runsOf(fake, sha('9'))[0]!.status).toBe('in_progress');
    fake.latencyMs = 0;
    cluster.addWorker();
    await completed(fake, sha('9'));
    await until(() => cluster.completions().length > 0);
    expect(cluster.workerLogs[0]!.messages('check run completed').map((r) => r.sha)).toStrictEqual([sha('9')]);
    const [run] = runsOf(fake, sha('9'));
    expect(annotated(run!)).toStrictEqual(['app.py:1 py-removed-module-cgi']);
    expect(completingWrites(fake, run!.id)).toBe(1);
  }, 90_000);

  it('SIGTERM-style stop: the running job finishes, no check run is left in progress', async () => {
    const { fake, cluster, gates } = await setUp('redis');
    addPulls(fake, { [sha('3')]: { 'gate-3.py': 'import cgi\n' } }, [{ number: 2, head: sha('3') }]);
    await cluster.deliver(pullRequestEvent('opened', { sha: sha('3') }));
    await until(() => gates.analysed.length === 1);
    const stopping = cluster.workers[0]!.stop(20_000);
    gates.release('gate-3.py');
    await stopping;
    expect(runsOf(fake, sha('3'))[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
  }, 60_000);
});
