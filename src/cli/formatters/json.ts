// `--format json`: the machine-readable contract other tools rely on (see README "CLI").

import type { ScanResult } from '../../analysis/types.js';

export function formatJson(result: ScanResult): string {
  return `${JSON.stringify({
    target: result.target,
    files: result.files,
    findings: result.findings.map(({ rule, path, line, column, endLine, endColumn, severity, message, fix }) => ({
      rule, path, line, column, endLine, endColumn, severity, message, fix,
    })),
    errors: result.errors,
  }, null, 2)}\n`;
}
