// A pool of worker threads that analyse files in parallel: tree-sitter parsing is CPU-bound, and a
// large scan (a standard library, a 3,000-file pull request) uses every core. Results are the same as
// in one thread: workers run the same analyzeSource on the same rules and project facts.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AnalysisTimeout, type ScanBudget } from './budget.js';
import type { PackageFacts } from './dependencies/package-support.js';
import type { ProjectSnapshot } from './project.js';
import type { ActiveRule, Finding, RuleKind } from './types.js';
import type { PythonVersion } from './versions.js';

export interface PoolInit {
  /** The scan's active rules, as selected on the main thread (plain data: cloned, not re-read and re-validated). */
  rules: ActiveRule[];
  target: PythonVersion;
  project: ProjectSnapshot;
  includedPipPaths?: string[];
  packageFacts?: ReadonlyMap<string, PackageFacts>;
}

/**
 * A file's content as the pool is given it: its text, or its bytes to decode in the thread (moved there,
 * not copied: decoding half the files on the main thread cost it as much as analysing some of them).
 */
export type PoolContent = { text: string } | { bytes: Uint8Array; maxBytes: number } | { localPath: string; maxBytes: number };

export type PoolRequest = PoolContent & {
  id: number;
  path: string;
  kind: RuleKind;
  /** The scan's budgets: the file's deadline starts when the worker picks it up. */
  budget?: ScanBudget;
};

/** What the pool posts to a worker: the scan's setup (when not given at start), or a file. */
export type PoolMessage = { init: PoolInit } | PoolRequest;

export type PoolReply = { id: number; findings: Finding[]; chars: number } | { id: number; error: string; timeout?: boolean; undecodable?: boolean };

/** A file the thread could not read or decode (binary, not UTF-8, too large): `message` is the file's error. */
export class UndecodableFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndecodableFile';
  }
}

/** The compiled worker script; absent when running from TypeScript sources (tests), then no pool. */
const WORKER_SCRIPT = fileURLToPath(new URL('./worker.js', import.meta.url));

/** Files per scan below which starting threads costs more than it saves. */
export const POOL_MIN_FILES = 64;

/** How many threads (the main thread included) a scan of `files` files should use when the caller does not say. */
export function defaultThreads(files: number, env: Record<string, string | undefined> = process.env): number {
  const fromEnv = Number(env.PYSHIFT_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  if (files < POOL_MIN_FILES) return 1;
  return Math.min(availableParallelism(), 4);
}

export function poolAvailable(): boolean {
  return existsSync(WORKER_SCRIPT);
}

interface Slot {
  worker: Worker;
  inFlight: number;
}

export class AnalysisPool {
  private readonly slots: Slot[];
  private readonly pending = new Map<number, { resolve: (r: { findings: Finding[]; chars: number }) => void; reject: (e: Error) => void; slot: Slot }>();
  private nextId = 0;

  /**
   * Starts `size` threads. Without `init`, they load their code while the caller prepares the scan, and
   * wait for `start(init)` before the first file (messages arrive in order).
   */
  constructor(size: number, init?: PoolInit) {
    this.slots = Array.from({ length: size }, () => {
      const slot: Slot = { worker: new Worker(WORKER_SCRIPT, { workerData: init ?? null }), inFlight: 0 };
      slot.worker.on('message', (reply: PoolReply) => this.settle(reply));
      slot.worker.on('error', (err) => this.failSlot(slot, err));
      slot.worker.on('exit', (code) => { if (code !== 0) this.failSlot(slot, new Error(`analysis thread exited with code ${code}`)); });
      return slot;
    });
  }

  /** Hands the scan's setup to threads started without one. */
  start(init: PoolInit): void {
    for (const slot of this.slots) slot.worker.postMessage({ init } satisfies PoolMessage);
  }

  /** Sends one file to the least busy thread; resolves with its findings and its length in characters. */
  analyzeCounted(path: string, content: PoolContent, kind: RuleKind, budget?: ScanBudget): Promise<{ findings: Finding[]; chars: number }> {
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    if (slot.inFlight === Number.POSITIVE_INFINITY) return Promise.reject(new Error('every analysis thread has stopped'));
    const id = this.nextId++;
    slot.inFlight++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      // Bytes move to the thread (transferred): a fresh copy, so that a caller's buffer (or Node's pooled
      // one it may be a view of) is never detached.
      const request: PoolRequest = 'bytes' in content
        ? { id, path, kind, bytes: new Uint8Array(content.bytes), maxBytes: content.maxBytes, ...(budget ? { budget } : {}) }
        : { id, path, kind, ...content, ...(budget ? { budget } : {}) };
      slot.worker.postMessage(request, 'bytes' in request ? [request.bytes.buffer as ArrayBuffer] : []);
    });
  }

  /** Sends one file to the least busy thread; resolves with its findings. */
  async analyze(path: string, content: PoolContent, kind: RuleKind, budget?: ScanBudget): Promise<Finding[]> {
    return (await this.analyzeCounted(path, content, kind, budget)).findings;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private settle(reply: PoolReply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    entry.slot.inFlight--;
    if ('error' in reply) entry.reject(reply.timeout ? new AnalysisTimeout(reply.error) : reply.undecodable ? new UndecodableFile(reply.error) : new Error(reply.error));
    else entry.resolve({ findings: reply.findings, chars: reply.chars });
  }

  private failSlot(slot: Slot, err: Error): void {
    for (const [id, entry] of this.pending) {
      if (entry.slot !== slot) continue;
      this.pending.delete(id);
      entry.reject(err);
    }
    slot.inFlight = Number.POSITIVE_INFINITY;
  }
}
