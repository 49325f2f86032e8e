// A Python module's statements at every depth, found by a small tokenizer (strings, f-strings with PEP 701
// nesting, brackets, comments, backslash continuations) and the indentation of its logical lines, without
// parsing; and where its comments and plain strings are. The Python analyzer uses them to parse only the
// statements a rule can match: most of a large file is never handed to tree-sitter. Pure and linear in
// the length of the text.

const enum Mode { Code, Str, FExpr, FSpec }

/**
 * A list of int32 offsets that grows by doubling: the tokenizer records hundreds of thousands of offsets per
 * standard library, and plain arrays grown by push() were most of the garbage of a scan.
 */
class Offsets {
  private data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** The offsets recorded so far (a view, not a copy). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** A string, or a replacement field of an f-string (`{...}`), that the tokenizer is inside of. */
interface Frame {
  mode: Mode;
  /** The quote character of the string this frame belongs to. */
  quote: number;
  triple: boolean;
  raw: boolean;
  /** An f-string or t-string: `{` opens a replacement field. */
  formatted: boolean;
  /** Brackets opened inside a replacement field (a `}` or `:` at depth 0 belongs to the field). */
  depth: number;
  /** Where the string starts (its opening quote). */
  start: number;
}

const NL = 10;
const CR = 13;
const BACKSLASH = 92;
const HASH = 35;
const SQ = 39;
const DQ = 34;
const LBRACE = 123;
const RBRACE = 125;
const AT = 64;

/** An identifier character of Python source (ASCII letters, digits, `_`, and any non-ASCII character). */
export const isWordChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;

/** Clauses that continue the compound statement above them when they start a line at column 0. */
const CONTINUATIONS = /^(?:else|elif|except|finally)(?![\w\u0080-\uffff])/;

/** Runs of characters with nothing to track: in code, in a '- or "-string, in the literal part of an f-string. */
const SKIP_CODE = /[^'"#\\\n\r()[\]{}:]+/y;
/** The same in the module's own code, where a colon needs no attention (it starts a format spec only in a field). */
const SKIP_MODULE_CODE = /[^'"#\\\n\r()[\]{}]+/y;
const SKIP_COMMENT = /[^\n\r]*/y;
const SKIP_SQ = /[^'\\\n\r]+/y;
const SKIP_DQ = /[^"\\\n\r]+/y;
const SKIP_SQ_F = /[^'\\\n\r{}]+/y;
const SKIP_DQ_F = /[^"\\\n\r{}]+/y;

const STRING_PREFIX = /^(?:[rRuUbBfFtT]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF]|[tT][rR]|[rR][tT])$/;

/** The logical lines of a module that hold code: where each starts (column 0) and where its code starts. */
export interface LogicalLines {
  lineStarts: Int32Array;
  codeStarts: Int32Array;
  /** Where each logical line ends: after the line break of its last physical line (or the end of the text). */
  codeEnds: Int32Array;
  /**
   * Where no code is, as [start, end) offset pairs in text order: the comments, and the plain string
   * literals of the module's own code (not f-strings, nor strings inside them).
   */
  nonCode: Int32Array;
  /** The lines that hold only a comment, as [line start, comment end) pairs in text order. */
  commentLines: Int32Array;
  /** Whether some line is indented with a tab or a form feed. */
  tabs: boolean;
}

/**
 * The logical lines of the module that hold code (not blank, not only a comment): a physical line that
 * is not inside a string or brackets and does not follow a backslash continuation. Tokenized the way
 * Python 3.12+ does (string prefixes, triple quotes, f-strings with nested quotes and format specs,
 * `\N{...}` escapes). Returns undefined when the text ends inside a string or brackets, or a bracket
 * closes that never opened: then the caller parses the whole file.
 */
export function logicalLines(text: string): LogicalLines | undefined {
  // About one logical line per 40 characters of Python: the lists rarely need to grow.
  const estimate = text.length >> 5;
  const lineStarts = new Offsets(estimate);
  const codeStarts = new Offsets(estimate);
  const codeEnds = new Offsets(estimate);
  /** Whether the last logical line has not ended yet. */
  let inLine = false;
  const nonCode = new Offsets(estimate);
  const commentLines = new Offsets(estimate >> 2);
  let tabs = false;
  const n = text.length;
  const stack: Frame[] = [];
  let frame: Frame | undefined;
  let depth = 0;
  let lineStart = true;
  let i = 0;

  const push = (f: Frame): void => {
    stack.push(f);
    frame = f;
  };
  const pop = (): void => {
    stack.pop();
    frame = stack[stack.length - 1];
  };
  /** Skips the run of characters `pattern` (sticky) matches at `i`. */
  const skip = (pattern: RegExp): void => {
    pattern.lastIndex = i;
    if (pattern.test(text)) i = pattern.lastIndex;
  };

  while (i < n) {
    if (frame && frame.mode !== Mode.FExpr) {
      skip(frame.formatted ? (frame.quote === SQ ? SKIP_SQ_F : SKIP_DQ_F) : frame.quote === SQ ? SKIP_SQ : SKIP_DQ);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        const next = text.charCodeAt(i + 1);
        if (frame.formatted && !frame.raw && next === 78 && text.charCodeAt(i + 2) === LBRACE) {
          // `\N{NAME}` in an f-string is a character name, not a replacement field.
          const close = text.indexOf('}', i + 3);
          i = close < 0 ? n : close + 1;
          continue;
        }
        // A backslash keeps the next character in the string, except a brace of an f-string.
        i += frame.formatted && (next === LBRACE || next === RBRACE) ? 1 : 2;
        continue;
      }
      if (c === frame.quote) {
        if (frame.mode === Mode.Str && (!frame.triple || (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c))) {
          i += frame.triple ? 3 : 1;
          if (stack.length === 1 && !frame.formatted) {
            nonCode.push(frame.start);
            nonCode.push(i);
          }
          pop();
          continue;
        }
        i++;
        continue;
      }
      if (c === NL || c === CR) {
        if (!frame.triple) return undefined;
        i++;
        continue;
      }
      if (c === LBRACE) {
        if (frame.mode === Mode.Str && text.charCodeAt(i + 1) === LBRACE) {
          i += 2;
          continue;
        }
        push({ ...frame, mode: Mode.FExpr, depth: 0, start: i });
        i++;
        continue;
      }
      // A closing brace: doubled in the literal part, or the end of a format spec and of its replacement field.
      if (frame.mode === Mode.Str) i += text.charCodeAt(i + 1) === RBRACE ? 2 : 1;
      else {
        pop();
        i++;
      }
      continue;
    }

    // Code: the module's own code (no frame) or a replacement field's expression.
    if (lineStart) {
      lineStart = false;
      let j = i;
      for (let ch = text.charCodeAt(j); ch === 32 || ch === 9 || ch === 12; ch = text.charCodeAt(++j)) if (ch !== 32) tabs = true;
      const first = text.charCodeAt(j);
      if (first === HASH) {
        const from = i;
        i = j;
        skip(SKIP_COMMENT);
        nonCode.push(j);
        nonCode.push(i);
        commentLines.push(from);
        commentLines.push(i);
        continue;
      }
      if (j < n && first !== NL && first !== CR) {
        lineStarts.push(i);
        codeStarts.push(j);
        inLine = true;
      }
      i = j;
      continue;
    }
    skip(frame ? SKIP_CODE : SKIP_MODULE_CODE);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === NL || c === CR) {
      i += c === CR && text.charCodeAt(i + 1) === NL ? 2 : 1;
      if (!frame && depth === 0) {
        lineStart = true;
        if (inLine) codeEnds.push(i);
        inLine = false;
      }
      continue;
    }
    if (c === HASH) {
      const from = i;
      skip(SKIP_COMMENT);
      nonCode.push(from);
      nonCode.push(i);
      // A comment alone on its line inside brackets.
      let b = from;
      while (b > 0 && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9 || text.charCodeAt(b - 1) === 12)) b--;
      if (b === 0 || text.charCodeAt(b - 1) === NL || text.charCodeAt(b - 1) === CR) {
        commentLines.push(b);
        commentLines.push(i);
      }
      continue;
    }
    if (c === BACKSLASH) {
      // A continuation: the next line belongs to this statement.
      i++;
      if (text.charCodeAt(i) === CR) i++;
      if (text.charCodeAt(i) === NL) i++;
      continue;
    }
    if (c === SQ || c === DQ) {
      // The string's prefix is the word right before the quote (`rb'...'`, `f"..."`), if any.
      let w = i;
      while (w > 0 && isWordChar(text.charCodeAt(w - 1))) w--;
      const prefix = i - w <= 2 && STRING_PREFIX.test(text.slice(w, i)) ? text.slice(w, i).toLowerCase() : '';
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      push({ mode: Mode.Str, quote: c, triple, raw: prefix.includes('r'), formatted: prefix.includes('f') || prefix.includes('t'), depth: 0, start: i });
      i += triple ? 3 : 1;
      continue;
    }
    if (c === 40 || c === 91 || c === LBRACE) {
      if (frame) frame.depth++;
      else depth++;
      i++;
      continue;
    }
    if (c === 41 || c === 93 || c === RBRACE) {
      if (frame) {
        if (c === RBRACE && frame.depth === 0) {
          pop();
          i++;
          continue;
        }
        if (frame.depth === 0) return undefined;
        frame.depth--;
      } else {
        if (depth === 0) return undefined;
        depth--;
      }
      i++;
      continue;
    }
    // A colon.
    if (frame && frame.depth === 0) {
      // A format spec (`{x:>10}`, `{x:=^9}`): text that may hold nested replacement fields.
      frame.mode = Mode.FSpec;
    }
    i++;
  }
  if (inLine) codeEnds.push(n);
  return stack.length === 0 && depth === 0
    ? { lineStarts: lineStarts.view(), codeStarts: codeStarts.view(), codeEnds: codeEnds.view(), nonCode: nonCode.view(), commentLines: commentLines.view(), tabs }
    : undefined;
}

/**
 * A module's statements at every depth, for parsing only some of them: each unit is one logical line that
 * starts a statement or a clause (`else:`, `except E:`…; decorators join their definition's line), and
 * spans to the next unit, so unit k is [starts[k], starts[k + 1]) and the last one runs to the end of
 * the text. A compound statement's header unit is followed by the units of its body (its descendants,
 * up to `after[k]`), then by its other clauses.
 */
export interface StatementTree {
  /** Where each unit starts: a line start, the first one 0. */
  starts: Int32Array;
  /** Where each unit's code starts (after its indentation). */
  codes: Int32Array;
  /** The header unit whose body holds unit k; -1 at module level. */
  parents: Int32Array;
  /** For a clause (`elif`, `else`, `except`, `finally`): the first unit of its compound statement; else k. */
  heads: Int32Array;
  /** The first unit after unit k's body: k + 1 for a unit without one. */
  after: Int32Array;
  /** Where unit k's own code ends (its last logical line, line break included); comment and blank lines after it are not part of it. */
  ends: Int32Array;
  /** Comments and plain string literals, as [start, end) pairs (see LogicalLines). */
  nonCode: Int32Array;
}

/**
 * The statement tree of a module (see StatementTree), nested by indentation over the logical lines.
 * Returns undefined when the text cannot be split safely (ends inside a string or brackets, an
 * unexpected indent or a dedent to no enclosing level, indentation that mixes tabs inconsistently):
 * then the caller parses the whole file.
 */
export function statementTree(text: string, lines: LogicalLines | undefined = logicalLines(text)): StatementTree | undefined {
  if (!lines) return undefined;
  const { lineStarts, codeStarts, tabs } = lines;
  const count = lineStarts.length;
  // Spaces only (the usual case): indentation compares by width. With tabs or form feeds, one line's
  // indentation must also be a prefix of the other's, as Python requires.
  /** 1: line a is indented deeper than line b; 0: the same; -1: less; undefined: inconsistently. */
  const compare = (a: number, b: number): number | undefined => {
    const wa = codeStarts[a]! - lineStarts[a]!;
    const wb = codeStarts[b]! - lineStarts[b]!;
    if (tabs) {
      const la = lineStarts[a]!;
      const lb = lineStarts[b]!;
      for (let i = Math.min(wa, wb) - 1; i >= 0; i--) if (text.charCodeAt(la + i) !== text.charCodeAt(lb + i)) return undefined;
    }
    return wa > wb ? 1 : wa < wb ? -1 : 0;
  };
  // At most one unit per logical line.
  const starts = new Int32Array(count);
  const codes = new Int32Array(count);
  const parents = new Int32Array(count);
  const heads = new Int32Array(count);
  const lineOf = new Int32Array(count);
  const ends = new Int32Array(count);
  let units = 0;
  /** Each unit with the first unit after its body, as pairs, in the order their bodies close. */
  const closed = new Int32Array(2 * count);
  let closes = 0;
  /** Whether a unit's body (or the module, at index `count`) already has a statement. */
  const hasBody = new Uint8Array(count + 1);
  /** The open units: the last unit, its parent, and so on up to module level. */
  const open: number[] = [];
  let afterDecorator = false;
  for (let k = 0; k < count; k++) {
    const code = codeStarts[k]!;
    if (afterDecorator) {
      // The next line of a decorator at the same indentation is the decorated definition (or a decorator).
      if (compare(k, lineOf[units - 1]!) !== 0) return undefined;
      afterDecorator = text.charCodeAt(code) === AT;
      ends[units - 1] = lines.codeEnds[k]!;
      continue;
    }
    let previous = -1;
    const u = units;
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      const order = compare(k, lineOf[top]!);
      if (order === undefined) return undefined;
      if (order > 0) break;
      open.pop();
      // Everything since `top` was its body.
      closed[closes++] = top;
      closed[closes++] = u;
      if (order === 0) {
        previous = top;
        break;
      }
    }
    const parent = open.length > 0 ? open[open.length - 1]! : -1;
    if (previous < 0) {
      // The first statement of a block: deeper than its header (module level: not indented), and only once.
      if (hasBody[parent < 0 ? count : parent] || (parent < 0 && code !== lineStarts[k])) return undefined;
      hasBody[parent < 0 ? count : parent] = 1;
    }
    starts[u] = u === 0 ? 0 : lineStarts[k]!;
    codes[u] = code;
    parents[u] = parent;
    lineOf[u] = k;
    ends[u] = lines.codeEnds[k]!;
    const first = text.charCodeAt(code);
    // `else`, `elif`, `except`, `finally`: only these start with e or f among the clause keywords.
    heads[u] = previous >= 0 && (first === 101 || first === 102) && CONTINUATIONS.test(text.slice(code, code + 8)) ? heads[previous]! : u;
    open.push(u);
    units++;
    afterDecorator = text.charCodeAt(code) === AT;
  }
  if (afterDecorator) return undefined;
  const after = new Int32Array(units);
  for (let k = 0; k < closes; k += 2) after[closed[k]!] = closed[k + 1]!;
  for (const top of open) after[top] = units;
  return {
    starts: starts.subarray(0, units), codes: codes.subarray(0, units), parents: parents.subarray(0, units), heads: heads.subarray(0, units), after, ends: ends.subarray(0, units), nonCode: lines.nonCode,
  };
}

/**
 * Start offsets of the module's top-level statements, in order (the first is 0): the statement tree's
 * module-level units, each with its clauses (`else:`, `except:`…) and decorators. Undefined when the
 * tree cannot be built. (Tests and benchmarks cut files with it.)
 */
export function topLevelStatementStarts(text: string): number[] | undefined {
  const tree = statementTree(text);
  if (!tree) return undefined;
  const out: number[] = [];
  for (let u = 0; u < tree.starts.length; u = tree.after[u]!) if (tree.heads[u] === u) out.push(tree.starts[u]!);
  return out.length > 0 ? out : [0];
}
