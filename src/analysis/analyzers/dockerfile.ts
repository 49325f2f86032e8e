// Dockerfiles (Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile) on dockerfile-ast: Python base
// images below the target, yum on Lambda's Amazon Linux 2023 images, experimental free-threading/JIT
// switches, Azure Functions settings, distribution packages that no longer exist, Python versions written
// into paths, and `pip install` requirements (checked by the requirements rules). Multi-stage aware; global
// ARG defaults are substituted into FROM. What to match comes from rules/dockerfile/*.yaml.

import type { Dockerfile, From, Instruction, Property, PropertyInstruction } from 'dockerfile-ast';
import { lazy } from '../../lazy.js';

const dockerfileAst = lazy<typeof import('dockerfile-ast')>('dockerfile-ast');
import type { AnalysisOutput, Analyzer, AnalyzerContext, FileProblem } from '../analyzer.js';
import type { ActiveRule, RawFinding, Severity, SourceFile } from '../types.js';
import { compareVersions, formatVersion, parseVersion, type PythonVersion } from '../versions.js';
import {
  floatingMeaning, imageForTarget, isBelow, parseImage, recogniseImage, substituteArgs,
  type ArgValue, type BaseImage, type ImageFamily, type Span,
} from './dockerfile-images.js';
import { looksLikeRequirement, pipRequirementWords } from './dockerfile-pip.js';
import { checkRequirementString } from './requirements-check.js';
import {
  baseName, effectiveCall, instructionScript, isPresenceCheck, parseCommands,
  type AndOrList, type Command, type Word,
} from './dockerfile-shell.js';

interface BaseImageRule { rule: ActiveRule; report: 'outdated' | 'floating'; families: ImageFamily[] }
interface PackageManagerRule { rule: ActiveRule; commands: Set<string>; replacements: Set<string>; families: ImageFamily[]; from: PythonVersion; pendingNote: string }
interface ExperimentalRule { rule: ActiveRule; env: Map<string, Set<string>>; xOptions: RegExp[]; words: RegExp[]; errorOn: Set<string>; errorNote: string }
interface VersionedPathRule { rule: ActiveRule; pattern: RegExp }
interface OsPackageRule { rule: ActiveRule; managers: Set<string>; packages: Set<string>; errorOn: RegExp[]; errorNote: string }

/** The active Dockerfile rules, grouped by matcher kind. */
interface Compiled {
  baseImages: BaseImageRule[];
  packageManagers: PackageManagerRule[];
  experimental: ExperimentalRule[];
  settings: Map<string, ActiveRule>;
  osPackages: OsPackageRule[];
  versionedPaths: VersionedPathRule[];
}

/** One build stage: its base image (its own, or that of the earlier stage it builds on). */
interface Stage {
  name?: string;
  image?: BaseImage;
  /** ARG and ENV values set so far in the stage (global ARGs only once redeclared with `ARG NAME`). */
  vars: Map<string, ArgValue>;
}

const DOCKERFILE_NAME = /(^|\/)(?:(?:Dockerfile|Containerfile)(?:\.[^/]+)?|[^/]+\.(?:Dockerfile|dockerfile|Containerfile))$/;
/** Files named like Dockerfiles that are not: BuildKit's per-Dockerfile ignore files and templates. */
const NOT_A_DOCKERFILE = /\.(?:dockerignore|j2|jinja2?|tmpl|tpl|template|erb|md|orig|bak|swp)$/i;
let keywords: Set<string> | undefined;
/** Dockerfile instruction keywords (FROM, RUN…). */
const KEYWORDS = (): Set<string> => (keywords ??= new Set<string>(Object.values(dockerfileAst().Keyword)));
const PYTHON_COMMAND = /^python(\d+(\.\d+)?t?)?$/;
/** Instructions whose text is not run or looked up in the image (FROM is read as an image reference). */
const METADATA = new Set(['FROM', 'LABEL', 'MAINTAINER', 'EXPOSE', 'STOPSIGNAL']);
const ASSIGNMENT_WORD = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

const compiledCache = new WeakMap<readonly ActiveRule[], Compiled>();

