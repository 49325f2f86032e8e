// The 3.13 package-support table (rules/requirements/data/python313-package-support.csv, a verbatim copy of
// ../shared/reference/python313-package-support.csv) plus the few readings of it that its notes
// (python313-package-support.md) ask a linter to make: metadata traps, replacements, safer pins.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lazy } from '../../lazy.js';
import { normalizePackageName } from '../project.js';
import { DEFAULT_RULES_DIR } from '../rules-dir.js';

const csvParse = lazy<typeof import('csv-parse/sync')>('csv-parse/sync');

export type Confidence = 'high' | 'medium' | 'low';

/** What is known about one package on Python 3.13, from the table or from a live PyPI lookup. */
export interface PackageFacts {
  /** PEP 503 normalised name. */
  name: string;
  /** First release that supports 3.13; undefined when none does (or, for abi3 packages, no gate). */
  firstVersion?: string;
  kind: 'compiled' | 'abi3' | 'pure' | 'unknown';
  confidence: Confidence;
  /** Where the facts come from: the table's `source` URL, or the PyPI page. */
  docs?: string;
  /** Specifiers of releases at or above `firstVersion` whose metadata still excludes 3.13 (caveat 1). */
  excluded: string[];
  /** Why a pin below `firstVersion` may still install (abi3 wheels, pure-Python fallback); warnings only. */
  softReason?: string;
  /** For packages with no 3.13 release: what to do instead, as a sentence. */
  replacement?: string;
  /** A package that, once declared, makes a no-3.13-release package work (pydub + audioop-lts). */
  fixedBy?: string;
  /** A release whose 3.13 wheels were uploaded after it was published (caveat 3): older hash pins miss them. */
  wheelsAddedLater?: { version: string; date: string };
  /** A later release that the evidence names as the safer pin (all platforms, official support). */
  saferPin?: { version: string; why: string };
  origin: 'table' | 'pypi';
}

export const SUPPORT_TABLE_FILE = join(DEFAULT_RULES_DIR, 'requirements', 'data', 'python313-package-support.csv');

/**
 * Readings of the table's evidence and notes, keyed by normalised name. Each cites the note it comes from
 * (python313-package-support.md); nothing here adds a version the reference does not name.
 */
const NOTES: Record<string, Partial<Pick<PackageFacts, 'excluded' | 'softReason' | 'replacement' | 'fixedBy' | 'saferPin' | 'wheelsAddedLater'>>> = {
  // Caveat 1: Requires-Python traps above the first supporting release.
  spacy: { excluded: ['==3.8.6'] },
  blis: { excluded: ['==1.2.*'] },
  // Caveat 6: abandoned or broken packages and what replaces them.
  nose: { replacement: 'Replace nose with pytest, nose2 or the maintained fork pynose' },
  'cx-oracle': { replacement: 'Replace cx-Oracle with `oracledb>=2.4.0` (python-oracledb, its renamed successor)' },
  pydub: { replacement: 'Add `audioop-lts; python_version>="3.13"` beside pydub (its last release, 0.25.1, imports audioop), or replace pydub', fixedBy: 'audioop-lts' },
  editdistance: { replacement: 'Replace editdistance with rapidfuzz or levenshtein, which ship 3.13 wheels' },
  // Caveat 3: wheels added to an existing release (brotli#1208: cp313 wheels uploaded to 1.1.0 on 2024-10-18).
  brotli: { wheelsAddedLater: { version: '1.1.0', date: '2024-10-18' } },
  // Caveat 4: first versions that do not cover every platform, or preview wheels.
  torch: { saferPin: { version: '2.6.0', why: '2.5.x has cp313 wheels for Linux only' } },
  'google-crc32c': { saferPin: { version: '1.7.1', why: '1.7.0 lacks Windows wheels' } },
  pymssql: { saferPin: { version: '2.3.2', why: '2.3.1 has Linux wheels only' } },
  pillow: { saferPin: { version: '11.0.0', why: "10.4.0's cp313 wheels were a preview built against the 3.13 beta" } },
  aiohttp: { saferPin: { version: '3.10.6', why: '3.10.6 is the release that declared 3.13 support' } },
  kiwisolver: { saferPin: { version: '1.4.7', why: '1.4.7 fixed the build infrastructure of 1.4.6' } },
  // Evidence column: older abi3 wheels are expected to install on 3.13; the first version is the first tested one.
  bcrypt: { softReason: 'earlier releases ship cp37-abi3 wheels that may install on 3.13 too' },
  psutil: { softReason: 'its abi3 wheels (5.9.x) already install on 3.13; 6.0.0 is the first release tested on it' },
  tornado: { softReason: 'its abi3 wheels (6.4.x) also install on 3.13; 6.5.0 is the first release tested on it' },
  pynacl: { softReason: 'the 1.5.0 cp36-abi3 wheels also install on 3.13, but that is not confirmed to work' },
  pycryptodome: { softReason: 'older abi3 wheels likely also work on 3.13' },
};

