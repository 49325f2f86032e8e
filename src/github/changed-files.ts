// Reads what a pull request changes and what its head commit contains: the changed files (paginated, up to
// GitHub's 3,000) and the recursive git tree of the head commit (one request: paths, blob ids, sizes).

import type { Context } from 'probot';

export type Octokit = Context['octokit'];

/** Where one analysis reads from: the base repository (forks' commits are reachable there too). */
export interface RepoRef {
  owner: string;
  repo: string;
}

export interface ChangedFile {
  path: string;
  status: string;
  /** Absent when GitHub omits the diff (too large, binary) or the file only moved. */
  patch?: string;
  changes: number;
}

export interface TreeEntry {
  oid: string;
  size: number;
}

export interface HeadTree {
  blobs: Map<string, TreeEntry>;
  /** GitHub truncates recursive trees over 100,000 entries or 7 MB. */
  truncated: boolean;
}

/** GitHub lists at most this many files of a pull request. */
export const MAX_LISTED_FILES = 3000;

/**
 * Lists a pull request's changed files, 100 per page, up to GitHub's 3,000.
 * @returns The files, and whether the list reached GitHub's cap (so more files may have changed).
 */
export async function listChangedFiles(opts: { octokit: Octokit; repo: RepoRef; pullNumber: number; signal?: AbortSignal }): Promise<{ files: ChangedFile[]; capped: boolean }> {
  const files: ChangedFile[] = [];
  const pages = opts.octokit.paginate.iterator(opts.octokit.rest.pulls.listFiles, {
    ...opts.repo,
    pull_number: opts.pullNumber,
    per_page: 100,
    request: { signal: opts.signal },
  });
  for await (const page of pages) {
    for (const f of page.data) {
      files.push({ path: f.filename, status: f.status, changes: f.changes, ...(f.patch !== undefined ? { patch: f.patch } : {}) });
    }
    if (files.length >= MAX_LISTED_FILES) break;
  }
  return { files: files.slice(0, MAX_LISTED_FILES), capped: files.length >= MAX_LISTED_FILES };
}

/** Reads the recursive git tree of `sha`: every blob's path, object id and size. */
export async function fetchHeadTree(opts: { octokit: Octokit; repo: RepoRef; sha: string; signal?: AbortSignal }): Promise<HeadTree> {
  const { data } = await opts.octokit.rest.git.getTree({ ...opts.repo, tree_sha: opts.sha, recursive: 'true', request: { signal: opts.signal } });
  const blobs = new Map<string, TreeEntry>();
  for (const entry of data.tree) {
    if (entry.type === 'blob' && entry.path && entry.sha) blobs.set(entry.path, { oid: entry.sha, size: entry.size ?? 0 });
  }
  return { blobs, truncated: data.truncated };
}
