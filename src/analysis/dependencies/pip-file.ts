// pip's requirements-file format (requirements*.txt, constraints*.txt, pip-tools *.in), read the way pip's
// req_file.py reads it: `\` continuations joined first, then comments (`#` at the start or after
// whitespace) removed, then each logical line split into the requirement and its options.
// https://pip.pypa.io/en/stable/reference/requirements-file-format/

import { posix } from 'node:path';
import { commentStart, linesOf } from './text-positions.js';

/** A logical line: its text and, for every character, the offset in the file it came from. */
interface LogicalLine {
  text: string;
  offsets: number[];
}

export type PipEntry =
  /** A requirement argument (`numpy==1.0 ; marker`, a URL or a path), with its per-requirement options. */
  | { kind: 'requirement'; text: string; offsets: number[]; url: boolean; egg?: string; options: string[] }
  /** `-e URL-or-path`. */
  | { kind: 'editable'; text: string; offsets: number[]; egg?: string }
  /** `-r file` / `-c file`, with the path resolved against the including file's folder. */
  | { kind: 'include'; option: 'requirement' | 'constraint'; target: string; resolved: string; offsets: number[] }
  /** Any other global option (`--index-url`, `--pre`, ...). */
  | { kind: 'option'; name: string; offsets: number[] }
  | { kind: 'error'; message: string; offset: number };

/** Options pip accepts on their own line (src/pip/_internal/req/req_file.py SUPPORTED_OPTIONS). */
const GLOBAL_OPTIONS = new Map<string, boolean>([
  // name -> takes a value
  ['-i', true], ['--index-url', true], ['--extra-index-url', true], ['--no-index', false],
  ['-c', true], ['--constraint', true], ['-r', true], ['--requirement', true], ['-e', true], ['--editable', true],
  ['-f', true], ['--find-links', true], ['--no-binary', true], ['--only-binary', true], ['--prefer-binary', false],
  ['--require-hashes', false], ['--pre', false], ['--trusted-host', true], ['--use-feature', true],
]);

/** Options pip accepts after a requirement on the same line (SUPPORTED_OPTIONS_REQ). */
const REQUIREMENT_OPTIONS = new Map<string, boolean>([
  ['--hash', true], ['--global-option', true], ['--config-settings', true], ['-C', true],
]);

const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|(?:git|hg|svn|bzr)\+|file:|\.{1,2}(?:\/|\\|$)|\/|~|[A-Za-z]:[\\/])/i;
const ARCHIVE = /\.(?:whl|zip|tar\.gz|tgz|tar\.bz2|tar\.xz|tar)$/i;

/** Joins `\` continuations and drops comments, keeping the file offset of every character. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: LogicalLine | undefined;
  for (const { text: raw, start } of linesOf(text)) {
    const isComment = /^\s*#/.test(raw);
    if (raw.endsWith('\\') && !isComment) {
      // pip strips the backslash (line.strip("\\")) and glues the next line on without a space.
      let from = 0;
      while (raw[from] === '\\') from++;
      const body = raw.slice(from, raw.length - 1);
      pending ??= { text: '', offsets: [] };
      pending.text += body;
      for (let i = 0; i < body.length; i++) pending.offsets.push(start + from + i);
      continue;
    }
    const piece: LogicalLine = { text: raw, offsets: Array.from({ length: raw.length }, (_, i) => start + i) };
    const line: LogicalLine = pending ? { text: pending.text + (isComment ? ' ' : '') + raw, offsets: [...pending.offsets, ...(isComment ? [start] : []), ...piece.offsets] } : piece;
    pending = undefined;
    out.push(line);
  }
  if (pending) out.push(pending);
  return out.map((l) => {
    const at = commentStart(l.text, true);
    return at !== undefined ? { text: l.text.slice(0, at), offsets: l.offsets.slice(0, at) } : l;
  });
}

/** Splits on single spaces the way pip's break_args_options does, keeping each token's start index. */
function tokens(text: string): { value: string; index: number }[] {
  const out: { value: string; index: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ value: m[0], index: m.index });
  return out;
}

/** `#egg=name` of a URL or path requirement. */
export function eggName(url: string): string | undefined {
  return /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url)?.[1];
}

