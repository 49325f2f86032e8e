// Runs analyses off the main thread: a small pool of worker threads, so that a slow parse neither blocks the
// webhook server nor outlives its deadline (the worker is terminated and replaced when a job is abandoned).

import { Worker } from 'node:worker_threads';
import { analyzeFiles, memoryFile } from '../analysis/engine.js';
import type { Ruleset } from '../analysis/ruleset.js';
import type { RuleSetting, ScanResult } from '../analysis/types.js';
import type { PythonVersion } from '../analysis/versions.js';

/** Everything one analysis needs, as plain data (it crosses to a worker thread by structured clone). */
export interface AnalysisJob {
  files: { path: string; content: string | Uint8Array }[];
  target: PythonVersion;
  settings: Record<string, RuleSetting>;
  maxFileBytes: number;
  projectPaths: string[];
  projectRoots: string[];
}

/** Runs one analysis; rejects with the signal's reason when it is aborted. */
export type Analyze = (job: AnalysisJob, signal: AbortSignal) => Promise<ScanResult>;

/** The analysis itself, shared by the worker and the in-process variant. */
export function analyzeJob(ruleset: Ruleset, job: AnalysisJob): Promise<ScanResult> {
  return analyzeFiles({
    files: job.files.map((f) => memoryFile(f.path, f.content)),
    ruleset,
    target: job.target,
    settings: job.settings,
    maxFileBytes: job.maxFileBytes,
    projectPaths: job.projectPaths,
    projectRoots: job.projectRoots,
    // The App already runs each analysis on its own worker thread (the pool below): a nested pool of
    // engine threads per analysis would only multiply threads and rule loading on the same cores.
    threads: 1,
  });
}

/** Analyses on the calling thread (tests, debugging: PYSHIFT_ANALYSIS_WORKERS=0). */
export function inProcessAnalyze(ruleset: Ruleset): Analyze {
  return async (job, signal) => {
    signal.throwIfAborted();
    const result = await analyzeJob(ruleset, job);
    signal.throwIfAborted();
    return result;
  };
}

export interface WorkerReply {
  id: number;
  result?: ScanResult;
  error?: string;
}

interface Pending {
  id: number;
  job: AnalysisJob;
  signal: AbortSignal;
  resolve: (r: ScanResult) => void;
  reject: (e: unknown) => void;
}

export const WORKER_ENTRY = new URL('./analysis-worker.js', import.meta.url);

export class AnalysisPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;

  /**
   * @param opts `size`: most workers at once; `ruleset`: sent to each worker once; `entry` and `execArgv`
   *   let tests start the TypeScript entry through a loader.
   */
  constructor(private readonly opts: { size: number; ruleset: Ruleset; entry?: URL; execArgv?: string[] }) {}

  /** Analyses `job` on a worker; abandoning it (signal) terminates that worker. */
  readonly run: Analyze = (job, signal) =>
    new Promise<ScanResult>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const pending: Pending = { id: this.nextId++, job, signal, resolve, reject };
      signal.addEventListener('abort', () => this.abandon(pending), { once: true });
      this.queue.push(pending);
      this.dispatch();
    });

  /** Stops every worker (for tests and shutdown). */
  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    for (const [, p] of this.busy) p.reject(new Error('the analysis pool was closed'));
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  /** Number of live workers. */
  get workers(): number {
    return this.idle.length + this.busy.size;
  }

  private spawn(): Worker {
    const worker = new Worker(this.opts.entry ?? WORKER_ENTRY, { workerData: { ruleset: this.opts.ruleset }, execArgv: this.opts.execArgv ?? [] });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.busy.get(worker);
      if (!pending || pending.id !== reply.id) return;
      this.busy.delete(worker);
      this.idle.push(worker);
      if (reply.result) pending.resolve(reply.result);
      else pending.reject(new Error(`internal error in the analysis: ${reply.error ?? 'unknown'}`));
      this.dispatch();
    });
    const fail = (err: Error): void => {
      const pending = this.busy.get(worker);
      this.discard(worker);
      pending?.reject(new Error(`the analysis worker stopped: ${err.message}`));
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.busy.has(worker) || this.idle.includes(worker)) fail(new Error(`exit code ${code}`));
    });
    return worker;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.workers < this.opts.size ? this.spawn() : undefined);
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      worker.postMessage({ id: pending.id, job: pending.job });
    }
  }

  private abandon(pending: Pending): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) this.queue.splice(queued, 1);
    for (const [worker, p] of this.busy) {
      if (p !== pending) continue;
      // A native parse cannot be interrupted: the worker is dropped and ends in the background.
      this.discard(worker);
      void worker.terminate();
    }
    pending.reject(pending.signal.reason);
    this.dispatch();
  }

  private discard(worker: Worker): void {
    this.busy.delete(worker);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
  }
}
