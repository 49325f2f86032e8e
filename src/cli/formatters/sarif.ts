// `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Rule, ScanResult, Severity } from '../../analysis/types.js';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', notice: 'note' };
const INFORMATION_URI = 'https://github.com/pyshift/pyshift';

function descriptor(rule: Rule): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.fix },
    ...(rule.docs.startsWith('https://') ? { helpUri: rule.docs } : {}),
    help: { text: `${rule.title}. ${rule.fix}`, markdown: `**${rule.title}**\n\n${rule.fix}\n\nSee ${rule.docs}` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      kind: rule.kind,
      ...(rule.deprecated_in ? { deprecatedIn: rule.deprecated_in } : {}),
      ...(rule.removed_in ? { removedIn: rule.removed_in } : {}),
    },
  };
}

export function formatSarif(result: ScanResult, rules: readonly Rule[], version: string): string {
  const used = [...new Set(result.findings.map((f) => f.rule))].sort();
  const byId = new Map(rules.map((r) => [r.id, r]));
  const descriptors = used.map((id) => byId.get(id)).filter((r): r is Rule => r !== undefined);
  const index = new Map(descriptors.map((r, i) => [r.id, i]));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'PyShift', version, informationUri: INFORMATION_URI, rules: descriptors.map(descriptor) } },
      columnKind: 'utf16CodeUnits',
      properties: { target: result.target, filesAnalyzed: result.files },
      results: result.findings.map((f) => ({
        ruleId: f.rule,
        ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule)! } : {}),
        level: LEVEL[f.severity],
        message: { text: `${f.message} Fix: ${f.fix}` },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: encodeURI(f.path) },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        }],
      })),
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: result.errors.map((e) => ({
          level: 'warning' as const,
          message: { text: e.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(e.path) } } }],
        })),
      }],
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
