// `--format text`: for people. Grouped by file, colour only on a terminal, a summary line at the end.

import type { Finding, ScanResult, Severity } from '../../analysis/types.js';

const COLOURS: Record<Severity | 'dim' | 'bold', string> = { error: '31', warning: '33', notice: '36', dim: '2', bold: '1' };

export function formatText(result: ScanResult, opts: { colour: boolean }): string {
  const paint = (what: keyof typeof COLOURS, s: string): string => (opts.colour ? `\u001b[${COLOURS[what]}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFile.get(f.path);
    if (list) list.push(f);
    else byFile.set(f.path, [f]);
  }
  for (const [path, findings] of byFile) {
    out.push(paint('bold', path));
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(8);
      out.push(`  ${paint('dim', where)}${paint(f.severity, f.severity.padEnd(8))}${f.message}  ${paint('dim', f.rule)}`);
      out.push(`  ${' '.repeat(16)}${paint('dim', 'fix:')} ${f.fix}`);
    }
    out.push('');
  }
  if (result.errors.length > 0) {
    out.push(paint('bold', 'Files not analysed'));
    for (const e of result.errors) out.push(`  ${e.path}: ${e.message}`);
    out.push('');
  }
  const count = (s: Severity): number => result.findings.filter((f) => f.severity === s).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = result.findings.length === 0
    ? `No problems for Python ${result.target} in ${plural(result.files, 'file')}.`
    : `${plural(result.findings.length, 'finding')} for Python ${result.target} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('notice'), 'notice')}) in ${plural(byFile.size, 'file')} of ${plural(result.files, 'file')} analysed.`;
  out.push(paint(count('error') > 0 ? 'error' : 'bold', summary));
  if (result.errors.length > 0) out.push(`${plural(result.errors.length, 'file')} could not be analysed (listed above).`);
  return `${out.join('\n')}\n`;
}
