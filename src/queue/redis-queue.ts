// The shared queue (REDIS_URL set): BullMQ on Redis, so that webhook receivers only enqueue and any number
// of workers (`npm run worker`) analyse. BullMQ's job id is the (repository, PR, head SHA) key, so duplicate
// deliveries collapse; a Redis key per pull request holds its latest head SHA (supersede); a sorted set per
// installation leases its running slots (fair use); a worker that dies loses its job lock and BullMQ's
// stalled-job check hands the job to another worker.

import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { jobIdOf, prKeyOf, type AddResult, type HeadStore, type JobProcessor, type JobQueue, type PullRequestJobData } from './job-queue.js';
import type { QueueLimits } from './memory-queue.js';

export interface RedisQueueOptions extends QueueLimits {
  url: string;
  /** BullMQ queue name; also prefixes PyShift's own keys. */
  name?: string;
  /** How long a worker's job lock lasts without renewal: a dead worker's job is re-queued after about this. */
  lockMs?: number;
  /** A job's hold on its installation slot expires after this (covers a worker that died mid-job). */
  slotLeaseMs?: number;
  /** A job that finds its installation at the cap waits this long before it is tried again. */
  slotRetryMs?: number;
}

type Stored = PullRequestJobData & { nonce: string };

/** Keeps at most ARGV[4] live leases in the sorted set KEYS[1]; a job already holding one renews it. */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

const HEAD_TTL_SECONDS = 30 * 24 * 3600;

export class RedisQueue implements JobQueue {
  readonly name: string;
  private readonly redis: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;

  constructor(private readonly opts: RedisQueueOptions, private readonly log?: Logger) {
    this.name = opts.name ?? 'pyshift-analyses';
    this.redis = new Redis(opts.url, { maxRetriesPerRequest: null });
    this.queue = new Queue(this.name, {
      connection: this.redis,
      defaultJobOptions: { attempts: opts.attempts, backoff: { type: 'exponential', delay: opts.backoffMs }, removeOnComplete: true, removeOnFail: { count: 1000 } },
    });
  }

  private headKey(prKey: string): string {
    return `${this.name}:head:${prKey}`;
  }

  readonly heads: HeadStore = { latest: async (prKey) => (await this.redis.get(this.headKey(prKey))) ?? undefined };

  async add(data: PullRequestJobData): Promise<AddResult> {
    const previous = await this.redis.set(this.headKey(prKeyOf(data)), data.headSha, 'EX', HEAD_TTL_SECONDS, 'GET');
    const superseded: PullRequestJobData[] = [];
    if (previous && previous !== data.headSha) {
      const old = await this.queue.getJob(jobIdOf({ ...data, headSha: previous }));
      const state = old ? await old.getState() : undefined;
      if (old && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
        // remove() refuses a job a worker has just locked: that one sees the new head and stops itself.
        const removed = await old.remove().then(() => true, () => false);
        if (removed) superseded.push(old.data as PullRequestJobData);
      }
    }
    const nonce = randomUUID();
    const job = await this.queue.add('analyse', { ...data, nonce } satisfies Stored, { jobId: jobIdOf(data) });
    // On a duplicate id BullMQ keeps the stored job and returns one built from our data: read what is stored.
    const stored = await this.queue.getJob(job.id!);
    return { duplicate: stored !== undefined && (stored.data as Stored).nonce !== nonce, superseded };
  }

  work(processor: JobProcessor): void {
    const lockMs = this.opts.lockMs ?? 30_000;
    const leaseMs = this.opts.slotLeaseMs ?? 10 * 60_000;
    this.worker = new Worker(
      this.name,
      async (job: Job, token?: string) => {
        const data = job.data as Stored;
        const slots = `${this.name}:installation:${data.installationId}`;
        const now = Date.now();
        const granted = await this.redis.eval(ACQUIRE, 1, slots, now, now + leaseMs, job.id!, this.opts.perInstallation, leaseMs);
        if (granted !== 1) {
          await job.moveToDelayed(Date.now() + (this.opts.slotRetryMs ?? 500), token);
          throw new DelayedError();
        }
        try {
          const number = job.attemptsMade + 1;
          await processor(data, { number, final: number >= (job.opts.attempts ?? 1), first: job.attemptsStarted <= 1 });
        } finally {
          await this.redis.zrem(slots, job.id!);
        }
      },
      {
        connection: (this.workerConnection = new Redis(this.opts.url, { maxRetriesPerRequest: null })),
        concurrency: this.opts.concurrency,
        lockDuration: lockMs,
        stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
        maxStalledCount: 2,
      },
    );
    this.worker.on('failed', (job, err) => this.log?.warn({ job: job?.id, attempts: job?.attemptsMade, err: { message: err.message } }, 'job attempt failed'));
    this.worker.on('error', (err) => this.log?.error({ err: { message: err.message } }, 'queue worker error'));
  }

  /** Jobs waiting, delayed and running, across all workers. */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized');
  }

  /** Removes every job and PyShift key of this queue (tests, benchmarks). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
    const keys = await this.redis.keys(`${this.name}:*`);
    if (keys.length > 0) await this.redis.del(...keys);
  }

  async close(graceMs = 25_000): Promise<PullRequestJobData[]> {
    const worker = this.worker;
    if (worker) {
      let timer: NodeJS.Timeout | undefined;
      // A job still running after the grace period keeps its lock until it expires, then another worker takes it.
      const forced = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))).then(() => worker.close(true));
      await Promise.race([worker.close(), forced]);
      clearTimeout(timer);
      await this.workerConnection?.quit().catch(() => undefined);
    }
    await this.queue.close();
    await this.redis.quit().catch(() => undefined);
    return [];
  }
}