/**
 * The md's list of compiled packages with a pure-Python fallback: old pins still install, only slower.
 * Cython is on that list but left out here: its own row says extension packages need Cython>=3.0.11 to
 * build on 3.13, and an old Cython generates C code that does not compile against 3.13, fallback or not.
 */
const PURE_FALLBACK = ['markupsafe', 'msgpack', 'charset-normalizer', 'wrapt', 'simplejson', 'pyrsistent', 'coverage', 'websockets', 'sqlalchemy', 'tornado'];

/** The first https URL of a `source` cell (`https://x ; issue #94` -> `https://x`). */
export function firstUrl(cell: string): string | undefined {
  return /https:\/\/[^\s;,)]+/.exec(cell)?.[0];
}

interface Row {
  package: string;
  first_version_supporting_313: string;
  kind: string;
  evidence: string;
  source: string;
  confidence: string;
}

/** Parses the table's CSV text into facts keyed by normalised name. */
export function parseSupportTable(csv: string): Map<string, PackageFacts> {
  const rows = csvParse().parse(csv, { columns: true, skip_empty_lines: true, trim: true }) as Row[];
  const table = new Map<string, PackageFacts>();
  for (const row of rows) {
    const name = normalizePackageName(row.package);
    const notes = NOTES[name] ?? {};
    const kind = (['compiled', 'abi3', 'pure'] as const).find((k) => k === row.kind) ?? 'unknown';
    const confidence = (['high', 'medium', 'low'] as const).find((c) => c === row.confidence) ?? 'low';
    const softReason = notes.softReason ?? (PURE_FALLBACK.includes(name) ? 'older releases fall back to pure Python on 3.13, which installs but runs slower' : undefined);
    table.set(name, {
      name,
      firstVersion: row.first_version_supporting_313 || undefined,
      kind,
      confidence,
      docs: firstUrl(row.source),
      excluded: notes.excluded ?? [],
      ...(softReason ? { softReason } : {}),
      ...(notes.replacement ? { replacement: notes.replacement } : {}),
      ...(notes.fixedBy ? { fixedBy: notes.fixedBy } : {}),
      ...(notes.saferPin ? { saferPin: notes.saferPin } : {}),
      ...(notes.wheelsAddedLater ? { wheelsAddedLater: notes.wheelsAddedLater } : {}),
      origin: 'table',
    });
  }
  return table;
}

let shipped: Map<string, PackageFacts> | undefined;

/** The table shipped with PyShift, read once. */
export function supportTable(): ReadonlyMap<string, PackageFacts> {
  shipped ??= parseSupportTable(readFileSync(SUPPORT_TABLE_FILE, 'utf8'));
  return shipped;
}

/**
 * Whether a package has no release that works on 3.13 (empty first version, not an abi3 package without
 * a gate such as polars or cryptography, which the notes say to leave unflagged).
 */
export const hasNoRelease = (f: PackageFacts): boolean => !f.firstVersion && f.kind !== 'abi3';