function compile(rules: readonly ActiveRule[]): Compiled {
  const cached = compiledCache.get(rules);
  if (cached) return cached;
  const c: Compiled = { baseImages: [], packageManagers: [], experimental: [], settings: new Map(), osPackages: [], versionedPaths: [] };
  for (const rule of rules) {
    const m = rule.match as Record<string, Record<string, unknown>>;
    if (m.base_image) {
      c.baseImages.push({ rule, report: m.base_image.report as 'outdated' | 'floating', families: m.base_image.families as ImageFamily[] });
    } else if (m.package_manager) {
      const p = m.package_manager;
      c.packageManagers.push({
        rule,
        commands: new Set(p.commands as string[]),
        replacements: new Set(p.replacements as string[]),
        families: p.families as ImageFamily[],
        from: parseVersion(p.from as string)!,
        pendingNote: (p.pending_note as string | undefined) ?? '',
      });
    } else if (m.experimental) {
      const x = m.experimental;
      const env = new Map(Object.entries((x.env ?? {}) as Record<string, string[]>).map(([k, v]) => [k, new Set(v)]));
      c.experimental.push({
        rule,
        env,
        xOptions: ((x.x_options ?? []) as string[]).map((s) => new RegExp(s)),
        words: ((x.words ?? []) as string[]).map((s) => new RegExp(s)),
        errorOn: new Set(x.error_on_images as string[]),
        errorNote: (x.error_note as string | undefined) ?? '',
      });
    } else if (m.setting) {
      for (const name of m.setting.names as string[]) c.settings.set(name, rule);
    } else if (m.versioned_path) {
      c.versionedPaths.push({ rule, pattern: new RegExp(m.versioned_path.pattern as string, 'g') });
    } else if (m.os_package) {
      const o = m.os_package;
      c.osPackages.push({
        rule,
        managers: new Set(o.managers as string[]),
        packages: new Set(o.packages as string[]),
        errorOn: ((o.error_on_images ?? []) as string[]).map((s) => new RegExp(s)),
        errorNote: (o.error_note as string | undefined) ?? '',
      });
    }
  }
  compiledCache.set(rules, c);
  return c;
}

