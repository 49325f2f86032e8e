// The app's own settings, read once from the environment at startup; a bad value fails the deploy, not a PR.

import { DEFAULT_MAX_FILE_BYTES } from '../analysis/source.js';
import { DEFAULT_MAX_ANNOTATIONS } from '../report/check-run.js';

export interface AppSettings {
  /** An analysis still running after this many seconds completes its check run as timed out. */
  timeoutSeconds: number;
  /** Changed files larger than this are skipped with a note, without being downloaded. */
  maxFileBytes: number;
  /** Annotations per check run (50 per request); further findings are listed in the summary only. */
  maxAnnotations: number;
  /** Worker threads that run analyses (0: on the main thread). */
  analysisWorkers: number;
  /** Pull-request jobs one process runs at once (the embedded queue, or one `npm run worker`). */
  queueConcurrency: number;
  /** Jobs of one installation running at once, across all workers: one busy installation cannot starve the others. */
  installationConcurrency: number;
  /** Attempts per job when GitHub fails transiently (5xx, 429, network); the last one completes the check run. */
  jobAttempts: number;
  /** Delay before a job's second attempt, doubled for each further one. */
  retryBackoffMs: number;
  /** Files kept in the in-memory result cache (without REDIS_URL). */
  cacheEntries: number;
  /** On SIGTERM, how long running jobs may take to finish before the process stops anyway. */
  shutdownSeconds: number;
}

interface Variable {
  name: string;
  fallback: number;
  min: number;
}

const VARIABLES: Record<keyof AppSettings, Variable> = {
  timeoutSeconds: { name: 'PYSHIFT_TIMEOUT_SECONDS', fallback: 300, min: 1 },
  maxFileBytes: { name: 'PYSHIFT_MAX_FILE_BYTES', fallback: DEFAULT_MAX_FILE_BYTES, min: 1 },
  maxAnnotations: { name: 'PYSHIFT_MAX_ANNOTATIONS', fallback: DEFAULT_MAX_ANNOTATIONS, min: 1 },
  analysisWorkers: { name: 'PYSHIFT_ANALYSIS_WORKERS', fallback: 2, min: 0 },
  queueConcurrency: { name: 'PYSHIFT_QUEUE_CONCURRENCY', fallback: 4, min: 1 },
  installationConcurrency: { name: 'PYSHIFT_INSTALLATION_CONCURRENCY', fallback: 2, min: 1 },
  jobAttempts: { name: 'PYSHIFT_JOB_ATTEMPTS', fallback: 4, min: 1 },
  retryBackoffMs: { name: 'PYSHIFT_RETRY_BACKOFF_MS', fallback: 5000, min: 0 },
  cacheEntries: { name: 'PYSHIFT_CACHE_ENTRIES', fallback: 100_000, min: 1 },
  shutdownSeconds: { name: 'PYSHIFT_SHUTDOWN_SECONDS', fallback: 25, min: 0 },
};

/**
 * Reads the app settings from environment variables (all optional).
 * @throws Error naming the variable when a value is not a whole number in range.
 */
export function readAppSettings(env: Readonly<Record<string, string | undefined>>): AppSettings {
  const out = {} as AppSettings;
  for (const [key, { name, fallback, min }] of Object.entries(VARIABLES) as [keyof AppSettings, Variable][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      out[key] = fallback;
      continue;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, not "${raw}"`);
    out[key] = value;
  }
  return out;
}
