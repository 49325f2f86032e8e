// Python versions as the catalogue and the config write them ("3.13"), compared as numbers.

/** Targets the catalogue has rules for; anything else is a usage error, not a silent default. */
export const SUPPORTED_TARGETS = ['3.12', '3.13', '3.14'] as const;
export const DEFAULT_TARGET = '3.13';

export type PythonVersion = readonly [number, number];

/** Parses "3.13" into [3, 13]; returns undefined for anything else. */
export function parseVersion(text: string): PythonVersion | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareVersions(a: PythonVersion, b: PythonVersion): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** Validates a target given by a user; throws an Error whose message says what is accepted. */
export function parseTarget(text: string): PythonVersion {
  const version = parseVersion(String(text));
  if (!version || !(SUPPORTED_TARGETS as readonly string[]).includes(`${version[0]}.${version[1]}`)) {
    throw new Error(`unknown target Python version "${text}": use one of ${SUPPORTED_TARGETS.join(', ')}`);
  }
  return version;
}

export function formatVersion(v: PythonVersion): string {
  return `${v[0]}.${v[1]}`;
}
