// Keeps the app's one pull-request comment in step with the latest analysis: created once, edited in
// place, marked resolved when the findings are gone; never a new comment per push.

import { isStickyComment, RESOLVED } from '../report/pr-comment.js';
import type { Octokit, RepoRef } from './changed-files.js';

export type CommentAction = 'created' | 'updated' | 'resolved' | 'unchanged' | 'none';

/**
 * Creates, edits or resolves the sticky comment.
 * @param opts `body`: the rendered comment; `hasFindings`: false turns an existing comment into its resolved
 *   form and creates nothing; `write`: refuses the write when a newer analysis has begun.
 * @returns What was done.
 */
export async function syncStickyComment(opts: {
  octokit: Octokit;
  repo: RepoRef;
  pullNumber: number;
  body: string;
  hasFindings: boolean;
  write: <T>(fn: () => Promise<T>) => Promise<T>;
  signal?: AbortSignal;
}): Promise<CommentAction> {
  const { octokit, repo, pullNumber, body, signal } = opts;
  let existing: { id: number; body?: string } | undefined;
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { ...repo, issue_number: pullNumber, per_page: 100, request: { signal } });
  for await (const page of pages) {
    existing = page.data.find((c) => isStickyComment(c.body));
    if (existing) break;
  }
  if (!existing) {
    if (!opts.hasFindings) return 'none';
    await opts.write(() => octokit.rest.issues.createComment({ ...repo, issue_number: pullNumber, body, request: { signal } }));
    return 'created';
  }
  if (existing.body === body || (!opts.hasFindings && existing.body?.includes(RESOLVED))) return 'unchanged';
  await opts.write(() => octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body, request: { signal } }));
  return opts.hasFindings ? 'updated' : 'resolved';
}
