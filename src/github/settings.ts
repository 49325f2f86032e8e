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
}

const VARIABLES: Record<keyof AppSettings, { name: string; fallback: number }> = {
  timeoutSeconds: { name: 'PYSHIFT_TIMEOUT_SECONDS', fallback: 300 },
  maxFileBytes: { name: 'PYSHIFT_MAX_FILE_BYTES', fallback: DEFAULT_MAX_FILE_BYTES },
  maxAnnotations: { name: 'PYSHIFT_MAX_ANNOTATIONS', fallback: DEFAULT_MAX_ANNOTATIONS },
};

/**
 * Reads the app settings from environment variables (all optional).
 * @throws Error naming the variable when a value is not a positive integer.
 */
export function readAppSettings(env: Readonly<Record<string, string | undefined>>): AppSettings {
  const out = {} as AppSettings;
  for (const [key, { name, fallback }] of Object.entries(VARIABLES) as [keyof AppSettings, { name: string; fallback: number }][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      out[key] = fallback;
      continue;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
    out[key] = value;
  }
  return out;
}
