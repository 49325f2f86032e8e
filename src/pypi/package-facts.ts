// The optional live lookup (`pypi: true`): before a scan, packages that the shipped 3.13 support table does
// not list are looked up on PyPI, and their first release with a wheel CPython 3.13 can install (cp313,
// abi3 or py3-none) whose Requires-Python admits 3.13 becomes a PackageFacts the analyzers use as if it
// were a table row. Analyzers stay pure: they only receive the result.

import { compare, explain, valid } from '@renovatebot/pep440';
import { manifestKind, readManifest, type ManifestKind } from '../analysis/dependencies/manifests.js';
import { supportTable, type PackageFacts } from '../analysis/dependencies/package-support.js';
import { admitsPython, exactPin, parseSpecifier } from '../analysis/dependencies/specifiers.js';
import type { PythonVersion } from '../analysis/versions.js';
import type { PypiClient, PypiFile, PypiProjectResponse } from './client.js';

type WheelKind = 'compiled' | 'abi3' | 'pure';
const RANK: Record<WheelKind, number> = { compiled: 3, abi3: 2, pure: 1 };

/**
 * What a wheel offers CPython `target` by its tags (PEP 425 / wheel file names, compressed tag sets
 * allowed): `cp313-cp313` compiled, `cp3X-abi3` with X <= 13 stable ABI, `py3-none` / `py313-none` pure.
 * Free-threaded (`cp313t`) wheels do not count. Platforms are not considered.
 */
export function wheelKind(filename: string, target: PythonVersion): WheelKind | undefined {
  const m = /^[^-]+-[^-]+(?:-\d[^-]*)?-([^-]+)-([^-]+)-([^-]+)\.whl$/.exec(filename);
  if (!m) return undefined;
  const [major, minor] = target;
  const cp = `cp${major}${minor}`;
  let best: WheelKind | undefined;
  const consider = (k: WheelKind): void => {
    if (!best || RANK[k] > RANK[best]) best = k;
  };
  for (const py of m[1]!.split('.')) {
    for (const abi of m[2]!.split('.')) {
      if (py === cp && abi === cp) consider('compiled');
      const stable = /^cp(\d)(\d+)$/.exec(py);
      if (stable && abi === 'abi3' && Number(stable[1]) === major && Number(stable[2]) <= minor) consider('abi3');
      const pure = /^py(\d)(\d*)$/.exec(py);
      if (pure && abi === 'none' && Number(pure[1]) === major && (pure[2] === '' || Number(pure[2]) <= minor)) consider('pure');
      if (py === cp && abi === 'none') consider('pure');
    }
  }
  return best;
}

/** Whether a Requires-Python value admits the target (an unreadable value is not held against it). */
function allows(requiresPython: string | null | undefined, target: PythonVersion): boolean {
  if (!requiresPython) return true;
  const clauses = parseSpecifier(requiresPython);
  return !clauses || admitsPython(clauses, target);
}

/** The best wheel kind of a release's files that installs on the target, if any. */
export function releaseSupport(files: readonly PypiFile[], target: PythonVersion, fallbackRequiresPython?: string | null): WheelKind | undefined {
  let best: WheelKind | undefined;
  for (const f of files) {
    if (f.yanked || f.packagetype !== 'bdist_wheel') continue;
    if (!allows(f.requires_python ?? fallbackRequiresPython, target)) continue;
    const k = wheelKind(f.filename, target);
    if (k && (!best || RANK[k] > RANK[best])) best = k;
  }
  return best;
}

const isFinal = (v: string): boolean => {
  const e = explain(v);
  return !!e && !e.is_prerelease && !e.is_devrelease;
};

/** Facts from a project document that lists its releases; undefined when no release qualifies. */
export function factsFromReleases(name: string, doc: PypiProjectResponse, target: PythonVersion): PackageFacts | undefined {
  const releases = doc.releases ?? {};
  const versions = Object.keys(releases).filter((v) => valid(v) && isFinal(v) && releases[v]!.some((f) => !f.yanked)).sort(compare);
  const index = versions.findIndex((v) => releaseSupport(releases[v]!, target) !== undefined);
  if (index < 0) return undefined;
  const first = versions[index]!;
  const kind = releaseSupport(releases[first]!, target)!;
  // Later releases whose every file declares a Requires-Python without the target (spaCy 3.8.6-style traps).
  const excluded = versions.slice(index + 1).filter((v) => {
    const files = releases[v]!.filter((f) => !f.yanked);
    return files.length > 0 && files.every((f) => !allows(f.requires_python, target));
  });
  return {
    name,
    firstVersion: first,
    kind,
    // A compiled wheel for the target is direct evidence that earlier releases lacked one; pure and abi3
    // projects may have shipped only sdists before, which can still install.
    confidence: kind === 'compiled' ? 'medium' : 'low',
    ...(kind === 'compiled' ? {} : { softReason: `PyPI lists no ${kind === 'abi3' ? 'abi3' : 'py3'} wheel for earlier releases (an sdist may still install)` }),
    docs: `https://pypi.org/project/${name}/${first}/`,
    excluded: excluded.map((v) => `==${v}`),
    origin: 'pypi',
  };
}

