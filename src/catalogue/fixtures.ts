// The annotated example files beside each rule pack, which are the rules' tests and documentation
// examples: `# ruleid: <id>` above a line that must be reported, `# ok: <id>` above one that must not.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

export type AnnotationKind = 'ruleid' | 'ok' | 'todoruleid' | 'todook';

export interface Annotation {
  kind: AnnotationKind;
  ids: string[];
  /** Line of the comment (1-based). */
  line: number;
  /** Line the annotation is about: the next line that is not an annotation. */
  target: number;
}

export interface Fixture {
  /** Path inside the fixture (what the engine sees). */
  path: string;
  /** Path on disk. */
  file: string;
  text: string;
  annotations: Annotation[];
  /** Target version from a `# pyshift-test: target=3.12` line; default 3.13. */
  target: string;
}

/** Accepts spacing drift (`#ruleid:x`, `# ruleid : x, y`); `lint` reports the non-canonical spellings. */
const ANNOTATION = /^\s*#\s*(ruleid|ok|todoruleid|todook)\s*:([a-z0-9,\s-]+)$/;
const CANONICAL = /^\s*# (ruleid|ok|todoruleid|todook): [a-z0-9-]+(, [a-z0-9-]+)*$/;
const TARGET = /^[ \t]*#[ \t]*pyshift-test:[ \t]*target=(\d+\.\d+)[ \t]*$/m;

export function parseAnnotations(text: string): { annotations: Annotation[]; nonCanonical: number[] } {
  const lines = text.split(/\r\n|\r|\n/);
  const annotations: Annotation[] = [];
  const nonCanonical: number[] = [];
  let pending: Omit<Annotation, 'target'>[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ANNOTATION.exec(lines[i]!);
    if (m) {
      pending.push({ kind: m[1] as AnnotationKind, ids: m[2]!.split(',').map((s) => s.trim()).filter(Boolean), line: i + 1 });
      if (!CANONICAL.test(lines[i]!)) nonCanonical.push(i + 1);
      continue;
    }
    for (const a of pending) annotations.push({ ...a, target: i + 1 });
    pending = [];
  }
  for (const a of pending) annotations.push({ ...a, target: a.line });
  return { annotations, nonCanonical };
}

function readFixture(file: string, path: string): Fixture {
  const text = readFileSync(file, 'utf8');
  return { path, file, text, annotations: parseAnnotations(text).annotations, target: TARGET.exec(text)?.[1] ?? '3.13' };
}

/**
 * The fixtures of the pack at `packFile` (`x.yaml`): files `x.<anything>` beside it, and every file
 * under a folder `x/` beside it (for fixtures that need real file names such as `requirements.txt`).
 */
export function fixturesOf(packFile: string): Fixture[] {
  const dir = dirname(packFile);
  const stem = basename(packFile).replace(/\.ya?ml$/, '');
  const out: Fixture[] = [];
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (name === basename(packFile)) continue;
    if (statSync(abs).isDirectory()) {
      if (name !== stem) continue;
      const walk = (d: string): void => {
        for (const entry of readdirSync(d).sort()) {
          const p = join(d, entry);
          if (statSync(p).isDirectory()) walk(p);
          else out.push(readFixture(p, relative(abs, p).split(sep).join('/')));
        }
      };
      walk(abs);
    } else if (name.startsWith(`${stem}.`) && !/\.ya?ml$/.test(name)) {
      out.push(readFixture(abs, name));
    }
  }
  return out;
}
