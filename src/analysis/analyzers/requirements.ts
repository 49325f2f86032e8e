// Dependency files (requirements*.txt, constraints*.txt, pip-tools *.in, pyproject.toml, setup.cfg, Pipfile):
// pins that keep a package below its first 3.13 release, packages with no 3.13 release, Python-version
// constraints that exclude the target, Azure Functions packages. Declared packages are recorded in the
// project index first, so that the Python analyzer knows which backports (legacy-cgi...) are declared.

import type { AnalysisOutput, Analyzer, AnalyzerContext } from '../analyzer.js';
import type { Deadline } from '../budget.js';
import type { ProjectIndex } from '../project.js';
import type { ActiveRule, RawFinding, SourceFile } from '../types.js';
import { manifestKind, readManifest, type DeclaredRequirement, type ManifestKind } from '../dependencies/manifests.js';
import { positionsOf } from '../dependencies/text-positions.js';
import { checkParsedRequirement, checkPythonConstraint, type Locate } from './requirements-check.js';

/**
 * Findings for one declaration. A Poetry constraint with alternatives (`^1.0 || ^2.0`) is reported only
 * when every alternative is, with the first alternative's findings.
 */
function checkDeclared(decl: DeclaredRequirement, locate: Locate, rules: readonly ActiveRule[], ctx: AnalyzerContext): RawFinding[] {
  const perAlternative = decl.parsed.map((req) => checkParsedRequirement(req, locate, rules, ctx));
  if (perAlternative.length === 0) return [];
  const ids = (fs: RawFinding[]): string => fs.map((f) => f.rule.id).sort().join(',');
  const first = perAlternative[0]!;
  return perAlternative.every((fs) => ids(fs) === ids(first)) ? first : [];
}

/**
 * The dependency-file analyzer. `includedPipFiles` are files that a scanned requirements file pulls in
 * with -r / -c under a name that does not say so (`-r deps/base.pip`): they are read in pip's format.
 */
export function createRequirementsAnalyzer(includedPipFiles: ReadonlySet<string> = new Set()): Analyzer {
  const kindOf = (path: string): ManifestKind | undefined => manifestKind(path) ?? (includedPipFiles.has(path) ? 'pip' : undefined);
  return {
    kind: 'requirements',
    accepts: (path) => kindOf(path) !== undefined,
    collect: (file, project, deadline) => collectManifest(file, project, kindOf(file.path), deadline),
    analyze: (file, rules, ctx) => analyzeManifest(file, rules, ctx, kindOf(file.path)),
  };
}

export const requirementsAnalyzer: Analyzer = createRequirementsAnalyzer();

/** First pass: every declared package goes into the project index, so the Python analyzer sees backports. */
function collectManifest(file: SourceFile, project: ProjectIndex, kind: ManifestKind | undefined, deadline?: Deadline): void {
  const contents = readManifest(file.path, file.text, kind, deadline);
  const position = positionsOf(file.text);
  for (const decl of contents.requirements) {
    if (decl.key) project.declarePackage(decl.key, { path: file.path, line: position(decl.offset).line });
  }
  if (!project.manifests.includes(file.path)) project.manifests.push(file.path);
}

function analyzeManifest(file: SourceFile, rules: readonly ActiveRule[], ctx: AnalyzerContext, kind: ManifestKind | undefined): AnalysisOutput {
  const contents = readManifest(file.path, file.text, kind, ctx.deadline);
  const locate = positionsOf(file.text);
  const findings: RawFinding[] = [];
  for (const decl of contents.requirements) {
    ctx.deadline?.check();
    findings.push(...checkDeclared(decl, locate, rules, ctx));
  }
  for (const python of contents.pythons) {
    ctx.deadline?.check();
    findings.push(...checkPythonConstraint({ text: python.text, alternatives: python.alternatives, field: python.field }, locate, python, rules, ctx));
  }
  return { findings, problems: contents.problems };
}
