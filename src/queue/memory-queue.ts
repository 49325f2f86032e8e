// The embedded queue (one process, no Redis): the same job semantics as BullMQ on Redis — one job per
// (repository, PR, head SHA), newer SHAs supersede waiting ones, retries with exponential backoff —
// with bounded concurrency and a per-installation cap so that one busy installation cannot starve others.

import type { Logger } from 'pino';
import { jobIdOf, prKeyOf, type AddResult, type HeadStore, type JobProcessor, type JobQueue, type PullRequestJobData } from './job-queue.js';

export interface QueueLimits {
  /** Jobs running at once in this process. */
  concurrency: number;
  /** Jobs of one installation running at once (across all workers when on Redis). */
  perInstallation: number;
  /** Attempts per job (1 = no retry). */
  attempts: number;
  /** Delay before the second attempt; doubled for each further one. */
  backoffMs: number;
}

interface Entry {
  id: string;
  data: PullRequestJobData;
  attempts: number;
  readyAt: number;
}

export class MemoryQueue implements JobQueue {
  private readonly waiting: Entry[] = [];
  private readonly active = new Map<string, Entry>();
  private readonly latest = new Map<string, string>();
  private readonly idleWaiters: (() => void)[] = [];
  private processor: JobProcessor | undefined;
  private closing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly limits: QueueLimits, private readonly log?: Logger) {}

  readonly heads: HeadStore = { latest: async (prKey) => this.latest.get(prKey) };

  async add(data: PullRequestJobData): Promise<AddResult> {
    const id = jobIdOf(data);
    const prKey = prKeyOf(data);
    this.latest.set(prKey, data.headSha);
    const superseded: PullRequestJobData[] = [];
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const e = this.waiting[i]!;
      if (prKeyOf(e.data) === prKey && e.data.headSha !== data.headSha) superseded.unshift(...this.waiting.splice(i, 1).map((x) => x.data));
    }
    const duplicate = this.active.has(id) || this.waiting.some((e) => e.id === id);
    if (!duplicate) this.waiting.push({ id, data, attempts: 0, readyAt: 0 });
    this.pump();
    return { duplicate, superseded };
  }

  work(processor: JobProcessor): void {
    this.processor = processor;
    this.pump();
  }

  /** Jobs waiting (including those waiting for a retry) and running. */
  get size(): { waiting: number; active: number } {
    return { waiting: this.waiting.length, active: this.active.size };
  }

  /** Resolves when no job waits or runs (tests, benchmarks). */
  idle(): Promise<void> {
    if (this.waiting.length === 0 && this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(graceMs = 25_000): Promise<PullRequestJobData[]> {
    this.closing = true;
    clearTimeout(this.timer);
    const dropped = this.waiting.splice(0).map((e) => e.data);
    if (this.active.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
    return dropped;
  }

  private pump(): void {
    if (!this.processor || this.closing) return;
    const now = Date.now();
    let nextReady = Infinity;
    for (let i = 0; i < this.waiting.length && this.active.size < this.limits.concurrency; ) {
      const e = this.waiting[i]!;
      const sameInstallation = [...this.active.values()].filter((a) => a.data.installationId === e.data.installationId).length;
      if (e.readyAt > now) nextReady = Math.min(nextReady, e.readyAt);
      if (e.readyAt > now || sameInstallation >= this.limits.perInstallation || this.active.has(e.id)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.start(e);
    }
    clearTimeout(this.timer);
    if (nextReady < Infinity) this.timer = setTimeout(() => this.pump(), nextReady - now).unref();
    this.notifyIdle();
  }

  private start(e: Entry): void {
    this.active.set(e.id, e);
    e.attempts++;
    const attempt = { number: e.attempts, final: e.attempts >= this.limits.attempts, first: e.attempts === 1 };
    void this.processor!(e.data, attempt)
      .catch((err: Error) => {
        const superseded = this.latest.get(prKeyOf(e.data)) !== e.data.headSha;
        if (attempt.final || superseded || this.closing) {
          this.log?.error({ job: e.id, attempt: attempt.number, err: { message: err.message } }, 'job failed');
          return;
        }
        this.log?.warn({ job: e.id, attempt: attempt.number, err: { message: err.message } }, 'job failed; retrying with backoff');
        e.readyAt = Date.now() + this.limits.backoffMs * 2 ** (e.attempts - 1);
        if (!this.waiting.some((w) => w.id === e.id)) this.waiting.push(e);
      })
      .finally(() => {
        this.active.delete(e.id);
        this.pump();
        this.notifyIdle();
      });
  }

  private notifyIdle(): void {
    if (this.waiting.length > 0 || this.active.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
