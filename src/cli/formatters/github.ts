// `--format github`: workflow commands that GitHub Actions turns into annotations.

import type { ScanResult, Severity } from '../../analysis/types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', notice: 'notice' };

/** Escaping from the Actions toolkit (command data and command properties differ). */
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(result: ScanResult): string {
  const lines = result.findings.map((f) => {
    const props = [
      `file=${escapeProperty(f.path)}`,
      `line=${f.line}`,
      `endLine=${f.endLine}`,
      ...(f.line === f.endLine ? [`col=${f.column}`, `endColumn=${f.endColumn}`] : []),
      `title=${escapeProperty(`PyShift ${f.rule}`)}`,
    ];
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(`${f.message}\nFix: ${f.fix}\n${f.docs}`)}`;
  });
  for (const e of result.errors) lines.push(`::warning file=${escapeProperty(e.path)},title=PyShift::${escapeData(e.message)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
