// Benchmark: a pull request of N changed files (default 300) against the local fake GitHub, through the real
// Probot server and a signed webhook. Reports the time from the webhook to the check run being visible
// (created) and completed, and the GitHub API requests the analysis made, by kind.
//
//   npm run bench:app -- [--files 300] [--runs 3] [--latency-ms 0] [--only throttling-off]
//
// Two configurations: Probot's production Octokit (retries and throttling on: GitHub asks for one write,
// GraphQL included, per second) and the same with throttling off (the app's own processing time).

import { createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { Probot, ProbotOctokit, Server } from 'probot';
import { addedFilePatch, FakeGitHub, freePort, webhookSignature, type FakeChangedFile, type RecordedRequest } from '../test/support/fake-github.js';

const { values } = parseArgs({ options: { files: { type: 'string', default: '300' }, runs: { type: 'string', default: '3' }, 'latency-ms': { type: 'string', default: '0' }, only: { type: 'string' } } });
const FILES = Number(values.files);
const RUNS = Number(values.runs);
const LATENCY = Number(values['latency-ms']);
const SECRET = 'bench-secret';

// Compiled to bench/out/, the engine looks for its rules at bench/out/rules: link that to the real folder.
const outRules = fileURLToPath(new URL('../rules', import.meta.url));
if (!existsSync(outRules)) symlinkSync('../../rules', outRules, 'dir');
const { pyshiftApp } = await import('../src/github/app.js');

/** A Python module of about 60 lines; every fifth one adds an import removed in 3.12/3.13. */
function pythonModule(i: number): string {
  const imports = ['import os', 'import json', i % 5 === 0 ? ['import cgi', 'import imp', 'import telnetlib'][i % 3]! : 'import logging'];
  const body = Array.from({ length: 18 }, (_, k) => `def f${k}(x):\n    """Helper ${k} of module ${i}."""\n    return os.path.join(str(x), json.dumps({"k": ${k}}))\n`);
  return `${imports.join('\n')}\n\n${body.join('\n')}`;
}

/** The repository at the PR's head and the PR's changed files: mostly Python, some manifests and Dockerfiles. */
function pullRequest(n: number): { files: Record<string, string>; changed: FakeChangedFile[] } {
  const files: Record<string, string> = { 'requirements.txt': 'requests==2.32.3\nzombie-imp==0.0.2\n', 'README.md': '# bench\n' };
  for (let i = 0; i < 700; i++) files[`pkg/unchanged/m${i}.py`] = pythonModule(i + 1);
  const changed: FakeChangedFile[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 50;
    const path = kind === 1 ? `services/s${i}/requirements.txt` : kind === 2 ? `services/s${i}/Dockerfile` : kind === 3 ? `docs/page${i}.md` : `pkg/changed/m${i}.py`;
    const content = kind === 1 ? 'numpy==1.24.4\npandas==2.0.3\n' : kind === 2 ? 'FROM python:3.11-slim\nRUN pip install flask\n' : kind === 3 ? `# Page ${i}\n` : pythonModule(i);
    files[path] = content;
    // Half the files are new, half modified with a 3-line hunk at the top.
    const patch = i % 2 === 0 ? addedFilePatch(content) : `@@ -1,2 +1,3 @@\n${content.split('\n').slice(0, 3).map((l, k) => (k === 2 ? `+${l}` : ` ${l}`)).join('\n')}`;
    changed.push({ filename: path, status: i % 2 === 0 ? 'added' : 'modified', patch });
  }
  return { files, changed };
}

function kindOf(r: RecordedRequest): string {
  if (r.path === '/graphql') return 'POST graphql (blob batches)';
  if (r.path.includes('/contents/')) return 'GET contents (config)';
  if (r.path.endsWith('/check-runs') && r.method === 'GET') return 'GET check-runs (find existing)';
  if (r.path.endsWith('/check-runs')) return 'POST check-runs (create)';
  if (r.method === 'PATCH') return 'PATCH check-runs (annotations + complete)';
  if (r.path.includes('/git/trees/')) return 'GET git tree (recursive)';
  if (r.path.includes('/git/blobs/')) return 'GET git blob (raw)';
  if (r.path.endsWith('/files')) return 'GET pulls files (100 per page)';
  return `${r.method} ${r.path}`;
}

interface Sample {
  visibleMs: number;
  completedMs: number;
  requests: number;
  kinds: Map<string, number>;
  annotations: number;
  conclusion: string | null;
  /** Resident set size of the whole process (Probot server, analysis threads, fake GitHub), MB. */
  rssBeforeMb: number;
  rssPeakMb: number;
}

async function runOnce(fake: FakeGitHub, appUrl: string, run: number): Promise<Sample> {
  const sha = createHmac('sha1', 'bench').update(String(run)).digest('hex');
  const number = 100 + run;
  const pr = pullRequest(FILES);
  fake.addRepo({ owner: 'bench', repo: 'service', commits: { [sha]: pr.files }, pulls: [{ number, headSha: sha, files: pr.changed }] });
  const payload = {
    action: 'opened',
    number,
    pull_request: { number, head: { sha, ref: 'feature', repo: { full_name: 'bench/service' } }, base: { ref: 'main', repo: { full_name: 'bench/service' } } },
    repository: { id: 1, name: 'service', full_name: 'bench/service', owner: { login: 'bench' }, default_branch: 'main' },
    installation: { id: 1 },
    sender: { login: 'bench' },
  };
  const body = JSON.stringify(payload);
  const rssBeforeMb = process.memoryUsage.rss() / 2 ** 20;
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => { rssPeakMb = Math.max(rssPeakMb, process.memoryUsage.rss() / 2 ** 20); }, 10);
  const t0 = performance.now();
  const res = await fetch(`${appUrl}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': `bench-${run}`, 'x-hub-signature-256': webhookSignature(body, SECRET) },
    body,
  });
  if (res.status >= 300) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  await fake.waitFor(() => [...fake.checkRuns.values()].some((r) => r.head_sha === sha && r.status === 'completed'), 120_000);
  clearInterval(sampler);
  const mine = fake.requests.filter((r) => r.at >= t0 && !r.path.startsWith('/app/'));
  const created = mine.find((r) => r.method === 'POST' && r.path.endsWith('/check-runs'))!;
  const completed = mine.find((r) => r.method === 'PATCH' && (r.body as { status?: string }).status === 'completed')!;
  const kinds = new Map<string, number>();
  for (const r of mine) kinds.set(kindOf(r), (kinds.get(kindOf(r)) ?? 0) + 1);
  const checkRun = [...fake.checkRuns.values()].find((r) => r.head_sha === sha)!;
  if (fake.invalidBodies.length > 0) throw new Error(`invalid check-run bodies: ${JSON.stringify(fake.invalidBodies)}`);
  if (checkRun.conclusion !== 'failure') throw new Error(`the analysis did not complete as expected: ${checkRun.output.title}\n${checkRun.output.summary}`);
  return { visibleMs: created.at - t0, completedMs: completed.at - t0, requests: mine.length, kinds, annotations: checkRun.annotations.length, conclusion: checkRun.conclusion, rssBeforeMb, rssPeakMb };
}

async function configuration(label: string, Octokit: typeof ProbotOctokit): Promise<void> {
  const fake = new FakeGitHub();
  fake.latencyMs = LATENCY;
  await fake.start();
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const log = pino({ level: 'warn' });
  const port = await freePort();
  const server = new Server({ host: '127.0.0.1', port, log, Probot: Probot.defaults({ appId: 1, privateKey, secret: SECRET, baseUrl: `${fake.baseUrl}/api/v3`, log, Octokit }) });
  await server.load(pyshiftApp());
  await server.start();
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Let the throttler's one-write-per-second spacing from the previous run lapse: PRs do not arrive back to back.
    if (run > 0) await new Promise((resolve) => setTimeout(resolve, 1100));
    samples.push(await runOnce(fake, `http://127.0.0.1:${port}`, run));
  }
  await server.stop();
  await fake.stop();
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const s = samples[0]!;
  console.log(`\n## ${label}: ${FILES}-file pull request, ${RUNS} runs, fake GitHub latency ${LATENCY} ms`);
  console.log(`webhook -> check run visible (created): median ${median(samples.map((x) => x.visibleMs)).toFixed(0)} ms  [${samples.map((x) => x.visibleMs.toFixed(0)).join(', ')}]`);
  console.log(`webhook -> check run completed:         median ${median(samples.map((x) => x.completedMs)).toFixed(0)} ms  [${samples.map((x) => x.completedMs.toFixed(0)).join(', ')}]`);
  console.log(`GitHub API requests per analysis: ${s.requests} (plus one installation-token exchange, cached afterwards)`);
  for (const [kind, n] of [...s.kinds].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)}  ${kind}`);
  console.log(`annotations: ${s.annotations}, conclusion: ${s.conclusion}`);
  console.log(`RSS of the process (server + analysis threads + fake GitHub with the PR's files): before the webhook ${samples.map((x) => x.rssBeforeMb.toFixed(0)).join(', ')} MB; peak while analysing (10 ms samples) ${samples.map((x) => x.rssPeakMb.toFixed(0)).join(', ')} MB; process maxRSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

if (values.only !== 'throttling-off') await configuration('Probot production Octokit (retry + throttling on)', ProbotOctokit);
await configuration(
  'throttling off',
  ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, throttle: { ...(options.throttle as object), enabled: false } })) as typeof ProbotOctokit,
);
// Probot's throttling (Bottleneck groups) keeps timers alive after the servers stop.
process.exit(0);
