// Decides, without I/O, which files of a pull request to read and analyse: changed files some analyzer
// accepts (not removed, not excluded, not too large), plus the unchanged dependency manifests that
// cross-file checks need, with the lines each changed file adds.

import type { Analyzer } from '../analysis/analyzer.js';
import { analyzerFor } from '../analysis/engine.js';
import type { FileError } from '../analysis/types.js';
import type { ChangedLines } from '../report/check-run.js';
import type { ChangedFile, HeadTree } from './changed-files.js';
import { MAX_LISTED_FILES } from './changed-files.js';
import { addedLines } from './patch.js';

/** A file to read at the head commit: by blob id when the tree gave one, else by `SHA:path`. */
export interface PlannedFile {
  path: string;
  oid?: string;
  size?: number;
}

export interface FilePlan {
  /** Changed files to analyse; their findings are reported. */
  analyse: PlannedFile[];
  /** Unchanged files read only for project-wide facts (declared packages); their findings are dropped. */
  manifests: PlannedFile[];
  changedLines: Map<string, ChangedLines>;
  /** Every path of the head commit, for local-module detection. */
  projectPaths: string[];
  /** Changed files skipped before reading them (too large). */
  skipped: FileError[];
  notes: string[];
}

export interface PlanOptions {
  changed: readonly ChangedFile[];
  /** True when GitHub's list stopped at its 3,000-file cap. */
  capped: boolean;
  tree: HeadTree;
  isExcluded: (path: string) => boolean;
  maxFileBytes: number;
  /** Cap on unchanged manifests read for cross-file facts. */
  maxManifests?: number;
  analyzers?: readonly Analyzer[];
}

export const DEFAULT_MAX_MANIFESTS = 100;

/**
 * Plans one pull request's analysis.
 * @param opts Changed files, the head tree, the config's exclusions and the size limit.
 * @returns What to read, the added lines of each analysed file, and notes for the summary.
 */
export function planFiles(opts: PlanOptions): FilePlan {
  const route = (path: string): Analyzer | undefined => analyzerFor(path, ...(opts.analyzers ? [opts.analyzers] : []));
  const plan: FilePlan = { analyse: [], manifests: [], changedLines: new Map(), projectPaths: [], skipped: [], notes: [] };
  const omittedPatch: string[] = [];
  const changedPaths = new Set<string>();

  for (const file of opts.changed) {
    if (file.status === 'removed') continue;
    changedPaths.add(file.path);
    if (opts.isExcluded(file.path) || !route(file.path)) continue;
    const entry = opts.tree.blobs.get(file.path);
    if (entry && entry.size > opts.maxFileBytes) {
      plan.skipped.push({ path: file.path, message: `skipped: ${entry.size} bytes is over the ${opts.maxFileBytes}-byte limit for one file` });
      continue;
    }
    plan.analyse.push({ path: file.path, ...(entry ? { oid: entry.oid, size: entry.size } : {}) });
    if (file.patch !== undefined) plan.changedLines.set(file.path, addedLines(file.patch));
    else if (file.changes > 0 || file.status === 'added') {
      plan.changedLines.set(file.path, 'all');
      omittedPatch.push(file.path);
    } else plan.changedLines.set(file.path, new Set());
  }

  const maxManifests = opts.maxManifests ?? DEFAULT_MAX_MANIFESTS;
  let manifestsLeft = 0;
  for (const [path, entry] of opts.tree.blobs) {
    plan.projectPaths.push(path);
    if (changedPaths.has(path) || opts.isExcluded(path) || entry.size > opts.maxFileBytes || !route(path)?.collect) continue;
    if (plan.manifests.length < maxManifests) plan.manifests.push({ path, oid: entry.oid, size: entry.size });
    else manifestsLeft++;
  }
  for (const path of changedPaths) if (!opts.tree.blobs.has(path)) plan.projectPaths.push(path);

  if (omittedPatch.length > 0) {
    plan.notes.push(`GitHub sent no diff for ${listPaths(omittedPatch)} (too large to show), so every line of ${omittedPatch.length === 1 ? 'that file' : 'those files'} counts as changed.`);
  }
  if (opts.capped) {
    plan.notes.push(`GitHub lists only the first ${MAX_LISTED_FILES.toLocaleString('en-US')} files of a pull request; files after those were not analysed.`);
  }
  if (opts.tree.truncated) {
    plan.notes.push('The repository tree is too large for one request, so the project paths used to recognise local modules are incomplete.');
  }
  if (manifestsLeft > 0) {
    plan.notes.push(`${manifestsLeft} unchanged dependency files were not read (at most ${maxManifests} are), so packages declared only there are unknown to the backport checks.`);
  }
  return plan;
}

function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).map((p) => `\`${p}\``).join(', ');
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more files` : shown;
}