/** Resolves an include (`-r base.txt`) against the folder of the including file, `/`-separated. */
export function resolveInclude(fromPath: string, target: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target) || target.startsWith('/')) return target;
  const dir = posix.dirname(fromPath);
  return posix.normalize(dir === '.' ? target : `${dir}/${target}`);
}

/** Reads a pip requirements file into entries; lines pip would reject become `error` entries. */
export function readPipFile(path: string, text: string): PipEntry[] {
  const out: PipEntry[] = [];
  for (const line of logicalLines(text)) {
    const toks = tokens(line.text);
    if (toks.length === 0) continue;
    const at = (i: number): number => line.offsets[i] ?? line.offsets[line.offsets.length - 1] ?? 0;
    const firstOption = toks.findIndex((t) => t.value.startsWith('-'));
    const args = firstOption < 0 ? toks : toks.slice(0, firstOption);
    const options = firstOption < 0 ? [] : toks.slice(firstOption);
    if (args.length > 0) {
      const start = args[0]!.index;
      const end = args[args.length - 1]!.index + args[args.length - 1]!.value.length;
      const argText = line.text.slice(start, end);
      const names: string[] = [];
      let error: string | undefined;
      for (let i = 0; i < options.length; i++) {
        const [name, inline] = options[i]!.value.split(/=(.*)/s, 2) as [string, string | undefined];
        const takesValue = REQUIREMENT_OPTIONS.get(name);
        if (takesValue === undefined) {
          error = `pip does not accept the option \`${name}\` after a requirement (only --hash, --config-settings, --global-option)`;
          out.push({ kind: 'error', message: error, offset: at(options[i]!.index) });
          break;
        }
        if (takesValue && inline === undefined) i++;
        names.push(name);
      }
      if (error) continue;
      const isNameAtUrl = /^[A-Za-z0-9._-]+(\[[^\]]*\])?\s*@/.test(argText);
      const url = !isNameAtUrl && (URL_LIKE.test(argText) || ARCHIVE.test(argText.split(';')[0]!.trim()));
      const egg = url ? eggName(argText) : undefined;
      out.push({ kind: 'requirement', text: argText, offsets: line.offsets.slice(start, end), url, ...(egg ? { egg } : {}), options: names });
      continue;
    }
    for (let i = 0; i < options.length; i++) {
      const tok = options[i]!;
      const eq = /^(--?[A-Za-z][\w-]*)=(.*)$/s.exec(tok.value);
      // Short options take their value glued on too: `-rbase.txt`, `-egit+https://...`.
      const glued = /^(-[A-Za-z])(.+)$/s.exec(tok.value);
      let name = eq?.[1] ?? tok.value;
      let value: { value: string; index: number } | undefined = eq ? { value: eq[2]!, index: tok.index + eq[1]!.length + 1 } : undefined;
      if (!GLOBAL_OPTIONS.has(name) && glued && GLOBAL_OPTIONS.get(glued[1]!)) {
        name = glued[1]!;
        value = { value: glued[2]!, index: tok.index + 2 };
      }
      const takesValue = GLOBAL_OPTIONS.get(name);
      if (takesValue === undefined) {
        out.push({ kind: 'error', message: `pip does not accept the option \`${name}\` in a requirements file`, offset: at(tok.index) });
        break;
      }
      if (takesValue && !value) {
        value = options[i + 1];
        i++;
        if (!value) {
          out.push({ kind: 'error', message: `the option \`${name}\` needs a value`, offset: at(tok.index) });
          break;
        }
      }
      const offsets = line.offsets.slice(tok.index, value ? value.index + value.value.length : tok.index + tok.value.length);
      if (name === '-r' || name === '--requirement' || name === '-c' || name === '--constraint') {
        const option = name.startsWith('-r') || name === '--requirement' ? 'requirement' : 'constraint';
        out.push({ kind: 'include', option, target: value!.value, resolved: resolveInclude(path, value!.value), offsets });
      } else if (name === '-e' || name === '--editable') {
        const egg = eggName(value!.value);
        out.push({ kind: 'editable', text: value!.value, offsets: line.offsets.slice(value!.index, value!.index + value!.value.length), ...(egg ? { egg } : {}) });
      } else {
        out.push({ kind: 'option', name, offsets });
      }
    }
  }
  return out;
}
