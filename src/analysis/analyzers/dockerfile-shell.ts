// The shell side of a Dockerfile: the script of a RUN/CMD/ENTRYPOINT instruction with every character
// mapped back to its line and column, split into words and simple commands, with the context that
// decides whether a command always runs (inside `if`, after `||`, next to a presence check).

/** A 1-based position in the Dockerfile. */
export interface Position {
  line: number;
  column: number;
}

/** One shell word: its value with quotes and escapes removed, and where it is written. */
export interface Word {
  value: string;
  start: Position;
  end: Position;
  /** Where the first character of `value` is written (after an opening quote). */
  valueStart: Position;
}

/** A simple command: leading `NAME=value` assignments, then the command name and its arguments. */
export interface Command {
  assignments: Word[];
  words: Word[];
  /** Inside an `if`/`case`/`while`/`until` body or condition: it does not always run. */
  conditional: boolean;
  /** The and-or list (`a && b || c`) this command belongs to, shared by its members. */
  list: AndOrList;
}

export interface AndOrList {
  commands: Command[];
  /** True when a `||` joins two of its commands: something in it is a fallback. */
  hasFallback: boolean;
}

/** A script with a position for each of its characters (offset `text.length` is the end). */
export interface Script {
  text: string;
  positions: Position[];
}

/** The Dockerfile text of one instruction, as lines with their 1-based numbers. */
export interface InstructionText {
  lines: readonly string[];
  /** Line number of `lines[0]`. */
  firstLine: number;
  /** Column (0-based) in `lines[0]` where the instruction's arguments start. */
  argumentsColumn: number;
  escapeChar: string;
}

const COMMENT_LINE = /^\s*#/;
const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z_][\w.-]*)\2/;

/**
 * The shell script of an instruction in shell form: continuation lines joined (escape char + newline
 * removed, as Docker does), comment lines inside a continuation dropped, heredoc bodies kept as lines.
 */
export function instructionScript(src: InstructionText): Script {
  const text: string[] = [];
  const positions: Position[] = [];
  const append = (line: string, lineNo: number, from: number, to: number): void => {
    for (let c = from; c < to; c++) {
      text.push(line[c]!);
      positions.push({ line: lineNo, column: c + 1 });
    }
  };
  const heredoc = HEREDOC.exec(src.lines[0]!.slice(src.argumentsColumn));
  let i = 0;
  let from = src.argumentsColumn;
  for (; i < src.lines.length; i++) {
    const line = src.lines[i]!;
    const lineNo = src.firstLine + i;
    // Docker drops comment lines and empty lines inside a continuation.
    if (i > 0 && (COMMENT_LINE.test(line) || line.trim() === '')) continue;
    const trimmed = line.trimEnd();
    const continued = trimmed.endsWith(src.escapeChar);
    append(line, lineNo, from, continued ? trimmed.length - 1 : line.length);
    from = 0;
    if (!continued) break;
  }
  if (heredoc) {
    const stripTabs = heredoc[1] === '-';
    for (i += 1; i < src.lines.length; i++) {
      const line = src.lines[i]!;
      const lineNo = src.firstLine + i;
      const end = positions.at(-1);
      text.push('\n');
      positions.push({ line: end ? end.line : lineNo, column: end ? end.column + 1 : 1 });
      if ((stripTabs ? line.replace(/^\t+/, '') : line) === heredoc[3]) break;
      append(line, lineNo, 0, line.length);
    }
  }
  const last = positions.at(-1);
  positions.push(last ? { line: last.line, column: last.column + 1 } : { line: src.firstLine, column: src.argumentsColumn + 1 });
  return { text: text.join(''), positions };
}

type Token = { kind: 'word'; word: Word; raw: string } | { kind: 'op'; op: string };

const OPERATORS = ['&&', '||', ';;', '<<', '>>', '>&', '<&', '&>', ';', '&', '|', '(', ')', '\n', '<', '>'];
const WORD_END = /[\s;&|()<>]/;

/** Splits a script into words and operators; quotes, escapes, `$(...)` and backquotes stay inside a word. */
export function tokenize(script: Script): Token[] {
  const { text, positions } = script;
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      tokens.push({ kind: 'op', op: '\n' });
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', op });
      i += op.length;
      continue;
    }
    const start = i;
    let value = '';
    let valueIndex: number | undefined;
    const mark = (index: number): void => {
      if (valueIndex === undefined) valueIndex = index;
    };
    while (i < text.length && !WORD_END.test(text[i]!)) {
      const c = text[i]!;
      if (c === '\\') {
        mark(i + 1);
        value += text[i + 1] ?? '';
        i += 2;
      } else if (c === "'") {
        const close = text.indexOf("'", i + 1);
        const stop = close < 0 ? text.length : close;
        mark(i + 1);
        value += text.slice(i + 1, stop);
        i = stop + 1;
      } else if (c === '"') {
        i++;
        mark(i);
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) i++;
          value += text[i] ?? '';
          i++;
        }
        i++;
      } else if (c === '$' && text[i + 1] === '(') {
        mark(i);
        const stop = closingParen(text, i + 1);
        value += text.slice(i, stop + 1);
        i = stop + 1;
      } else if (c === '`') {
        mark(i);
        const close = text.indexOf('`', i + 1);
        const stop = close < 0 ? text.length : close;
        value += text.slice(i, stop + 1);
        i = stop + 1;
      } else {
        mark(i);
        value += c;
        i++;
      }
    }
    const endIndex = Math.min(i, text.length);
    // An IO number (`2>&1`) belongs to the redirection, not to the command.
    if (/^\d+$/.test(text.slice(start, endIndex)) && /[<>]/.test(text[endIndex] ?? '')) continue;
    const last = positions[endIndex - 1]!;
    tokens.push({
      kind: 'word',
      raw: text.slice(start, endIndex),
      word: {
        value,
        start: positions[start]!,
        end: { line: last.line, column: last.column + 1 },
        valueStart: positions[Math.min(valueIndex ?? start, text.length)]!,
      },
    });
  }
  return tokens;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const OPENERS = new Set(['if', 'case', 'while', 'until']);
