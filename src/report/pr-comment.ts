// Pure rendering of the optional sticky pull-request comment (`comment: on-findings`): a short summary that
// links to the check run, edited in place on every push, and marked resolved when the findings are gone.

import type { CheckRunReport } from './check-run.js';

/** Hidden marker that identifies the app's one comment on a pull request. */
export const COMMENT_MARKER = '<!-- pyshift:sticky-comment -->';
const MAX_RULES = 10;
/** Marks the resolved form of the comment. */
export const RESOLVED = '✅ **Resolved**';

/**
 * The comment for a scan with findings, or the "resolved" comment when it has none.
 * @param opts The rendered check run, its URL (when GitHub gave one) and the analysed commit.
 * @returns The comment body (markdown, starting with the marker).
 */
export function renderPrComment(opts: { report: CheckRunReport; checkRunUrl?: string | null; headSha: string }): string {
  const { report } = opts;
  const commit = `\`${opts.headSha.slice(0, 7)}\``;
  const link = opts.checkRunUrl ? `[the check run](${opts.checkRunUrl})` : 'the check run';
  const lines = [COMMENT_MARKER, `### PyShift: ${report.name}`, ''];
  const all = [...report.counted, ...report.others];
  if (all.length === 0) {
    lines.push(`${RESOLVED}: as of commit ${commit}, the files this pull request changes have no findings.`);
    return lines.join('\n');
  }
  const verdict = report.conclusion === 'failure' ? '❌ This pull request fails the check' : '⚠️ Findings to review';
  lines.push(`${verdict}: ${report.title} (commit ${commit}).`, '', '| Rule | Findings |', '|---|---|');
  const byRule = new Map<string, number>();
  for (const f of all) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const sorted = [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [rule, n] of sorted.slice(0, MAX_RULES)) lines.push(`| \`${rule}\` | ${n} |`);
  if (sorted.length > MAX_RULES) lines.push(`| … ${sorted.length - MAX_RULES} more rules | |`);
  lines.push('', `See ${link} for each finding and what to do instead. This comment is updated on every push.`);
  return lines.join('\n');
}

/** True when a comment body is the app's sticky comment. */
export function isStickyComment(body: string | null | undefined): boolean {
  return body?.startsWith(COMMENT_MARKER) ?? false;
}