export interface LookupResult {
  facts: Map<string, PackageFacts>;
  /** Lookups that failed (network, server errors); the scan goes on without those facts. */
  errors: string[];
}

/**
 * Looks up the packages that `files` declare and the shipped table does not list. Exact pins are
 * checked on the release endpoint when the project document no longer lists every release.
 */
export async function lookupPackageFacts(opts: {
  /** `kind` reads a file in a given format whatever its name (a pip file included as `base.pip`). */
  files: readonly { path: string; text: string; kind?: ManifestKind }[];
  target: PythonVersion;
  client: PypiClient;
  concurrency?: number;
}): Promise<LookupResult> {
  const table = supportTable();
  const wanted = new Map<string, { name: string; pins: Set<string> }>();
  for (const file of opts.files) {
    const kind = file.kind ?? manifestKind(file.path);
    if (!kind) continue;
    for (const decl of readManifest(file.path, file.text, kind).requirements) {
      if (!decl.key || table.has(decl.key)) continue;
      const entry = wanted.get(decl.key) ?? { name: decl.key, pins: new Set<string>() };
      for (const req of decl.parsed) {
        const pin = exactPin(req.clauses);
        if (pin) entry.pins.add(pin);
      }
      wanted.set(decl.key, entry);
    }
  }
  const result: LookupResult = { facts: new Map(), errors: [] };
  const queue = [...wanted.values()];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        const facts = await factsFor(next.name, next.pins, opts.client, opts.target);
        if (facts) result.facts.set(next.name, facts);
      } catch (err) {
        result.errors.push(`${next.name}: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  return result;
}

async function factsFor(name: string, pins: ReadonlySet<string>, client: PypiClient, target: PythonVersion): Promise<PackageFacts | undefined> {
  const doc = await client.project(name);
  if (!doc) return undefined;
  if (doc.releases) return factsFromReleases(name, doc, target);
  // Without the release list only the latest release (`urls`) and the pinned releases can be judged.
  const latest = doc.info.version;
  if (!releaseSupport(doc.urls, target, doc.info.requires_python)) return undefined;
  for (const pin of pins) {
    const release = await client.release(name, pin);
    if (release && !releaseSupport(release.urls, target, release.info.requires_python)) {
      return {
        name,
        firstVersion: latest,
        kind: 'unknown',
        confidence: 'low',
        softReason: `PyPI lists no wheel for ${pin} that CPython ${target[0]}.${target[1]} can use, and ${latest} (the latest release) has one; releases in between were not checked`,
        docs: `https://pypi.org/project/${name}/${latest}/`,
        excluded: [],
        origin: 'pypi',
      };
    }
  }
  return undefined;
}

/**
 * The pre-step a scan runs when the config says `pypi: true`: reads the dependency manifests among
 * `inputs`, looks their packages up, and returns the facts for AnalyzeOptions.packageFacts. Lookup
 * failures are passed to `warn` (one line each) and never stop the scan.
 */
export async function lookupForInputs(opts: {
  inputs: readonly { path: string; load: () => Promise<Uint8Array | string> }[];
  target: PythonVersion;
  client: PypiClient;
  warn: (message: string) => void;
  /** Files included with -r / -c under other names, read in pip's format. */
  pipPaths?: ReadonlySet<string>;
}): Promise<Map<string, PackageFacts>> {
  const files: { path: string; text: string; kind: ManifestKind }[] = [];
  for (const input of opts.inputs) {
    const kind = manifestKind(input.path) ?? (opts.pipPaths?.has(input.path) ? 'pip' : undefined);
    if (!kind) continue;
    try {
      const content = await input.load();
      files.push({ path: input.path, kind, text: typeof content === 'string' ? content : Buffer.from(content).toString('utf8') });
    } catch {
      // The scan itself reports unreadable files.
    }
  }
  const { facts, errors } = await lookupPackageFacts({ files, target: opts.target, client: opts.client });
  for (const e of errors) opts.warn(`PyPI lookup failed for ${e}`);
  return facts;
}
