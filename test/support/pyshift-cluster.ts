// PyShift in either deployment shape, over real HTTP against the local fake GitHub: `embedded` (one Probot
// server that also runs the jobs, no Redis) or `redis` (webhook receivers + queue workers sharing BullMQ on a
// real redis-server). Used by the queue tests and bench/queue-burst.ts.

import { pino, type Logger } from 'pino';
import { Probot, Server, type ProbotOctokit } from 'probot';
import { pyshiftApp } from '../../src/github/app.js';
import type { AppDeps } from '../../src/github/pull-request-handler.js';
import type { RedisQueueOptions } from '../../src/queue/redis-queue.js';
import type { Runtime } from '../../src/queue/runtime.js';
import { startWorker, type RunningWorker } from '../../src/worker.js';
import { freePort, webhookSignature, type FakeGitHub } from './fake-github.js';

export interface ClusterOptions {
  fake: FakeGitHub;
  privateKey: string;
  secret: string;
  Octokit: typeof ProbotOctokit;
  /** Absent: the embedded shape. */
  redisUrl?: string;
  receivers?: number;
  /** Workers started with the cluster (redis shape); more with addWorker(). */
  workers?: number;
  overrides?: Partial<AppDeps>;
  redis?: Partial<RedisQueueOptions>;
}

export interface WebhookEvent {
  id: string;
  name: string;
  payload: unknown;
}

/** JSON log lines of one process, parsed. */
export class LogSink {
  readonly records: Record<string, unknown>[] = [];
  readonly logger: Logger = pino({ level: 'info' }, { write: (line: string) => void this.records.push(JSON.parse(line) as Record<string, unknown>) });
  messages(msg: string): Record<string, unknown>[] {
    return this.records.filter((r) => r.msg === msg);
  }
}

export class Cluster {
  readonly receiverUrls: string[] = [];
  readonly receiverLogs: LogSink[] = [];
  readonly workers: RunningWorker[] = [];
  readonly workerLogs: LogSink[] = [];
  private readonly servers: Server[] = [];
  /** The receivers' queue runtimes (the embedded one also works). */
  readonly runtimes: Runtime[] = [];

  private constructor(private readonly o: ClusterOptions) {}

  static async start(o: ClusterOptions): Promise<Cluster> {
    const cluster = new Cluster(o);
    for (let i = 0; i < (o.receivers ?? 1); i++) await cluster.addReceiver();
    if (o.redisUrl) for (let i = 0; i < (o.workers ?? 1); i++) cluster.addWorker();
    return cluster;
  }

  private probotOptions(log: Logger) {
    return { appId: 1, privateKey: this.o.privateKey, secret: this.o.secret, baseUrl: `${this.o.fake.baseUrl}/api/v3`, log, Octokit: this.o.Octokit };
  }

  private async addReceiver(): Promise<void> {
    const sink = new LogSink();
    const port = await freePort();
    const server = new Server({ host: '127.0.0.1', port, log: sink.logger, Probot: Probot.defaults(this.probotOptions(sink.logger)) });
    // The app reads REDIS_URL when it loads, as `npm start` does.
    const saved = process.env.REDIS_URL;
    if (this.o.redisUrl) process.env.REDIS_URL = this.o.redisUrl;
    else delete process.env.REDIS_URL;
    try {
      await server.load(pyshiftApp(this.o.overrides, (r) => this.runtimes.push(r)));
    } finally {
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
    }
    await server.start();
    this.servers.push(server);
    this.receiverLogs.push(sink);
    this.receiverUrls.push(`http://127.0.0.1:${port}`);
  }

  /** Starts one more queue worker in this process (redis shape). */
  addWorker(): RunningWorker {
    const sink = new LogSink();
    const worker = startWorker({ probot: new Probot(this.probotOptions(sink.logger)), env: { REDIS_URL: this.o.redisUrl }, overrides: this.o.overrides, redis: this.o.redis });
    this.workers.push(worker);
    this.workerLogs.push(sink);
    return worker;
  }

  /** Posts a signed webhook to receiver `receiver`. */
  async deliver(event: WebhookEvent, receiver = 0): Promise<Response> {
    const body = JSON.stringify(event.payload);
    return fetch(`${this.receiverUrls[receiver]}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': event.name, 'x-github-delivery': event.id, 'x-hub-signature-256': webhookSignature(body, this.o.secret) },
      body,
    });
  }

  /** 'check run completed' log records of every process. */
  completions(): Record<string, unknown>[] {
    return [...this.receiverLogs, ...this.workerLogs].flatMap((s) => s.messages('check run completed'));
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop(5_000)));
    for (const s of this.servers) await s.stop();
    await Promise.all(this.runtimes.map((r) => r.close({ graceMs: 5_000 })));
  }
}