/** Converts a dockerfile-ast (LSP, 0-based) range into a 1-based span. */
function toSpan(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Span {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function wordSpan(first: Word, last: Word = first): Span {
  return { line: first.start.line, column: first.start.column, endLine: last.end.line, endColumn: last.end.column };
}

function propertySpan(p: Property): Span {
  const name = p.getNameRange();
  return toSpan({ start: name.start, end: (p.getValueRange() ?? name).end });
}

/** A rule's severity raised to `error`, unless the repository config chose another severity for it. */
function raised(rule: ActiveRule): Severity | undefined {
  return rule.effectiveSeverity === rule.severity ? 'error' : undefined;
}

/** A rule's severity lowered to at most `warning`. */
function lowered(rule: ActiveRule): Severity {
  return rule.effectiveSeverity === 'error' ? 'warning' : rule.effectiveSeverity;
}

/** True when the file is a Dockerfile by name: Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile. */
export function isDockerfilePath(path: string): boolean {
  return DOCKERFILE_NAME.test(path) && !NOT_A_DOCKERFILE.test(path);
}

/** Reads one Dockerfile: stages, instructions and shell commands, reporting through the compiled rules. */
class DockerfileScan {
  readonly findings: RawFinding[] = [];
  readonly problems: FileProblem[] = [];
  private readonly df: Dockerfile;
  private readonly lines: string[];
  private readonly target: string;
  private readonly globalArgs = new Map<string, ArgValue>();
  private readonly stages: Stage[] = [];
  private readonly reportedLines = new Set<string>();

  constructor(file: SourceFile, private readonly c: Compiled, private readonly ctx: AnalyzerContext) {
    this.df = dockerfileAst().DockerfileParser.parse(file.text);
    this.lines = file.text.split(/\r\n|\r|\n/);
    this.target = formatVersion(ctx.target);
  }

  run(): void {
    const instructions = this.df.getInstructions();
    for (const ins of instructions) {
      this.ctx.deadline?.check();
      const keyword = ins.getKeyword();
      if (!KEYWORDS().has(keyword)) {
        this.problem(ins, `\`${ins.getInstruction()}\` is not a Dockerfile instruction, so docker build stops here`);
        continue;
      }
      const stage = this.stages.at(-1);
      if (!METADATA.has(keyword)) this.checkVersionedPaths(ins);
      if (ins instanceof dockerfileAst().From) this.visitFrom(ins);
      else if (ins instanceof dockerfileAst().PropertyInstruction && (keyword === 'ARG' || keyword === 'ENV')) this.visitProperties(ins, stage, keyword === 'ARG');
      else if (keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT') this.visitCommands(ins, stage, keyword === 'RUN');
    }
    const last = instructions.at(-1);
    if (last && this.endsInContinuation(last)) {
      this.problem(last, `the \`${last.getInstruction()}\` instruction ends with a line continuation (\`${this.df.getEscapeCharacter()}\`) but the file ends, so the instruction is unterminated`);
    }
  }

  /** The instruction's last line of content (comments and blank lines are skipped) ends with the escape char. */
  private endsInContinuation(ins: Instruction): boolean {
    const range = ins.getRange();
    for (let l = range.end.line; l >= range.start.line; l--) {
      const line = this.lines[l] ?? '';
      if (l > range.start.line && (line.trim() === '' || /^\s*#/.test(line))) continue;
      return line.trimEnd().endsWith(this.df.getEscapeCharacter());
    }
    return false;
  }

  /**
   * Finding line -> lines of `# pyshift:` comments that cover it. A Dockerfile comment is a line of its own,
   * so comments right above an instruction cover all of its lines, and a comment inside a continuation
   * covers the next line of content.
   */
  suppressionScopes(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    const isComment = (i: number): boolean => /^\s*#/.test(this.lines[i] ?? '');
    const mentions = (i: number): boolean => isComment(i) && this.lines[i]!.includes('pyshift');
    const add = (line: number, comment: number): void => {
      const list = out.get(line + 1);
      if (list) list.push(comment + 1);
      else out.set(line + 1, [comment + 1]);
    };
    if (!this.lines.some((l) => l.includes('pyshift'))) return out;
    for (const ins of this.df.getInstructions()) {
      const { start, end } = ins.getRange();
      for (let c = start.line - 1; c >= 0 && isComment(c); c--) {
        if (mentions(c)) for (let l = start.line; l <= end.line; l++) add(l, c);
      }
      for (let c = start.line + 1; c < end.line; c++) {
        if (!mentions(c)) continue;
        let next = c + 1;
        while (next < end.line && (isComment(next) || this.lines[next]!.trim() === '')) next++;
        add(next, c);
      }
    }
    return out;
  }

  private problem(ins: Instruction, message: string): void {
    // One clear problem per file: the first one stops docker build, later ones may only be its echo.
    if (this.problems.length > 0) return;
    const span = toSpan(ins.getInstructionRange());
    this.problems.push({ line: span.line, column: span.column, message, severity: 'error' });
  }

  /** A rule pack's note with its `{placeholders}` filled (the engine fills only message and fix). */
  private note(template: string, data: Readonly<Record<string, string>>): string | undefined {
    if (!template) return undefined;
    const values: Record<string, string> = { target: this.target, ...data };
    return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  }

  private report(rule: ActiveRule, span: Span, data: Record<string, string>, extra: { severity?: Severity; note?: string } = {}): void {
    this.findings.push({
      rule,
      ...span,
      data: { target: this.target, ...data },
      ...(extra.severity ? { severity: extra.severity } : {}),
      ...(extra.note ? { note: extra.note } : {}),
    });
  }

  // FROM

  private visitFrom(from: From): void {
    const written = from.getImage();
    const range = from.getImageRange();
    const stageName = from.getBuildStage();
    const stage: Stage = { ...(stageName ? { name: stageName.toLowerCase() } : {}), vars: new Map() };
    this.stages.push(stage);
    if (!written || !range) {
      this.problem(from, '`FROM` names no image, so docker build stops here');
      return;
    }
    const parent = this.stages.find((s) => s !== stage && s.name === written.toLowerCase());
    if (parent) {
      if (parent.image) stage.image = parent.image;
      stage.vars = new Map(parent.vars);
      return;
    }
    const used: BaseImage['args'] = [];
    const text = substituteArgs(written, this.globalArgs, used);
    if (text === undefined || text === 'scratch') return;
    const image = parseImage(text, toSpan(range), used);
    if (!image) return;
    stage.image = image;
    for (const r of this.c.baseImages) this.checkBaseImage(r, image);
  }

  private checkBaseImage(r: BaseImageRule, image: BaseImage): void {
    const found = recogniseImage(image, r.families);
    if (!found) return;
    const suggested = imageForTarget(found, this.target);
    const how = this.howToChange(image);
    if (r.report === 'outdated' && isBelow(found, this.ctx.target)) {
      this.report(r.rule, image.span, { image: image.text, found: formatVersion(found.version!), suggested, how });
    } else if (r.report === 'floating' && found.version === undefined && image.digest === undefined) {
      this.report(r.rule, image.span, { image: image.text, meaning: floatingMeaning(found), suggested, how });
    }
  }

  /** How the FROM line changes: through the ARGs it was built from, and re-pinning a digest. */
  private howToChange(image: BaseImage): string {
    const parts: string[] = [];
    const args = [...new Map(image.args.map((a) => [a.name, a])).values()];
    if (args.length > 0) parts.push(` (the image comes from ${args.map((a) => `\`ARG ${a.name}\` on line ${a.line}`).join(' and ')}: change its default)`);
    if (image.digest) parts.push(' and pin the digest of the new image, since the current digest is the old image');
    return parts.join('');
  }

  /** `python3.11`, `/usr/local/lib/python3.11/site-packages`: a version below the target written in the instruction. */
  private checkVersionedPaths(ins: Instruction): void {
    if (this.c.versionedPaths.length === 0) return;
    const { start, end } = ins.getRange();
    const from = ins.getInstructionRange().end.character;
    for (let l = start.line; l <= end.line; l++) {
      this.ctx.deadline?.check();
      const line = this.lines[l] ?? '';
      if (l > start.line && /^\s*#/.test(line)) continue;
      for (const r of this.c.versionedPaths) {
        r.pattern.lastIndex = l === start.line ? from : 0;
        for (let m = r.pattern.exec(line); m; m = r.pattern.exec(line)) {
          const found: PythonVersion = [Number(m.groups!.major), Number(m.groups!.minor)];
          if (compareVersions(found, this.ctx.target) >= 0) continue;
          const text = m[0];
          const version = `${found[0]}.${found[1]}`;
          this.report(r.rule, { line: l + 1, column: m.index + 1, endLine: l + 1, endColumn: m.index + text.length + 1 }, {
            text, found: version, suggested: text.replace(version, this.target),
          });
        }
      }
    }
  }

  // ARG and ENV

  private visitProperties(ins: PropertyInstruction, stage: Stage | undefined, isArg: boolean): void {
    const scope = stage?.vars ?? this.globalArgs;
    for (const p of ins.getProperties()) {
      const name = p.getName();
      const value = p.getValue() ?? undefined;
      // `ARG NAME` in a stage brings the global ARG's default into the stage.
      const inherited = isArg && stage && value === undefined ? this.globalArgs.get(name)?.value : undefined;
      const resolved = value === undefined ? inherited : substituteArgs(value, scope) ?? value;
      scope.set(name, { value: resolved, line: toSpan(ins.getRange()).line });
      const span = propertySpan(p);
      const shown = value === undefined ? name : `${name}=${value}`;
      this.checkSetting(name, span);
      if (resolved !== undefined) this.checkEnv(name, resolved, shown, span, stage);
    }
  }

  private checkSetting(name: string, span: Span): void {
    const rule = this.c.settings.get(name);
    if (rule) this.report(rule, span, { setting: name });
  }

  private checkEnv(name: string, value: string, shown: string, span: Span, stage: Stage | undefined): void {
    for (const r of this.c.experimental) {
      if (r.env.get(name)?.has(value)) this.reportExperimental(r, shown, span, stage);
    }
  }

  private reportExperimental(r: ExperimentalRule, shown: string, span: Span, stage: Stage | undefined): void {
    const image = stage?.image;
    const onErrorImage = image !== undefined && r.errorOn.has(`${image.domain}/${image.repository}`);
    const severity = onErrorImage ? raised(r.rule) : undefined;
    const note = onErrorImage ? this.note(r.errorNote, { image: image.text }) : undefined;
    this.report(r.rule, span, { switch: shown }, { ...(severity ? { severity } : {}), ...(note ? { note } : {}) });
  }

  // RUN, CMD, ENTRYPOINT

  private commandsOf(ins: Instruction, isRun: boolean): Command[] {
    if (ins instanceof dockerfileAst().JSONInstruction && ins.getJSONStrings().length > 0) {
      const words = ins.getJSONStrings().map((j) => {
        const span = toSpan(j.getRange());
        const quoted = span.line === span.endLine;
        const start = { line: span.line, column: span.column + (quoted ? 1 : 0) };
        return { value: j.getJSONValue(), start, end: { line: span.endLine, column: span.endColumn - (quoted ? 1 : 0) }, valueStart: start };
      });
      const list: AndOrList = { commands: [], hasFallback: false };
      const cmd: Command = { assignments: [], words, conditional: false, list };
      list.commands.push(cmd);
      return [cmd];
    }
    // The script starts right after the keyword (dockerfile-ast's getArguments is costly on long RUNs).
    const start = ins.getInstructionRange().end;
    const end = ins.getRange().end.line;
    const script = instructionScript({
      lines: this.lines.slice(start.line, end + 1),
      firstLine: start.line + 1,
      argumentsColumn: start.character,
      escapeChar: this.df.getEscapeCharacter(),
    });
    const commands = parseCommands(script);
    // `RUN --mount=...` flags are not part of the shell script.
    if (isRun) while (commands[0]?.words[0]?.value.startsWith('--')) commands[0].words.shift();
    return commands;
  }

  private visitCommands(ins: Instruction, stage: Stage | undefined, isRun: boolean): void {
    // Shell variables set earlier in the same script (`APT_INSTALL="apt-get install -y" && $APT_INSTALL x`).
    const vars = new Map(stage?.vars ?? []);
    for (const written of this.commandsOf(ins, isRun)) {
      this.ctx.deadline?.check();
      const cmd = expandCommandName(written, vars);
      if (cmd.words.length === 0 || baseName(cmd.words[0]!.value) === 'export') {
        for (const a of [...cmd.assignments, ...cmd.words.slice(1)]) {
          const m = ASSIGNMENT_WORD.exec(a.value);
          if (m) vars.set(m[1]!, { value: m[2]!, line: a.start.line });
        }
      }
      const call = effectiveCall(cmd);
      const assignments = [...call.assignments];
      const name = call.name ? baseName(call.name.value) : undefined;
      if (name === 'export') assignments.push(...call.args.filter((w) => /^[A-Za-z_][A-Za-z0-9_]*(=|$)/.test(w.value)));
      for (const a of assignments) {
        const m = ASSIGNMENT_WORD.exec(a.value);
        const varName = m ? m[1]! : a.value;
        this.checkSetting(varName, wordSpan(a));
        if (m) this.checkEnv(varName, m[2]!, a.value, wordSpan(a), stage);
      }
      this.checkExperimentalWords(cmd, call, name, stage);
      if (!isRun || !call.name || !name) continue;
      this.checkPackageManager(cmd, call.name, name, stage);
      this.checkOsPackages(call.args, name, stage);
      this.checkPipRequirements(call.name, call.args, stage);
    }
  }

  /**
   * `pip install pkg==x`: each requirement word is checked like a requirements-file line (req-* rules).
   * `pkg==${VERSION}` is checked with the stage's ARG/ENV value and reported on the whole word.
   */
  private checkPipRequirements(name: Word, args: Word[], stage: Stage | undefined): void {
    const rules = this.ctx.allRules ?? [];
    for (const w of pipRequirementWords(name, args)) {
      if (!w.value.includes('$')) {
        this.findings.push(...checkRequirementString(w.value, w.valueStart, rules, this.ctx));
        continue;
      }
      const text = substituteArgs(w.value, stage?.vars ?? new Map());
      if (text === undefined || !looksLikeRequirement(text)) continue;
      for (const f of checkRequirementString(text, w.valueStart, rules, this.ctx)) this.findings.push({ ...f, ...wordSpan(w) });
    }
  }

  private checkExperimentalWords(cmd: Command, call: ReturnType<typeof effectiveCall>, name: string | undefined, stage: Stage | undefined): void {
    for (const r of this.c.experimental) {
      for (const w of cmd.words) {
        if (r.words.some((re) => re.test(baseName(w.value)))) this.reportExperimental(r, w.value, wordSpan(w), stage);
      }
      if (!name || !PYTHON_COMMAND.test(name) || r.xOptions.length === 0) continue;
      for (const opt of pythonXOptions(call.args)) {
        if (r.xOptions.some((re) => re.test(opt.value))) this.reportExperimental(r, opt.shown, opt.span, stage);
      }
    }
  }

  private checkPackageManager(cmd: Command, word: Word, name: string, stage: Stage | undefined): void {
    for (const r of this.c.packageManagers) {
      if (!r.commands.has(name) || !stage?.image || isGuarded(cmd, r.replacements)) continue;
      // `yum install ... && yum clean all` is one change on one line: one finding.
      const key = `${r.rule.id}:${word.start.line}`;
      if (this.reportedLines.has(key)) continue;
      this.reportedLines.add(key);
      const found = recogniseImage(stage.image, r.families);
      if (!found?.version) continue;
      const data = { command: name, image: stage.image.text };
      if (compareVersions(found.version, r.from) >= 0) {
        this.report(r.rule, wordSpan(word), data);
      } else if (compareVersions(this.ctx.target, r.from) >= 0) {
        const next = imageForTarget(found, this.target);
        const note = this.note(r.pendingNote, { image: stage.image.text, command: name, next });
        this.report(r.rule, wordSpan(word), { ...data, image: next }, { severity: lowered(r.rule), ...(note ? { note } : {}) });
      }
    }
  }

  private checkOsPackages(args: Word[], name: string, stage: Stage | undefined): void {
    if (!args.some((a) => a.value === 'install')) return;
    for (const r of this.c.osPackages) {
      if (!r.managers.has(name)) continue;
      const image = stage?.image;
      const ref = image ? `${image.repository.replace(/^library\//, '')}:${image.tag ?? 'latest'}` : undefined;
      const onErrorImage = ref !== undefined && r.errorOn.some((re) => re.test(ref));
      for (const a of args) {
        const cut = a.value.search(/[:=]/);
        const pkg = cut < 0 ? a.value : a.value.slice(0, cut);
        if (!r.packages.has(pkg)) continue;
        const severity = onErrorImage ? raised(r.rule) : undefined;
        const note = onErrorImage ? this.note(r.errorNote, { image: image!.text }) : undefined;
        this.report(r.rule, wordSpan(a), { package: pkg }, { ...(severity ? { severity } : {}), ...(note ? { note } : {}) });
      }
    }
  }
}

/**
 * A command whose name is a variable (`$APT_INSTALL python3-distutils`) with the variable's value split
 * into words, each placed where the variable is written; other commands are returned as they are.
 */
function expandCommandName(cmd: Command, vars: ReadonlyMap<string, ArgValue>): Command {
  const first = cmd.words[0];
  if (!first || !first.value.startsWith('$')) return cmd;
  const value = substituteArgs(first.value, vars);
  if (value === undefined) return cmd;
  const words = value.split(/\s+/).filter(Boolean).map((v) => ({ ...first, value: v }));
  return { ...cmd, words: [...words, ...cmd.words.slice(1)] };
}

/** `-X name` / `-Xname` options given to the interpreter before the script, module or `-c` code. */
function pythonXOptions(args: readonly Word[]): { value: string; shown: string; span: Span }[] {
  const out: { value: string; shown: string; span: Span }[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.value;
    if (!a.startsWith('-') || a === '-' || a === '--') break;
    if (a === '-X' && args[i + 1]) {
      out.push({ value: args[i + 1]!.value, shown: `-X ${args[i + 1]!.value}`, span: wordSpan(args[i]!, args[i + 1]!) });
      i++;
    } else if (a.startsWith('-X')) {
      out.push({ value: a.slice(2), shown: a, span: wordSpan(args[i]!) });
    } else if (a === '-c' || a === '-m') {
      break;
    } else if (a === '-W') {
      i++;
    }
  }
  return out;
}

/**
 * A call that does not always run, or whose failure is caught: inside `if`/`case`/loops, or in an
 * and-or list that has a `||` fallback together with a replacement command or a presence check.
 */
function isGuarded(cmd: Command, replacements: ReadonlySet<string>): boolean {
  if (cmd.conditional) return true;
  if (!cmd.list.hasFallback) return false;
  return cmd.list.commands.some((other) => {
    if (other === cmd) return false;
    const name = effectiveCall(other).name;
    return isPresenceCheck(other) || (name !== undefined && replacements.has(baseName(name.value)));
  });
}

export const dockerfileAnalyzer: Analyzer = {
  kind: 'dockerfile',
  accepts: isDockerfilePath,
  analyze(file: SourceFile, rules: readonly ActiveRule[], ctx: AnalyzerContext): AnalysisOutput {
    const scan = new DockerfileScan(file, compile(rules), ctx);
    scan.run();
    return { findings: scan.findings, problems: scan.problems, suppressedBy: scan.suppressionScopes() };
  },
};
