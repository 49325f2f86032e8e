// Finds the files a local scan reads: walks folders, honours .gitignore files (at every level) and
// the config's excludes, and keeps only files some analyzer accepts.

import { readdirSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Ignore } from 'ignore';
import { lazy } from '../lazy.js';

/** The .gitignore matcher, loaded at the first .gitignore. */
const ignoreModule = lazy<typeof import('ignore')>('ignore');

/** Folders no Python project wants scanned even without a .gitignore. */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache']);

export interface CollectedFile {
  /** Absolute path on disk. */
  absolute: string;
  /** Relative to the current directory, `/`-separated: what findings show. */
  display: string;
  /** Relative to the scan root, `/`-separated: what config globs and module lookups use. */
  rooted: string;
}

const toPosix = (p: string): string => p.split(sep).join('/');

/**
 * Collects the files below `root` (a folder) or `root` itself (a file, always kept when accepted).
 * `accepts` decides by path; `isExcluded` gets root-relative paths.
 */
export async function collectFiles(opts: {
  root: string;
  cwd: string;
  accepts: (path: string) => boolean;
  isExcluded: (rootedPath: string) => boolean;
}): Promise<CollectedFile[]> {
  const rootAbs = resolve(opts.cwd, opts.root);
  const info = await stat(rootAbs);
  const make = (abs: string, base: string): CollectedFile => ({
    absolute: abs,
    display: toPosix(relative(opts.cwd, abs)) || toPosix(abs),
    rooted: toPosix(relative(base, abs)),
  });
  if (info.isFile()) {
    const file = make(rootAbs, resolve(rootAbs, '..'));
    return opts.accepts(file.rooted) ? [file] : [];
  }
  const out: CollectedFile[] = [];
  // Paths are built by appending names (relative() per entry cost more than the listing); the folders are
  // read synchronously: a local scan has nothing else to do meanwhile, and a round trip per folder adds up.
  const displayBase = toPosix(relative(opts.cwd, rootAbs));
  // Under the current directory, a display path is the root's plus the rooted one; elsewhere relative() says.
  const under = !displayBase.startsWith('..') && !isAbsolute(displayBase);
  const display = (abs: string, rooted: string): string => (under ? (displayBase ? `${displayBase}/${rooted}` : rooted) : toPosix(relative(opts.cwd, abs)) || toPosix(abs));
  const walk = (dir: string, rootedDir: string, rules: { base: string; ig: Ignore }[]): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    let scoped = rules;
    const gitignore = entries.find((e) => e.isFile() && e.name === '.gitignore');
    if (gitignore) {
      let text = '';
      try {
        text = readFileSync(join(dir, '.gitignore'), 'utf8');
      } catch {
        // unreadable: ignores nothing
      }
      scoped = [...rules, { base: dir, ig: ignoreModule()().add(text) }];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue;
      if (isDir && ALWAYS_SKIPPED.has(entry.name)) continue;
      const abs = join(dir, entry.name);
      const ignored = scoped.some(({ base, ig }) => ig.ignores(toPosix(relative(base, abs)) + (isDir ? '/' : '')));
      if (ignored) continue;
      const rooted = rootedDir ? `${rootedDir}/${entry.name}` : entry.name;
      if (opts.isExcluded(rooted) || (isDir && opts.isExcluded(`${rooted}/`))) continue;
      if (isDir) walk(abs, rooted, scoped);
      else if (opts.accepts(rooted)) out.push({ absolute: abs, display: display(abs, rooted), rooted });
    }
  };
  walk(rootAbs, '', []);
  return out;
}