const CLOSERS = new Set(['fi', 'esac', 'done']);
const SEPARATORS = new Set([';', '&', '\n', ';;']);
/** Grouping: `( a && b ) || c` and `{ a; b; } || c` are one and-or list. */
const GROUP_OPEN = new Set(['(', '{']);
const GROUP_CLOSE = new Set([')', '}']);
const REDIRECTIONS = new Set(['<', '>', '>>', '<<', '>&', '<&', '&>']);
/** Reserved words that may start a command and are not its name. */
const PREFIX_WORDS = new Set(['then', 'else', 'elif', 'do', '!', 'in']);

/** Splits a script into simple commands with their and-or lists and whether they run conditionally. */
export function parseCommands(script: Script): Command[] {
  const commands: Command[] = [];
  let depth = 0;
  let groups = 0;
  let list: AndOrList = { commands: [], hasFallback: false };
  let current: Command | undefined;
  let afterRedirection = false;
  const endList = (): void => {
    if (groups === 0) list = { commands: [], hasFallback: false };
  };
  const group = (value: string): boolean => {
    if (GROUP_OPEN.has(value)) groups++;
    else if (GROUP_CLOSE.has(value)) groups = Math.max(0, groups - 1);
    else return false;
    current = undefined;
    return true;
  };
  for (const token of tokenize(script)) {
    if (token.kind === 'op') {
      if (REDIRECTIONS.has(token.op)) {
        afterRedirection = true;
        continue;
      }
      current = undefined;
      if (group(token.op)) continue;
      if (token.op === '||') list.hasFallback = true;
      else if (SEPARATORS.has(token.op)) endList();
      continue;
    }
    if (afterRedirection) {
      afterRedirection = false;
      continue;
    }
    const { word } = token;
    if (!current) {
      if (group(word.value)) continue;
      if (OPENERS.has(word.value)) {
        depth++;
        continue;
      }
      if (CLOSERS.has(word.value)) {
        depth = Math.max(0, depth - 1);
        endList();
        continue;
      }
      if (PREFIX_WORDS.has(word.value)) continue;
      current = { assignments: [], words: [], conditional: depth > 0, list };
      list.commands.push(current);
      commands.push(current);
    }
    if (current.words.length === 0 && ASSIGNMENT.test(token.raw)) current.assignments.push(word);
    else current.words.push(word);
  }
  return commands;
}

/** The word's value without a directory (`/usr/bin/yum` -> `yum`). */
export function baseName(value: string): string {
  return value.slice(value.lastIndexOf('/') + 1);
}

/** Wrappers that run the next word as the command (`sudo yum`, `env X=1 python`, `exec python`). */
const WRAPPERS = new Set(['sudo', 'exec', 'env', 'nice', 'nohup', 'time', 'command', 'xargs']);

/**
 * The command name and its arguments after wrappers such as `sudo` and `env X=1`; assignments
 * written after `env` are returned too. `command -v x` is a presence check, not a call of x.
 */
export function effectiveCall(cmd: Command): { name: Word | undefined; args: Word[]; assignments: Word[] } {
  const assignments = [...cmd.assignments];
  let k = 0;
  while (k < cmd.words.length) {
    const name = baseName(cmd.words[k]!.value);
    if (name === 'command' && /^-[vV]$/.test(cmd.words[k + 1]?.value ?? '')) break;
    if (!WRAPPERS.has(name)) break;
    k++;
    while (k < cmd.words.length && (cmd.words[k]!.value.startsWith('-') || ASSIGNMENT.test(cmd.words[k]!.value))) {
      if (ASSIGNMENT.test(cmd.words[k]!.value)) assignments.push(cmd.words[k]!);
      k++;
    }
  }
  return { name: cmd.words[k], args: cmd.words.slice(k + 1), assignments };
}

/** Commands that test whether a program exists (`command -v dnf`, `which yum`, `[ -x /usr/bin/dnf ]`). */
export function isPresenceCheck(cmd: Command): boolean {
  const first = cmd.words[0]?.value;
  if (first === undefined) return false;
  const name = baseName(first);
  if (name === 'command') return /^-[vV]$/.test(cmd.words[1]?.value ?? '');
  return ['which', 'type', 'hash', 'test', '[', '[['].includes(name);
}
