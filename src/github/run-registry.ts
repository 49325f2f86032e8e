// In-process coordination of analyses: a newer push (or re-run) of a pull request supersedes the analysis
// still running for it, and every write to a check run happens under a lock, only while the writer is current.

/** Why an analysis stopped early because another one replaced it. */
export class SupersededError extends Error {
  constructor(readonly bySha: string, readonly sameCheckRun: boolean) {
    super(`superseded by an analysis of ${bySha}`);
    this.name = 'SupersededError';
  }
}

export interface Ticket {
  /** Aborted (reason: SupersededError) when a newer analysis of the same pull request begins. */
  readonly signal: AbortSignal;
  readonly checkRunId: number;
  /** Throws SupersededError when a newer analysis has begun. */
  assertCurrent(): void;
  /** Runs `write` under the check run's lock, only if this analysis is still current. */
  write<T>(write: () => Promise<T>): Promise<T>;
  /** Releases the pull request's slot (when this analysis is still the current one). */
  end(): void;
}

interface Current {
  controller: AbortController;
  sha: string;
  checkRunId: number;
}

export class RunRegistry {
  private readonly current = new Map<string, Current>();
  private readonly locks = new Map<string, Promise<unknown>>();

  /**
   * Runs `fn` after every earlier `withLock` call for `key` has settled (a keyed mutex). Used to make
   * find-or-create of a check run atomic within the process and to order writes to one check run.
   */
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }

  /** Starts the analysis of `sha` for pull request `prKey`; an analysis already running for it is superseded. */
  begin(prKey: string, sha: string, checkRunId: number): Ticket {
    const previous = this.current.get(prKey);
    if (previous) previous.controller.abort(new SupersededError(sha, previous.checkRunId === checkRunId));
    const mine: Current = { controller: new AbortController(), sha, checkRunId };
    this.current.set(prKey, mine);
    const signal = mine.controller.signal;
    const assertCurrent = (): void => {
      if (signal.aborted) throw signal.reason as SupersededError;
    };
    return {
      signal,
      checkRunId,
      assertCurrent,
      write: (write) =>
        this.withLock(`check-run:${checkRunId}`, async () => {
          assertCurrent();
          return write();
        }),
      end: () => {
        if (this.current.get(prKey) === mine) this.current.delete(prKey);
      },
    };
  }

  /** Number of analyses running (for tests and health reporting). */
  get running(): number {
    return this.current.size;
  }
}
