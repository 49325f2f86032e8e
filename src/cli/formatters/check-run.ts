// `--format check-run`: what the GitHub App's check run would say for this scan (name, conclusion, title,
// the summary markdown and the annotations), rendered by the same pure code the App publishes with.

import type { ScanResult } from '../../analysis/types.js';
import type { RepoConfig } from '../../config/repo-config.js';
import { renderCheckRun } from '../../report/check-run.js';

export function formatCheckRun(result: ScanResult, config: Pick<RepoConfig, 'annotate' | 'fail_on'>): string {
  const report = renderCheckRun({ result, config });
  const out = [
    `Check run "${report.name}": ${report.conclusion}`,
    `Title: ${report.title}`,
    '',
    '----- summary (markdown) -----',
    report.summary.trimEnd(),
    '----- end of summary -----',
    '',
    `Annotations (${report.annotations.length}):`,
  ];
  for (const a of report.annotations) {
    const column = a.start_column ? `:${a.start_column}` : '';
    out.push(`  ${a.path}:${a.start_line}${column}  ${a.annotation_level}  ${a.title}`);
    out.push(`    ${a.message.split('\n').join('\n    ')}`);
  }
  return `${out.join('\n')}\n`;
}
