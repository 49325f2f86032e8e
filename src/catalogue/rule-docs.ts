// Renders docs/rules.md, the rule reference, from the catalogue and its fixtures. A test keeps the
// checked-in file identical to this output, so the reference is always current.

import { relative } from 'node:path';
import { listPackFiles, type Ruleset } from '../analysis/ruleset.js';
import type { Rule, RuleKind } from '../analysis/types.js';
import { fixturesOf, type Fixture } from './fixtures.js';

const KIND_TITLES: Record<RuleKind, string> = {
  core: 'Scan rules',
  python: 'Python sources',
  requirements: 'Dependency files',
  dockerfile: 'Dockerfiles',
};

interface Example {
  path: string;
  code: string;
}

/** The first fixture line annotated with `kind` for `id`, with the annotated line as the example. */
function example(fixtures: readonly Fixture[], id: string, kind: 'ruleid' | 'ok'): Example | undefined {
  for (const f of fixtures) {
    const a = f.annotations.find((x) => x.kind === kind && x.ids.includes(id));
    if (a) return { path: f.path, code: f.text.split(/\r\n|\r|\n/)[a.target - 1]!.trim() };
  }
  return undefined;
}

function fence(path: string): string {
  if (/\.pyi?$/.test(path)) return 'python';
  if (/(^|\/)(Dockerfile|Containerfile)|\.Dockerfile$|Dockerfile\./.test(path)) return 'dockerfile';
  if (/\.toml$|Pipfile$/.test(path)) return 'toml';
  if (/\.cfg$/.test(path)) return 'ini';
  return 'text';
}

function versions(rule: Rule): string {
  const parts: string[] = [];
  if (rule.deprecated_in) parts.push(`deprecated in ${rule.deprecated_in}`);
  if (rule.removed_in) parts.push(`removed in ${rule.removed_in}`);
  if (rule.changed_in) parts.push(`changed in ${rule.changed_in}`);
  return parts.join(', ') || 'any version';
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderRuleReference(ruleset: Ruleset): string {
  const out: string[] = [
    '# Rule reference',
    '',
    '<!-- Generated from rules/ by `npm run docs:rules`; a test fails when this file is out of date. Do not edit by hand. -->',
    '',
    `${ruleset.rules.length} rules. Severity is the one reported once the target Python version has removed or changed the thing;`,
    'while a removal is still pending on the target, the rule reports at its pending severity (warning unless stated).',
    'Each rule can be switched off or given another severity in `.github/pyshift.yml` (`rules: { <id>: off | error | warning | notice }`),',
    'and one finding can be suppressed with `# pyshift: ignore[<id>]` on its line.',
    '',
  ];
  const packs = listPackFiles(ruleset.dir).map((file) => ({ name: relative(ruleset.dir, file).split('\\').join('/'), fixtures: fixturesOf(file) }));
  const kinds: RuleKind[] = ['python', 'requirements', 'dockerfile', 'core'];
  for (const kind of kinds) {
    const rules = ruleset.rules.filter((r) => r.kind === kind);
    if (rules.length === 0) continue;
    out.push(`## ${KIND_TITLES[kind]}`, '', '| Rule | Severity | Versions | Title |', '| --- | --- | --- | --- |');
    for (const r of rules) out.push(`| [\`${r.id}\`](#${r.id}) | ${r.severity}${r.pending_severity ? ` (pending: ${r.pending_severity})` : ''} | ${versions(r)} | ${cell(r.title)} |`);
    out.push('');
  }
  for (const kind of kinds) {
    for (const r of ruleset.rules.filter((x) => x.kind === kind)) {
      const fixtures = packs.find((p) => p.name === r.pack)?.fixtures ?? [];
      const bad = example(fixtures, r.id, 'ruleid');
      const good = example(fixtures, r.id, 'ok');
      out.push(`### ${r.id}`, '', `**${r.title}** — ${r.severity}${r.pending_severity ? ` (pending: ${r.pending_severity})` : ''}; ${versions(r)}. Pack: \`rules/${r.pack}\`.`, '');
      out.push(`- Message: ${r.message}`, `- Fix: ${r.fix}`, `- Docs: ${r.docs.startsWith('https://') ? `<${r.docs}>` : r.docs}`, `- Source: \`${r.reference.file}\`, "${r.reference.section}"`, '');
      if (bad) out.push(`Reported (\`${bad.path}\`):`, '', `\`\`\`${fence(bad.path)}`, bad.code, '```', '');
      if (good) out.push(`Not reported (\`${good.path}\`):`, '', `\`\`\`${fence(good.path)}`, good.code, '```', '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
