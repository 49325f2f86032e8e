// Python sources (*.py, *.pyi) on tree-sitter-python: removed modules and APIs, pending removals,
// PEP 667 locals() writes, chained classmethod descriptors. Names are resolved through the file's imports.

import Parser from 'tree-sitter';
import type { SyntaxNode } from 'tree-sitter';
import Python from 'tree-sitter-python';
import type { AnalysisOutput, Analyzer, AnalyzerContext, FileProblem } from '../analyzer.js';
import type { ActiveRule, RawFinding, Severity, SourceFile } from '../types.js';
import type { Deadline } from '../budget.js';
import { enclosingClass, enclosingFunction, fallbackHandler, guardingHandler, guardingHasattr, isUnreachableOnTarget } from './python-context.js';
import { isWordChar, type LogicalLines, logicalLines, statementTree } from './python-statements.js';
import { lastAtMost } from '../dependencies/text-positions.js';

interface ModuleRule { rule: ActiveRule; module: string; backports: string[] }
/** Which arguments of a call make it a finding (none given: every call). */
interface ArgumentSpec {
  keywords?: string[];
  minPositional?: number;
  /** Any keyword argument whose name is not listed (an empty list: any keyword at all). */
  anyKeywordExcept?: string[];
  /** The argument at this position (or passed by this keyword) is left out. */
  missingArgument?: { position: number; keyword?: string };
  /** The first argument is one of these string literals. */
  firstArgIn?: string[];
  /** A call that passes any of these keywords is never a finding. */
  unlessKeywords?: string[];
}
interface CallRule extends ArgumentSpec { rule: ActiveRule; classAttribute: boolean }
interface MethodRule extends ArgumentSpec {
  rule: ActiveRule;
  receiver: 'self' | 'any';
  bases?: string[];
  requiresImport?: string[];
  /** Receivers built by one of these callables (`x = gzip.GzipFile(...)`, `with gzip.open(...) as x`). */
  receiverType?: string[];
  /** Only where the value is tested for truth (`if x.find(...):`, `not x.find(...)`). */
  inCondition: boolean;
}
interface DecoratorRule { rule: ActiveRule; outer: string; inner: Set<string> }

/** The active Python rules, indexed for lookups during one walk of the tree. */
interface Compiled {
  modules: Map<string, ModuleRule[]>;
  names: Map<string, ActiveRule[]>;
  calls: Map<string, CallRule[]>;
  methods: Map<string, MethodRule[]>;
  /** Method rules with `access: attribute`: any read or write of the attribute, called or not. */
  attributeMethods: Map<string, MethodRule[]>;
  contextManagers: Map<string, ActiveRule[]>;
  decorators: DecoratorRule[];
  localsMutation: ActiveRule[];
  execReadback: ActiveRule[];
  /** Attribute names worth resolving (last segments of names, calls, methods, context managers). */
  attributeNames: Set<string>;
  /** Callables that build a method rule's receiver (`gzip.GzipFile`): their assignments are looked up file-wide. */
  receiverTypes: Set<string>;
  /**
   * Region words that select their statement wherever they occur (methods match any receiver, builtins are
   * not imported); the others are last segments of qualified names, which only match through an import.
   */
  regionAlways: Set<string>;
  /**
   * Method words whose every rule has `requires_import`: they select their statement only in a file that
   * imports something whose first segment is one of these (`find` needs `xml`, `warn` needs `logging`).
   */
  regionGates: Map<string, Set<string>>;
  /** What selects the statements parsed: every anchor and the last segments of receiver types. */
  regionWordSet: Set<string>;
  /**
   * For a region word that is the last segment of qualified names (names, calls, context managers, receiver
   * types, `import_module`): the first segments of those names. A chain ending in the word selects its
   * statement only when its root is bound by an import of one of these modules.
   */
  anchorModules: Map<string, Set<string>>;
  /** Segments of module rules and first segments of `requires_import`: an import naming one is parsed. */
  importWords: Set<string>;
  /**
   * Region words that select their statement only if it also holds one of these words: a decorator chain's
   * outer name one of its inner names (in the same statement: its list of decorators); `exec` a `locals`
   * in its function (PEP 667 read-back), looked for in the whole top-level statement around it (`wide`).
   */
  unitGates: Map<string, { pattern: RegExp; wide: boolean }>;
  /** The requirement words and the region words: one pass of it per file serves the pre-filter, the plan and the walk. */
  scan: RegExp | undefined;
  /** Words at which a finding can start: the tree is only visited around their occurrences. */
  anchorSet: Set<string>;
  /** For each rule, the words that must all occur for it to match (clauses of alternatives). */
  requirements: Requirement[];
  /** The requirements by each word of their first clause. */
  requirementsByWord: Map<string, Requirement[]>;
}

/** Where the scan pattern's words occur in a file: offsets and words, in text order. */
interface Hits {
  at: number[];
  word: string[];
}

/** Every match of a global word pattern (none without one). */
function hitsOf(pattern: RegExp | undefined, text: string): Hits {
  const hits: Hits = { at: [], word: [] };
  if (!pattern) return hits;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    hits.at.push(m.index);
    hits.word.push(m[0]);
  }
  return hits;
}

const IMPORT_GUARDS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);
const ATTRIBUTE_GUARDS = new Set(['AttributeError', 'ImportError', 'Exception', 'BaseException']);
const LOCALS_MUTATORS = new Set(['update', 'setdefault', 'pop', 'popitem', 'clear', '__setitem__', '__delitem__']);

const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const lastSegment = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function argumentSpec(m: Record<string, unknown>): ArgumentSpec {
  const spec: ArgumentSpec = {};
  if (m.keywords !== undefined) spec.keywords = asList(m.keywords);
  if (typeof m.min_positional === 'number') spec.minPositional = m.min_positional;
  if (m.any_keyword_except !== undefined) spec.anyKeywordExcept = asList(m.any_keyword_except);
  if (m.missing_argument !== undefined) spec.missingArgument = m.missing_argument as { position: number; keyword?: string };
  if (m.first_arg_in !== undefined) spec.firstArgIn = asList(m.first_arg_in);
  if (m.unless_keywords !== undefined) spec.unlessKeywords = asList(m.unless_keywords);
  return spec;
}

const hasArgumentConditions = (s: ArgumentSpec): boolean =>
  Boolean(s.keywords || s.minPositional || s.anyKeywordExcept || s.missingArgument || s.firstArgIn);

const firstSegment = (name: string): string => name.split('.')[0]!;

/** One way a rule can match, as clauses that must all hold; a clause holds when any of its words occurs. */
type Requirement = string[][];

const WORD = /^\w+$/;
const words = (list: readonly string[]): string[] => [...new Set(list)];

/**
 * A clause from a matcher's argument condition: a keyword name or a literal word always appears in the
 * call. Conditions are alternatives (any one makes a finding), so this holds only when there is one.
 */
function argumentClauses(m: Record<string, unknown>): string[][] {
  const conditions = ['keywords', 'min_positional', 'any_keyword_except', 'missing_argument', 'first_arg_in'].filter((k) => m[k] !== undefined);
  if (conditions.length !== 1) return [];
  if (conditions[0] === 'keywords') return [asList(m.keywords)];
  const literals = asList(m.first_arg_in);
  return conditions[0] === 'first_arg_in' && literals.every((l) => WORD.test(l)) ? [literals] : [];
}

/**
 * For each way a rule can match, the words that must occur in a file's text for it to match. Names are
 * only resolved through imports, so a qualified name needs its top-level module (named by the import
 * statement) and its last segment; a module needs its last segment (in an import statement or the
 * string given to `__import__`/`import_module`); a method restricted to files importing a module or to
 * receivers built by a callable needs one of those modules. A file that satisfies no rule is not parsed.
 */
function requirements(m: Record<string, unknown>): Requirement[] {
  const qualified = (n: string): Requirement => [[firstSegment(n)], [lastSegment(n)], ...argumentClauses(m)];
  if (typeof m.module === 'string') return [[[lastSegment(m.module)]]];
  if (m.name !== undefined) return asList(m.name).map(qualified);
  if (m.call !== undefined) return asList(m.call).map(qualified);
  if (m.context_manager !== undefined) return asList(m.context_manager).map(qualified);
  if (m.method !== undefined) {
    const extra: string[][] = argumentClauses(m);
    if (m.requires_import !== undefined) extra.push(words(asList(m.requires_import).map(firstSegment)));
    if (m.receiver_type !== undefined) extra.push(words(asList(m.receiver_type).map(firstSegment)));
    return asList(m.method).map((n) => [[n], ...extra]);
  }
  if (m.decorator_chain !== undefined) {
    const chain = m.decorator_chain as { outer: string; inner: string[] };
    return [[[lastSegment(chain.outer)], words(chain.inner.map(lastSegment))]];
  }
  if (m.locals === 'mutation') return [[['locals']]];
  if (m.locals === 'exec-readback') return [[['exec'], ['locals']]];
  return [];
}

/** Whether any rule can match a file with these words: set checks over one pass of one regular expression. */
function mayMatch(c: Compiled, hits: Hits): boolean {
  const found = new Set(hits.word);
  // Only the requirements whose first clause a found word satisfies can hold (most files hold a few words).
  for (const w of found) {
    for (const need of c.requirementsByWord.get(w) ?? []) if (need.every((clause) => clause.some((x) => found.has(x)))) return true;
  }
  return false;
}

const wordPattern = (words: Iterable<string>): RegExp => new RegExp(`\\b(?:${[...words].map(escapeRegExp).join('|')})\\b`, 'g');

/**
 * Switches the speed-ups off: the text pre-filter (skip files no rule can match), the anchored walk
 * (visit the tree only around words a finding can start at, instead of every call and attribute) and
 * region parsing (parse only the top-level statements holding such words; see RegionPlan).
 * Tests use the slow paths as the reference that the fast ones must equal.
 */
export const pythonAnalyzerOptions: { prefilter: boolean; walk: 'anchors' | 'captures'; regions: boolean } = { prefilter: true, walk: 'anchors', regions: true };

/**
 * How the Python analyzer parsed, counted per thread since start-up: files given to tree-sitter whole or
 * as regions, and how many characters it was handed. For benchmarks and tests; the analysis never reads it.
 */
export const pythonParseStats = { files: 0, regionParses: 0, fullParses: 0, fileChars: 0, parsedChars: 0 };

const compiledCache = new WeakMap<readonly ActiveRule[], Compiled>();

function compile(rules: readonly ActiveRule[]): Compiled {
  const cached = compiledCache.get(rules);
  if (cached) return cached;
  const c: Compiled = {
    modules: new Map(), names: new Map(), calls: new Map(), methods: new Map(), attributeMethods: new Map(), contextManagers: new Map(),
    decorators: [], localsMutation: [], execReadback: [], attributeNames: new Set(), receiverTypes: new Set(), regionAlways: new Set(), regionGates: new Map(), regionWordSet: new Set(), anchorModules: new Map(), importWords: new Set(), unitGates: new Map(), scan: undefined, anchorSet: new Set(), requirements: [], requirementsByWord: new Map(),
  };
  for (const rule of rules) {
    const m = rule.match;
    if (typeof m.module === 'string') {
      push(c.modules, m.module, { rule, module: m.module, backports: asList(m.backports) });
    } else if (m.name !== undefined) {
      for (const n of asList(m.name)) {
        push(c.names, n, rule);
        c.attributeNames.add(lastSegment(n));
      }
    } else if (m.call !== undefined) {
      for (const n of asList(m.call)) {
        push(c.calls, n, { rule, ...argumentSpec(m), classAttribute: m.class_attribute === true });
        c.attributeNames.add(lastSegment(n));
      }
    } else if (m.method !== undefined) {
      for (const n of asList(m.method)) {
        push(m.access === 'attribute' ? c.attributeMethods : c.methods, n, {
          rule,
          ...argumentSpec(m),
          receiver: (m.receiver as 'self' | 'any' | undefined) ?? 'any',
          bases: m.in_class_deriving as string[] | undefined,
          requiresImport: m.requires_import === undefined ? undefined : asList(m.requires_import),
          receiverType: m.receiver_type === undefined ? undefined : asList(m.receiver_type),
          inCondition: m.in_condition === true,
        });
        for (const t of asList(m.receiver_type)) c.receiverTypes.add(t);
      }
    } else if (m.context_manager !== undefined) {
      for (const n of asList(m.context_manager)) {
        push(c.contextManagers, n, rule);
      }
    } else if (m.decorator_chain !== undefined) {
      const chain = m.decorator_chain as { outer: string; inner: string[] };
      c.decorators.push({ rule, outer: chain.outer, inner: new Set(chain.inner) });
    } else if (m.locals === 'mutation') {
      c.localsMutation.push(rule);
    } else if (m.locals === 'exec-readback') {
      c.execReadback.push(rule);
    }
  }
  for (const rule of rules) c.requirements.push(...requirements(rule.match));
  for (const need of c.requirements) for (const w of new Set(need[0] ?? [])) push(c.requirementsByWord, w, need);
  const all = new Set(c.requirements.flat(2));
  const anchors = new Set([...c.attributeNames, ...c.methods.keys(), ...c.attributeMethods.keys()]);
  for (const n of c.contextManagers.keys()) anchors.add(lastSegment(n));
  for (const d of c.decorators) anchors.add(lastSegment(d.outer));
  if (c.modules.size > 0) anchors.add('__import__').add('import_module');
  if (c.localsMutation.length > 0 || c.execReadback.length > 0) anchors.add('locals').add('exec');
  c.anchorSet = anchors;
  c.regionWordSet = new Set([...anchors, ...[...c.receiverTypes].map(lastSegment)]);
  const scanned = new Set([...all, ...c.regionWordSet]);
  if (scanned.size > 0) c.scan = wordPattern(scanned);
  const builtins = new Set(['__import__', 'locals', 'exec', ...c.decorators.map((d) => lastSegment(d.outer))]);
  c.regionAlways = new Set([...c.methods.keys(), ...c.attributeMethods.keys(), ...builtins]);
  for (const word of new Set([...c.methods.keys(), ...c.attributeMethods.keys()])) {
    const specs = [...(c.methods.get(word) ?? []), ...(c.attributeMethods.get(word) ?? [])];
    if (builtins.has(word) || specs.some((s) => !s.requiresImport)) continue;
    c.regionGates.set(word, new Set(specs.flatMap((s) => s.requiresImport!.map(firstSegment))));
  }
  const qualified = [...c.names.keys(), ...c.calls.keys(), ...c.contextManagers.keys(), ...c.receiverTypes, 'importlib.import_module'];
  for (const q of qualified) {
    const set = c.anchorModules.get(lastSegment(q)) ?? new Set<string>();
    set.add(firstSegment(q));
    c.anchorModules.set(lastSegment(q), set);
  }
  for (const m of c.modules.keys()) for (const w of m.split('.')) c.importWords.add(w);
  for (const specs of [...c.methods.values(), ...c.attributeMethods.values()]) for (const s of specs) for (const m of s.requiresImport ?? []) c.importWords.add(firstSegment(m));
  c.unitGates.set('exec', { pattern: /\blocals\b/, wide: true });
  for (const d of c.decorators) {
    const outer = lastSegment(d.outer);
    if (c.methods.has(outer) || c.attributeMethods.has(outer)) continue;
    c.unitGates.set(outer, { pattern: wordPattern(c.decorators.filter((x) => lastSegment(x.outer) === outer).flatMap((x) => [...x.inner].map(lastSegment))), wide: false });
  }
  compiledCache.set(rules, c);
  return c;
}

const COMMENT_LINE = /^([ \t\f]*)#[^\r\n]*/gm;

/**
 * The text tree-sitter parses: every comment-only line replaced by as many spaces (positions unchanged).
 * tree-sitter-python's scanner is quadratic on runs of comment lines (8,000 consecutive ones took 6 s in
 * one native call); whitespace lines cost nothing, and no rule reads comments from the tree (suppressions
 * are read from the original text). A `#` line inside a triple-quoted string is blanked too, which
 * changes nothing any rule looks at.
 */
export function blankCommentLines(text: string): string {
  if (!text.includes('#')) return text;
  return text.replace(COMMENT_LINE, (line) => ' '.repeat(line.length));
}

/**
 * The same for a text the statement tokenizer has read: the comment-only lines it found (`spans`, [start,
 * end) pairs) become spaces. Cheaper than the pattern, and exact: a `#` line inside a string stays.
 */
export function blankLines(text: string, spans: ArrayLike<number>): string {
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (let k = 0; k < spans.length; k += 2) {
    parts.push(text.slice(at, spans[k]), ' '.repeat(spans[k + 1]! - spans[k]!));
    at = spans[k + 1]!;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

const isBlank = (ch: number): boolean => ch === 32 || ch === 9 || ch === 12;
const isBreak = (ch: number): boolean => ch === 10 || ch === 13 || ch === 92;

/**
 * The first name of the dotted chain that ends with the word at `at` (`re` for `re.split`, the word itself
 * when no dot precedes it); undefined when the chain starts with something other than a name (`x().split`,
 * `"a".split`), which a qualified name can never be; null when the chain may go on across a line break
 * (inside brackets or after a backslash), where the root is not known (over-selecting is safe). Spaces
 * around dots are allowed as Python allows them.
 */
function chainRoot(text: string, at: number, word: string, nonCode: ArrayLike<number>): string | null | undefined {
  let root = word;
  let i = at;
  for (;;) {
    let j = i - 1;
    while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
    if (j >= 0 && isBreak(text.charCodeAt(j))) {
      // Linear overall: this stops at the previous non-blank character.
      let k = j;
      while (k >= 0 && (isBlank(text.charCodeAt(k)) || isBreak(text.charCodeAt(k)))) k--;
      // A comment line in between (inside brackets) hides what comes before it: unknown.
      return k >= 0 && (text.charCodeAt(k) === 46 || inSpans(nonCode, k)) ? null : root;
    }
    if (j < 0 || text.charCodeAt(j) !== 46) return root;
    j--;
    while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
    if (j >= 0 && isBreak(text.charCodeAt(j))) return null;
    const end = j + 1;
    while (j >= 0 && isWordChar(text.charCodeAt(j))) j--;
    if (end === j + 1) return undefined;
    root = text.slice(j + 1, end);
    if (/^\d/.test(root)) return undefined;
    i = j + 1;
  }
}

/** Whether `at` lies in one of the [start, end) offset pairs of `spans` (ascending, disjoint). */
function inSpans(spans: ArrayLike<number>, at: number): boolean {
  let lo = 0;
  let hi = (spans.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[2 * mid + 1]! <= at) lo = mid + 1;
    else if (spans[2 * mid]! > at) hi = mid - 1;
    else return true;
  }
  return false;
}

/** The index of the first element of `sorted` (ascending) that is >= `value`; its length if none is. */
const firstAtLeast = (sorted: ArrayLike<number>, value: number): number =>
  (sorted.length === 0 || sorted[0]! >= value ? 0 : lastAtMost(sorted, value - 1) + 1);

const IMPORT_KEYWORD = /\bimport\b/g;
const EXCEPT_CLAUSE = /^except(?![\w\u0080-\uffff])/;
const IMPORT_SPAN_NAME = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*|\*/g;
const HEAD_LIMIT = 1024;
const NAME_WORD = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/g;

/** One `import` keyword of the text and what a region plan needs to know of its statement. */
interface ImportSpan {
  /** Offset of the `import` keyword. */
  at: number;
  /** Every word after the keyword up to the end of the statement: a superset of the names it binds. */
  names: string[];
  /** Every word of the statement (with the `from` part), or undefined when its start could not be found. */
  words: string[] | undefined;
  /** Each name the statement binds with the first segment of what it binds it to (`.` relative, `*` unknown). */
  binds: [string, string][];
  /** The dotted paths the statement imports (`a.b`; `m` and `m.n` for `from m import n`), split at dots. */
  paths: string[][];
  star: boolean;
}

/**
 * Every `import` keyword of the text outside comments and plain strings (`nonCode`) with its statement:
 * brackets and backslash continuations followed to the end, and back to the start of the line (and of the
 * lines a backslash joins to it) for the `from` part. `aliases` are the names bound with `as` to a rule's
 * word (`split as sp`), whose uses carry no anchor; `words` all words of the lines import statements are on (a superset of the modules they import, unless `cut`: a
 * statement start was further back than HEAD_LIMIT characters).
 */
function importSpans(text: string, c: Compiled, nonCode: ArrayLike<number>): { spans: ImportSpan[]; words: Set<string>; aliases: Set<string>; modulesOf: Map<string, Set<string>>; star: boolean; cut: boolean } {
  const spans: ImportSpan[] = [];
  const modulesOf = new Map<string, Set<string>>();
  const words = new Set<string>();
  const aliases = new Set<string>();
  let star = false;
  let cut = false;
  IMPORT_KEYWORD.lastIndex = 0;
  for (let m = IMPORT_KEYWORD.exec(text); m; m = IMPORT_KEYWORD.exec(text)) {
    if (inSpans(nonCode, m.index)) continue;
    let depth = 0;
    let i = m.index + 6;
    for (; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 40) depth++;
      else if (ch === 41) depth = Math.max(0, depth - 1);
      else if (ch === 92) i++;
      else if ((ch === 10 || ch === 13 || ch === 59) && depth === 0) break;
    }
    const span = text.slice(m.index + 6, i);
    const found: string[] = [];
    let spanStar = false;
    for (const w of span.match(IMPORT_SPAN_NAME) ?? []) {
      if (w === '*') spanStar = true;
      else found.push(w);
    }
    star ||= spanStar;
    // `name as alias`, from the words (a regular expression for it backtracks quadratically on long lines).
    for (let k = 1; k + 1 < found.length; k++) if (found[k] === 'as' && c.regionWordSet.has(found[k - 1]!)) aliases.add(found[k + 1]!);
    // Back to the start of the statement: the line start, or further while the line before ends in `\`;
    // at most HEAD_LIMIT characters back, so that a long line of `import` words stays linear.
    let from = m.index;
    const limit = Math.max(0, m.index - HEAD_LIMIT);
    for (;;) {
      while (from > limit && text.charCodeAt(from - 1) !== 10 && text.charCodeAt(from - 1) !== 13) from--;
      let k = from - 1;
      if (k > 0 && text.charCodeAt(k) === 10 && text.charCodeAt(k - 1) === 13) k--;
      if (from > limit && k > 0 && text.charCodeAt(k - 1) === 92) from = k - 1;
      else break;
    }
    const headCut = from === limit && limit > 0;
    cut ||= headCut;
    const head = text.slice(from, m.index);
    const headWords = head.match(NAME_WORD) ?? [];
    for (const w of [...headWords, ...found]) words.add(w);
    // Only `import` or `from <module>` may come before the keyword on its statement's lines.
    const statementWords = !headCut && /^[ \t\f]*(?:from\b[\w.\s\\]*)?$/.test(head) ? [...headWords, ...found] : undefined;
    const { binds, paths } = statementWords ? bindings(head, span) : { binds: found.map((n): [string, string] => [n, '*']), paths: [] };
    for (const [name, module] of binds) {
      const set = modulesOf.get(name) ?? new Set<string>();
      set.add(module);
      modulesOf.set(name, set);
    }
    spans.push({ at: m.index, names: found, words: statementWords, binds, paths, star: spanStar });
    IMPORT_KEYWORD.lastIndex = Math.max(IMPORT_KEYWORD.lastIndex, i);
  }
  return { spans, words, aliases, modulesOf, star, cut };
}

/**
 * What a plain import statement binds, from the text before its `import` keyword (blank, or `from
 * <module>`) and the text after it: name -> first segment of the module it stands for (`.` for a relative
 * import). `import a.b` binds `a` to `a`, `import a.b as c` binds `c` to `a`, `from a.b import c as d`
 * binds `d` to `a`.
 */
function bindings(head: string, span: string): { binds: [string, string][]; paths: string[][] } {
  const from = /\bfrom\b([\s\S]*)$/.exec(head)?.[1]?.replace(/[\\\s]/g, '');
  const fromPath = from === undefined || from.startsWith('.') ? undefined : from.split('.');
  const module = from === undefined ? undefined : fromPath ? fromPath[0]! : '.';
  const binds: [string, string][] = [];
  const paths: string[][] = fromPath ? [fromPath] : [];
  for (const item of span.replace(/[()\\]/g, ' ').split(',')) {
    const parts = item.trim().split(/\s+/);
    if (parts[0] === '' || parts[0] === '*') continue;
    const local = parts[1] === 'as' && parts[2] ? parts[2] : undefined;
    const path = parts[0]!.split('.');
    if (module !== undefined) {
      binds.push([local ?? parts[0]!, module]);
      if (fromPath) paths.push([...fromPath, ...path]);
    } else {
      binds.push([local ?? path[0]!, path[0]!]);
      paths.push(path);
    }
  }
  return { binds, paths };
}

/** Which of `names` occur as a whole name in the [start, end) offset pairs `spans` of `text`. */
function namesWithin(text: string, spans: ArrayLike<number>, names: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  for (let k = 0; k < spans.length; k += 2) {
    const stop = spans[k + 1]!;
    NAME_WORD.lastIndex = spans[k]!;
    for (let m = NAME_WORD.exec(text); m && m.index < stop; m = NAME_WORD.exec(text)) if (names.has(m[0])) found.add(m[0]);
  }
  return found;
}

/** Each `class` keyword with the class name and what its parentheses hold (f-string text too: over-counting is safe). */
const CLASS_KEYWORD = /\bclass[ \t\f]+([^\s(:[\\]+)[ \t]*(?:\[[^\]\n]*\][ \t]*)?(?:\(([^)]*)\))?/g;

/** The classes a file defines, by name (offsets of their `class` keyword outside `nonCode`), and the base names each `class` line gives. */
function classIndex(text: string, nonCode: ArrayLike<number>): { defs: Map<string, number[]>; headers: { at: number; bases: string[] }[] } {
  const defs = new Map<string, number[]>();
  const headers: { at: number; bases: string[] }[] = [];
  if (!text.includes('class')) return { defs, headers };
  CLASS_KEYWORD.lastIndex = 0;
  for (let m = CLASS_KEYWORD.exec(text); m; m = CLASS_KEYWORD.exec(text)) {
    if (inSpans(nonCode, m.index)) continue;
    push(defs, m[1]!, m.index);
    if (m[2]) headers.push({ at: m.index, bases: m[2].match(NAME_WORD) ?? [] });
  }
  return { defs, headers };
}

/**
 * Region parsing: the statements of a file (at any depth) that hold an `import`, a word a finding can start
 * at, or the name of a receiver type, given to tree-sitter as its included ranges with what their analysis
 * reads around them (see `take`); the rest of the file is never parsed. Everything a finding depends on
 * (imports, the call or attribute itself, its arguments, `try`/`except` and `hasattr` guards, version
 * branches, the enclosing function and class, a receiver's assignment, which names the receiver type) lies
 * in the statement that holds the finding, in the headers and clauses around it or in a statement taken for
 * its own word, so the analysis equals that of the whole file. What can reach across statements is checked
 * after the parse (`covers`, `coversClasses`): names that imports bind under another name, base classes
 * defined elsewhere in the file. If one of them lies outside the parsed statements, the whole file is
 * parsed instead.
 */
class RegionPlan {
  private constructor(
    private readonly starts: ArrayLike<number>,
    private readonly selected: Uint8Array,
    private readonly classes: Map<string, number[]>,
    private readonly text: string,
    readonly ranges: Parser.Range[],
    private readonly nonCode: ArrayLike<number>,
    /** The `import` keywords of the parsed import statements. */
    readonly imports: readonly number[],
  ) {}

  /** Undefined when the whole file should be parsed: it cannot be split, or most of it is selected. */
  static make(text: string, c: Compiled, hits: Hits, lines: LogicalLines | undefined): RegionPlan | undefined {
    const tree = statementTree(text, lines);
    if (!tree) return undefined;
    const { starts, codes, parents, heads, after, ends, nonCode } = tree;
    const n = starts.length;
    const end = (i: number): number => (i + 1 < n ? starts[i + 1]! : text.length);
    const selected = new Uint8Array(n);
    // The first unit starts at 0 (for lookups); its code, at the start of its first line.
    const firstLine = Math.max(text.lastIndexOf('\n', codes[0]! - 1), text.lastIndexOf('\r', codes[0]! - 1)) + 1;
    /**
     * The selected code as [start, end) offset pairs: runs of selected units, each unit without the comment
     * and blank lines after its code (never parsed), so a run breaks where such lines follow.
     */
    const runs = (): number[] => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        if (!selected[i]) continue;
        let j = i;
        while (j + 1 < n && selected[j + 1] && ends[j] === starts[j + 1]) j++;
        out.push(i === 0 ? firstLine : starts[i]!, ends[j]!);
        i = j;
      }
      return out;
    };
    const bound = importSpans(text, c, nonCode);
    let bytes = 0;
    const work: number[] = [];
    /** Where the import statements are (their `import` keywords). */
    const importAts = bound.spans.map((sp) => sp.at);
    const mark = (i: number): void => {
      if (selected[i]) return;
      selected[i] = 1;
      bytes += end(i) - starts[i]!;
      work.push(i);
    };
    /**
     * Takes a statement with what its analysis reads around it: the headers it is nested in (functions,
     * classes, `if`/`try`/`with`… and their conditions), every clause of those compound statements (the
     * `except` handlers that guard it, the `if` a version branch depends on), and for an `except` clause
     * the imports of its `try` body (an import there makes the handler a fallback). Headers that end up
     * with none of their body get one statement of it later (see below), so that the parse stays valid.
     */
    const take = (first: number): void => {
      mark(first);
      for (let i = work.pop(); i !== undefined; i = work.pop()) {
        if (parents[i]! >= 0) mark(parents[i]!);
        const head = heads[i]!;
        for (let k = head; k < n && heads[k] === head; k = after[k]!) mark(k);
        if (head !== i && after[head]! > head + 1 && EXCEPT_CLAUSE.test(text.slice(codes[i]!, codes[i]! + 7))) {
          const bodyEnd = end(after[head]! - 1);
          for (let k = firstAtLeast(importAts, starts[head + 1]!); k < importAts.length && importAts[k]! < bodyEnd; k++) mark(lastAtMost(starts, importAts[k]!));
        }
      }
    };
    /** Takes the statement of each hit `accept`s, skipping hits in comments and plain string literals (docstrings, data). */
    const select = (found: Hits, accept: (w: string, at: number) => boolean): void => {
      for (let k = 0; k < found.at.length; k++) {
        const at = found.at[k]!;
        if (inSpans(nonCode, at)) continue;
        const i = lastAtMost(starts, at);
        if (!selected[i] && accept(found.word[k]!, at)) take(i);
      }
    };
    // A gate's words are looked for in the statement itself (a decorator's partner in the same list of
    // decorators), or for `exec` in the whole top-level statement around it (a `locals` of its function).
    const gated = new Map<string, boolean>();
    const unitHas = (w: string, at: number): boolean => {
      const gate = c.unitGates.get(w);
      if (!gate) return true;
      let i = lastAtMost(starts, at);
      if (gate.wide) while (parents[i]! >= 0) i = parents[i]!;
      const key = `${w} ${i}`;
      let ok = gated.get(key);
      if (ok === undefined) {
        gate.pattern.lastIndex = 0;
        ok = gate.pattern.test(text.slice(starts[i]!, gate.wide ? end(after[i]! - 1) : end(i)));
        gated.set(key, ok);
      }
      return ok;
    };
    const filter = (w: string, at: number): boolean => {
      if (c.regionAlways.has(w)) {
        // A method whose rules all need an import: only in a file that imports one of those modules.
        const gate = c.regionGates.get(w);
        return (gate === undefined || bound.cut || [...gate].some((g) => bound.words.has(g))) && unitHas(w, at);
      }
      // A qualified name matches only through a name an import binds to one of the rule's modules:
      // `re.split` after `import re`, `split` after `from re import split`; not `os.path.split`.
      const root = chainRoot(text, at, w, nonCode);
      if (root === null) return true;
      if (root === undefined) return false;
      if (root === w && bound.star) return true;
      const modules = bound.modulesOf.get(root);
      if (!modules) return false;
      const wanted = c.anchorModules.get(w);
      return wanted === undefined || modules.has('*') || [...modules].some((m) => wanted.has(m));
    };
    select(hits, (w, at) => c.regionWordSet.has(w) && filter(w, at));
    // Names imports bind to a rule's word under another name (`split as sp`): their uses carry no anchor.
    if (bound.aliases.size > 0) select(hitsOf(wordPattern(bound.aliases), text), () => true);
    // The file's own base classes come with the classes that name them (class chains, own methods): their
    // `class` line, and one statement of their body when the body is cut, so that the parse stays valid.
    const classes = classIndex(text, nonCode);
    const done = new Set<number>();
    for (let changed = classes.headers.length > 0; changed;) {
      changed = false;
      for (const header of classes.headers) {
        if (done.has(header.at) || !selected[lastAtMost(starts, header.at)]) continue;
        done.add(header.at);
        for (const at of header.bases.flatMap((b) => classes.defs.get(b) ?? [])) {
          const u = lastAtMost(starts, at);
          if (selected[u]) continue;
          changed = true;
          take(u);
        }
      }
    }
    // Imports: those a rule reads by themselves (of a module rule's module or a `requires_import` one, a
    // path `m.….w` with `m.w` a rule's qualified name, `import *`, a statement whose start is unclear),
    // and those binding a name the parsed statements use.
    const candidates: { unit: number; names: string[] }[] = [];
    for (const sp of bound.spans) {
      const i = lastAtMost(starts, sp.at);
      if (selected[i]) continue;
      if (sp.star || sp.words === undefined || sp.words.some((w) => c.importWords.has(w)) || sp.paths.some((p) => p.some((w, k) => k > 0 && c.anchorModules.get(w)?.has(p[0]!)))) take(i);
      else if (sp.names.length > 0) candidates.push({ unit: i, names: sp.names });
    }
    const open = candidates.filter((cand) => !selected[cand.unit]);
    if (open.length > 0) {
      const used = namesWithin(text, runs(), new Set(open.flatMap((cand) => cand.names)));
      for (const cand of open) if (cand.names.some((n) => used.has(n))) take(cand.unit);
    }
    // A header none of whose body is taken gets its shortest statement (a simple one if it has any), so
    // that the parse stays valid; what that statement holds was not selected, so no finding starts there.
    for (let i = 0; i < n; i++) {
      if (!selected[i] || after[i] === i + 1) continue;
      let best = -1;
      let bestSimple = false;
      let bestSize = 0;
      let taken = false;
      for (let k = i + 1; k < after[i]!; k = after[k]!) {
        if (selected[k]) {
          taken = true;
          break;
        }
        const simple = after[k] === k + 1 && heads[k] === k && !(after[k]! < n && heads[after[k]!] === k);
        const size = end(after[k]! - 1) - starts[k]!;
        if (best < 0 || (simple && !bestSimple) || (simple === bestSimple && size < bestSize)) {
          best = k;
          bestSimple = simple;
          bestSize = size;
        }
      }
      if (!taken && best >= 0) take(best);
    }
    if (bytes > text.length * 0.8) return undefined;
    // Rows as tree-sitter counts them: by '\n' only, counted up to each range boundary in turn.
    let row = 0;
    let rowStart = 0;
    const point = (offset: number): Parser.Point => {
      for (let at = text.indexOf('\n', rowStart); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
        row++;
        rowStart = at + 1;
      }
      return { row, column: offset - rowStart };
    };
    const spans = runs();
    const ranges: Parser.Range[] = [];
    for (let k = 0; k < spans.length; k += 2) {
      const startIndex = spans[k]!;
      const endIndex = spans[k + 1]!;
      ranges.push({ startIndex, endIndex, startPosition: point(startIndex), endPosition: point(endIndex) });
    }
    const importsParsed = importAts.filter((at) => selected[lastAtMost(starts, at)]);
    return new RegionPlan(starts, selected, classes.defs, text, ranges, nonCode, importsParsed);
  }

  /** Whether the statement holding `offset` is parsed. */
  parsed(offset: number): boolean {
    return this.selected[lastAtMost(this.starts, offset)] === 1;
  }

  /** Whether every occurrence of the pattern's words lies in a parsed statement. */
  covers(pattern: RegExp | undefined): boolean {
    return hitsOf(pattern, this.text).at.every((at) => this.parsed(at) || inSpans(this.nonCode, at));
  }

  /**
   * What tree-sitter reads: the text itself, or with its comment-only lines blanked (see blankCommentLines)
   * when one lies inside the parsed ranges (in brackets); lines between the ranges are never read.
   */
  parseText(commentLines: ArrayLike<number>): string {
    let k = 0;
    for (const r of this.ranges) {
      while (k < commentLines.length && commentLines[k + 1]! <= r.startIndex) k += 2;
      if (k < commentLines.length && commentLines[k]! < r.endIndex) return blankLines(this.text, commentLines);
    }
    return this.text;
  }

  /** Whether each base class named in the parsed statements is, if the file defines it, defined in one of them. */
  coversClasses(root: SyntaxNode): boolean {
    // Only a class of this file defined outside the parsed statements can be missing, and only if its name
    // is a word of the parsed statements: checked on the text first, which usually spares the tree walk.
    const outside = [...this.classes].filter(([, ats]) => ats.some((at) => !this.parsed(at))).map(([name]) => name);
    if (outside.length === 0) return true;
    if (namesWithin(this.text, this.ranges.flatMap((r) => [r.startIndex, r.endIndex]), new Set(outside)).size === 0) return true;
    // The parsed class definitions, from the `class` keywords the text index found (a few native lookups
    // instead of a walk of the whole tree); a `class` keyword the index may have missed (`class \`
    // continued on the next line) sends it to the walk.
    let defined: SyntaxNode[];
    if (/\bclass[ \t\f]*\\/.test(this.text)) defined = root.descendantsOfType('class_definition');
    else {
      defined = [];
      for (const ats of this.classes.values()) {
        for (const at of ats) {
          if (!this.parsed(at)) continue;
          const keyword = root.descendantForIndex(at, at + 5);
          const klass = keyword.parent;
          if (keyword.type === 'class' && klass?.type === 'class_definition' && klass.startIndex === at) defined.push(klass);
        }
      }
    }
    if (defined.length === 0) return true;
    const parsedNames = new Set(defined.map((k) => k.childForFieldName('name')?.text));
    for (const klass of defined) {
      for (const base of klass.childForFieldName('superclasses')?.namedChildren ?? []) {
        if (base.type !== 'identifier' || parsedNames.has(base.text)) continue;
        if ((this.classes.get(base.text) ?? []).some((at) => !this.parsed(at))) return false;
      }
    }
    return true;
  }

}

let sharedParser: Parser | undefined;
let sharedQuery: Parser.Query | undefined;

function parser(): Parser {
  if (!sharedParser) {
    sharedParser = new Parser();
    sharedParser.setLanguage(Python as unknown as Parser.Language);
  }
  return sharedParser;
}

/**
 * Parses within the file's deadline: tree-sitter stops when its timeout passes (parse returns null), and the
 * parser is reset so that the next file does not resume the abandoned parse.
 */
function parseWithin(text: string, deadline: Deadline | undefined, includedRanges?: Parser.Range[]): Parser.Tree {
  const p = parser();
  deadline?.check();
  p.setTimeoutMicros(deadline ? Math.min(Math.max(1, deadline.remainingMs()) * 1000, 0xffffffff) : 0);
  const tree = p.parse(text, null, includedRanges ? { includedRanges, bufferSize: 2048 } : {}) as Parser.Tree | null;
  if (tree) return tree;
  p.reset();
  return deadline ? deadline.fail() : (() => { throw new Error('tree-sitter gave up parsing the file'); })();
}

function query(): Parser.Query {
  sharedQuery ??= new Parser.Query(Python as unknown as Parser.Language, `
    (import_statement) @import
    (import_from_statement) @from
    (call) @call
    (attribute) @attr
    (with_item) @with
    (decorated_definition) @decorated
  `);
  return sharedQuery;
}

/**
 * The import statements of a file, in order, found from the `import` keywords in its text (a query over
 * the whole tree costs more than the parse of most files).
 */
function importStatements(root: SyntaxNode, text: string, deadline?: Deadline): SyntaxNode[] {
  return importStatementsAt(root, hitsOf(IMPORT_KEYWORD, text).at, deadline);
}

/** The import statements whose `import` keyword is at one of `ats`, in order. */
function importStatementsAt(root: SyntaxNode, ats: readonly number[], deadline?: Deadline): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const at of ats) {
    deadline?.check();
    const keyword = root.descendantForIndex(at, at + 6);
    const statement = keyword.parent;
    if (keyword.type === 'import' && (statement?.type === 'import_statement' || statement?.type === 'import_from_statement')) out.push(statement);
  }
  return out;
}

/** Binding of the names a file's imports introduce. */
class Scope {
  /** local name -> qualified name ("" prefix "." marks a relative import: never the stdlib). */
  readonly aliases = new Map<string, string>();
  readonly starModules: string[] = [];
  readonly importedModules = new Set<string>();

  imports(module: string): boolean {
    for (const m of this.importedModules) if (m === module || m.startsWith(`${module}.`)) return true;
    return false;
  }
}

/** `a.b.c` for a chain of attributes over an identifier; undefined for anything else. */
function dottedParts(node: SyntaxNode): string[] | undefined {
  const parts: string[] = [];
  let n: SyntaxNode | null = node;
  while (n && n.type === 'attribute') {
    parts.unshift(n.childForFieldName('attribute')!.text);
    n = n.childForFieldName('object');
  }
  if (!n || n.type !== 'identifier') return undefined;
  parts.unshift(n.text);
  return parts;
}

/** The string value of a plain literal ('x', "x"), not an f-string or concatenation. */
function stringLiteral(node: SyntaxNode | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  const content = node.namedChildren.filter((c) => c.type === 'string_content');
  if (node.namedChildren.some((c) => c.type === 'interpolation')) return undefined;
  if (content.length > 1) return undefined;
  return content[0]?.text ?? '';
}

/**
 * Where the file stops parsing: the first error in document order, narrowed to the innermost ERROR or
 * MISSING node inside it (tree-sitter often wraps a whole region, from line 1, in an outer ERROR).
 */
function firstProblem(root: SyntaxNode): FileProblem {
  const firstError = (node: SyntaxNode): SyntaxNode | undefined => {
    for (const child of node.children) {
      if (child.isMissing) return child;
      if (child.type === 'ERROR') return firstError(child) ?? child;
      if (child.hasError) {
        const inner = firstError(child);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  const found = firstError(root);
  const at = found ?? root;
  const what = found?.isMissing ? `missing ${found.type}` : 'invalid syntax';
  return {
    line: at.startPosition.row + 1,
    column: at.startPosition.column + 1,
    message: `PyShift's Python parser cannot read this file past line ${at.startPosition.row + 1} (${what}); findings from the parts it can read are still reported`,
  };
}

/** The name a class-body statement defines (`def name`, `name = ...`), if any. */
function definedName(stmt: SyntaxNode): string | undefined {
  const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
  if (def?.type === 'function_definition') return def.childForFieldName('name')?.text;
  const expr = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
  if (expr?.type === 'assignment' && expr.childForFieldName('left')?.type === 'identifier') return expr.childForFieldName('left')!.text;
  return undefined;
}

/** Whether the value of `node` is only tested for truth: an if/elif/while condition, `not x`, an `and`/`or` operand. */
function isTruthTested(node: SyntaxNode): boolean {
  let child = node;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  switch (parent.type) {
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
      return parent.childForFieldName('condition')?.id === child.id;
    case 'not_operator':
    case 'boolean_operator':
      return true;
    case 'conditional_expression':
      return parent.namedChildren[1]?.id === child.id;
    default:
      return false;
  }
}

/** `name = call(...)` directly in a class body: the call's result becomes a class attribute. */
function isClassAttributeValue(call: SyntaxNode): boolean {
  const assignment = call.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== call.id) return false;
  const block = assignment.parent?.type === 'expression_statement' ? assignment.parent.parent : undefined;
  return block?.type === 'block' && block.parent?.type === 'class_definition';
}

class FileAnalysis {
  readonly findings: RawFinding[] = [];
  readonly scope = new Scope();

  constructor(
    private readonly file: SourceFile,
    private readonly c: Compiled,
    private readonly ctx: AnalyzerContext,
  ) {}

  /** Qualified name of an identifier/attribute chain, resolved through the imports; undefined if not imported. */
  qualify(node: SyntaxNode): string | undefined {
    const parts = dottedParts(node);
    if (!parts) return undefined;
    const bound = this.scope.aliases.get(parts[0]!);
    if (bound === undefined || bound.startsWith('.') || this.isLocal(bound)) return undefined;
    return [bound, ...parts.slice(1)].join('.');
  }

  private readonly localTops = new Map<string, boolean>();

  /** Whether the top-level package of `qualified` is a module of the project (`configparser.py` beside the file). */
  isLocal(qualified: string): boolean {
    const top = qualified.split('.')[0]!;
    let local = this.localTops.get(top);
    if (local === undefined) {
      local = this.ctx.project.isLocalModule(this.file.path, top);
      this.localTops.set(top, local);
    }
    return local;
  }

  /** Like qualify, but an unbound bare name stands for itself (a builtin such as `classmethod`). */
  qualifyOrBuiltin(node: SyntaxNode): string | undefined {
    if (node.type === 'identifier' && !this.scope.aliases.has(node.text)) return node.text;
    return this.qualify(node);
  }

  report(rule: ActiveRule, node: SyntaxNode, opts: { guards?: ReadonlySet<string>; data?: Record<string, string>; note?: string } = {}): void {
    if (isUnreachableOnTarget(node, this.ctx.target)) return;
    let severity: Severity | undefined;
    let note = opts.note;
    const guard = opts.guards ? guardingHandler(node, opts.guards) : undefined;
    const probe = guard ? undefined : guardingHasattr(node);
    const fallback = guard || probe || opts.guards !== IMPORT_GUARDS ? undefined : fallbackHandler(node, IMPORT_GUARDS);
    if (guard) {
      severity = 'notice';
      note = `${note ? `${note} ` : ''}It is guarded by \`except ${guard}\`, so on Python ${this.target()} the fallback branch runs: make sure that branch is the one you test.`;
    } else if (probe) {
      severity = 'notice';
      note = `${note ? `${note} ` : ''}It only runs when \`${probe}\` is true, so on Python ${this.target()} the other branch runs: make sure that branch is the one you test.`;
    } else if (fallback) {
      severity = 'notice';
      note = `${note ? `${note} ` : ''}It is the fallback in \`except ${fallback}\`: it runs only when the import in the \`try\` block fails, so make sure that import works on Python ${this.target()}.`;
    }
    this.findings.push({
      rule,
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      endLine: node.endPosition.row + 1,
      endColumn: node.endPosition.column + 1,
      ...(opts.data ? { data: opts.data } : {}),
      ...(severity ? { severity } : {}),
      ...(note ? { note } : {}),
    });
  }

  target(): string {
    return `${this.ctx.target[0]}.${this.ctx.target[1]}`;
  }

  bindImport(node: SyntaxNode): void {
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        if (name.type === 'aliased_import') {
          const module = name.childForFieldName('name')!.text;
          this.scope.aliases.set(name.childForFieldName('alias')!.text, module);
          this.scope.importedModules.add(module);
        } else {
          const module = name.text;
          const head = module.split('.')[0]!;
          this.scope.aliases.set(head, head);
          this.scope.importedModules.add(module);
        }
      }
      return;
    }
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) return;
    const relative = moduleNode.type === 'relative_import';
    const module = relative ? `.${moduleNode.text}` : moduleNode.text;
    if (!relative) this.scope.importedModules.add(module);
    if (node.namedChildren.some((c) => c.type === 'wildcard_import')) {
      if (!relative) this.scope.starModules.push(module);
      return;
    }
    for (const name of node.childrenForFieldName('name')) {
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name')!.text : name.text;
      const local = name.type === 'aliased_import' ? name.childForFieldName('alias')!.text : name.text;
      this.scope.aliases.set(local, `${module}.${imported}`);
      if (!relative) this.scope.importedModules.add(`${module}.${imported}`);
    }
  }

  /** The module rule for `module` or its closest parent package. */
  moduleRule(module: string): ModuleRule[] | undefined {
    let m = module;
    for (;;) {
      const hit = this.c.modules.get(m);
      if (hit) return hit;
      const dot = m.lastIndexOf('.');
      if (dot < 0) return undefined;
      m = m.slice(0, dot);
    }
  }

  /** Reports an import of `module` at `node` if a rule covers it and it is the standard library's module. */
  checkModule(module: string, node: SyntaxNode): boolean {
    const rules = this.moduleRule(module);
    if (!rules) return false;
    if (this.ctx.project.isLocalModule(this.file.path, module.split('.')[0]!)) return true;
    for (const { rule, backports } of rules) {
      if (backports.some((b) => this.ctx.project.isDeclared(b))) continue;
      const note = backports.length > 0 && this.ctx.project.manifests.length > 0
        ? `No dependency file of this project declares ${backports.map((b) => `\`${b}\``).join(' or ')}.`
        : undefined;
      this.report(rule, node, { guards: IMPORT_GUARDS, data: { module }, ...(note ? { note } : {}) });
    }
    return true;
  }

  checkName(qualified: string, node: SyntaxNode, guards: ReadonlySet<string>, prefix: boolean): boolean {
    if (this.isLocal(qualified)) return true;
    let q = qualified;
    for (;;) {
      const rules = this.c.names.get(q);
      if (rules) {
        for (const rule of rules) this.report(rule, node, { guards, data: { name: q } });
        return true;
      }
      const dot = q.lastIndexOf('.');
      if (!prefix || dot < 0) return false;
      q = q.slice(0, dot);
    }
  }

  visitImport(node: SyntaxNode): void {
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        const dotted = name.type === 'aliased_import' ? name.childForFieldName('name')! : name;
        if (!this.checkModule(dotted.text, dotted)) this.checkName(dotted.text, dotted, IMPORT_GUARDS, false);
      }
      return;
    }
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode || moduleNode.type === 'relative_import') return;
    const module = moduleNode.text;
    if (this.checkModule(module, moduleNode)) return;
    if (this.checkName(module, moduleNode, IMPORT_GUARDS, true)) return;
    for (const name of node.childrenForFieldName('name')) {
      const dotted = name.type === 'aliased_import' ? name.childForFieldName('name')! : name;
      const full = `${module}.${dotted.text}`;
      if (!this.c.modules.has(full) || !this.checkModule(full, dotted)) this.checkName(full, dotted, IMPORT_GUARDS, false);
    }
  }

  visitAttribute(node: SyntaxNode): void {
    const attr = node.childForFieldName('attribute');
    if (!attr) return;
    this.visitMethod(node, this.c.attributeMethods.get(attr.text), undefined);
    if (!this.c.attributeNames.has(attr.text)) return;
    const q = this.qualify(node);
    if (q) this.checkName(q, node, ATTRIBUTE_GUARDS, false);
  }

  visitCall(node: SyntaxNode): void {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!fn) return;
    if (fn.type === 'identifier' && !this.scope.aliases.has(fn.text)) {
      this.visitBuiltinCall(node, fn.text, args);
      return;
    }
    const q = this.qualify(fn);
    if (q === 'importlib.import_module') {
      const module = stringLiteral(args?.namedChild(0));
      if (module && !module.startsWith('.')) this.checkModule(module, args!.namedChild(0)!);
    }
    if (q) {
      for (const rule of this.c.calls.get(q) ?? []) {
        if (!rule.classAttribute || isClassAttributeValue(node)) this.checkCallArguments(rule, node, args, { name: q });
      }
    }
    if (fn.type === 'attribute') this.visitMethod(fn, this.c.methods.get(fn.childForFieldName('attribute')!.text), node);
  }

  visitBuiltinCall(node: SyntaxNode, name: string, args: SyntaxNode | null): void {
    if (name === '__import__') {
      const module = stringLiteral(args?.namedChild(0));
      if (module) this.checkModule(module, args!.namedChild(0)!);
      return;
    }
    if (name === 'locals') {
      this.visitLocalsCall(node);
      return;
    }
    if (name === 'exec') {
      this.visitExec(node, args);
      return;
    }
    for (const star of this.scope.starModules) {
      if (this.checkName(`${star}.${name}`, node.childForFieldName('function')!, ATTRIBUTE_GUARDS, false)) return;
    }
  }

  /** Reports `spec.rule` for a call whose arguments meet the spec's conditions (no condition: every call). */
  checkCallArguments(spec: ArgumentSpec & { rule: ActiveRule }, call: SyntaxNode, args: SyntaxNode | null, data: Record<string, string> = {}): void {
    const list = args?.type === 'argument_list' ? args.namedChildren.filter((a) => a.type !== 'comment') : [];
    if (!hasArgumentConditions(spec)) {
      this.report(spec.rule, call, { data });
      return;
    }
    const keywordName = (a: SyntaxNode): string | undefined => (a.type === 'keyword_argument' ? a.childForFieldName('name')!.text : undefined);
    if (spec.unlessKeywords && list.some((a) => spec.unlessKeywords!.includes(keywordName(a) ?? ''))) return;
    const positional = list.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
    const splat = list.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
    for (const arg of list) {
      const keyword = keywordName(arg);
      if (keyword === undefined) continue;
      if (spec.keywords?.includes(keyword) || (spec.anyKeywordExcept && !spec.anyKeywordExcept.includes(keyword))) {
        this.report(spec.rule, arg, { data: { ...data, keyword } });
      }
    }
    if (spec.minPositional && !positional.some((a) => a.type === 'list_splat')) {
      const offending = positional[spec.minPositional - 1];
      if (offending) this.report(spec.rule, offending, { data });
    }
    if (spec.missingArgument && !splat) {
      const { position, keyword } = spec.missingArgument;
      if (positional.length <= position && !(keyword && list.some((a) => keywordName(a) === keyword))) this.report(spec.rule, call, { data });
    }
    if (spec.firstArgIn) {
      const first = stringLiteral(positional[0]);
      if (first !== undefined && spec.firstArgIn.includes(first)) this.report(spec.rule, positional[0]!, { data: { ...data, value: first } });
    }
  }

  /** `x.name(...)` or, for `access: attribute` rules, any `x.name`: filtered by receiver, imports and class. */
  visitMethod(fn: SyntaxNode, specs: readonly MethodRule[] | undefined, call: SyntaxNode | undefined): void {
    if (!specs) return;
    const name = fn.childForFieldName('attribute')!.text;
    const receiver = fn.childForFieldName('object')!;
    for (const spec of specs) {
      if (spec.receiver === 'self' && !(receiver.type === 'identifier' && (receiver.text === 'self' || receiver.text === 'cls'))) continue;
      if (spec.requiresImport && !spec.requiresImport.some((m) => this.scope.imports(m))) continue;
      if (this.isForeignModule(receiver, spec.requiresImport)) continue;
      if (spec.bases && !this.derivesFrom(this.localClassChain(fn), spec.bases)) continue;
      if (this.callsOwnMethod(receiver, name)) continue;
      if (spec.receiverType && !this.isBuiltBy(receiver, spec.receiverType)) continue;
      if (spec.inCondition && !isTruthTested(call ?? fn)) continue;
      const shifted = spec.minPositional && this.isUnboundCall(receiver) ? { ...spec, minPositional: spec.minPositional + 1 } : spec;
      if (call) this.checkCallArguments(shifted, fn, call.childForFieldName('arguments'), { method: name });
      else if (!hasArgumentConditions(spec)) this.report(spec.rule, fn, { data: { method: name } });
    }
  }

  /**
   * A receiver that is a name bound by an import (relative ones included), or an attribute chain over one
   * (`warnings` in `warnings.warn(...)`, `importlib.machinery.PathFinder`), is a module or an imported object,
   * not an instance: it only counts when it belongs to one of the rule's own modules.
   */
  isForeignModule(receiver: SyntaxNode, own: readonly string[] | undefined): boolean {
    const parts = dottedParts(receiver);
    const head = parts ? this.scope.aliases.get(parts[0]!) : undefined;
    if (head === undefined) return false;
    const bound = [head, ...parts!.slice(1)].join('.');
    return !(own ?? []).some((m) => bound === m || bound.startsWith(`${m}.`));
  }

  /** `Class.method(instance, ...)` through an imported class: the instance is the first positional argument. */
  isUnboundCall(receiver: SyntaxNode): boolean {
    const parts = dottedParts(receiver);
    return parts !== undefined && this.scope.aliases.has(parts[0]!) && /^[A-Z]/.test(parts[parts.length - 1]!);
  }

  /** Whether `receiver` is a call of one of `types`, or a name assigned (or bound by `with ... as`) from one in the same scope. */
  isBuiltBy(receiver: SyntaxNode, types: readonly string[]): boolean {
    const builtBy = (value: SyntaxNode | null | undefined): boolean => {
      const fn = value?.type === 'call' ? value.childForFieldName('function') : undefined;
      const q = fn ? this.qualify(fn) : undefined;
      return q !== undefined && types.includes(q);
    };
    if (receiver.type === 'call') return builtBy(receiver);
    if (receiver.type !== 'identifier') return false;
    return (this.bindingsOf(enclosingFunction(receiver) ?? receiver.tree.rootNode).get(receiver.text) ?? []).some(builtBy);
  }

  private readonly bindings = new Map<number, Map<string, SyntaxNode[]>>();

  /**
   * Name -> values bound to it in one scope (`name = value`, `with value as name`), indexed once per scope:
   * looking them up for every receiver made a file with many receivers quadratic.
   */
  bindingsOf(scope: SyntaxNode): Map<string, SyntaxNode[]> {
    let index = this.bindings.get(scope.id);
    if (index) return index;
    index = new Map();
    this.bindings.set(scope.id, index);
    const root = scope.tree.rootNode;
    const sameScope = (n: SyntaxNode): boolean => (enclosingFunction(n)?.id ?? root.id) === scope.id;
    const bind = (name: string, value: SyntaxNode | null | undefined): void => {
      if (value) push(index!, name, value);
    };
    for (const a of scope.descendantsOfType('assignment')) {
      const left = a.childForFieldName('left');
      if (left?.type === 'identifier' && sameScope(a)) bind(left.text, a.childForFieldName('right'));
    }
    for (const item of scope.descendantsOfType('with_item')) {
      const value = item.childForFieldName('value');
      if (value?.type !== 'as_pattern' || !sameScope(item)) continue;
      const alias = value.childForFieldName('alias') ?? value.namedChildren[1];
      if (alias) bind(alias.text, value.namedChild(0));
    }
    return index;
  }

  /** The class around `node` and, recursively, the classes of this file it derives from. */
  localClassChain(node: SyntaxNode): SyntaxNode[] {
    const cls = enclosingClass(node);
    if (!cls) return [];
    const known = this.chains.get(cls.id);
    if (known) return known;
    // Iterative, with a set of seen classes: a file may hold a chain of thousands of classes.
    const chain: SyntaxNode[] = [];
    const seen = new Set<number>();
    const todo = [cls];
    for (let klass = todo.pop(); klass; klass = todo.pop()) {
      if (seen.has(klass.id)) continue;
      seen.add(klass.id);
      chain.push(klass);
      const bases = klass.childForFieldName('superclasses')?.namedChildren ?? [];
      for (let i = bases.length - 1; i >= 0; i--) {
        const local = bases[i]!.type === 'identifier' ? this.localClass(klass, bases[i]!.text) : undefined;
        if (local) todo.push(local);
      }
    }
    this.chains.set(cls.id, chain);
    return chain;
  }

  private readonly chains = new Map<number, SyntaxNode[]>();

  /** Whether a class of `chain` derives from one of `bases` (`*Suffix` matches the last name segment). */
  derivesFrom(chain: readonly SyntaxNode[], bases: readonly string[]): boolean {
    return chain.some((klass) => (klass.childForFieldName('superclasses')?.namedChildren ?? []).some((base) => {
      if (base.type === 'keyword_argument') return false;
      const q = this.qualify(base) ?? base.text;
      return bases.some((p) => (p.startsWith('*') ? lastSegment(q).endsWith(p.slice(1)) : q === p));
    }));
  }

  /**
   * `self.name(...)`, `cls.name(...)` or `super().name(...)` where a class of the file's chain defines
   * `name` itself: the project's own method (a helper, an override), not the standard library's.
   */
  callsOwnMethod(receiver: SyntaxNode, name: string): boolean {
    const isSelf = receiver.type === 'identifier' && (receiver.text === 'self' || receiver.text === 'cls');
    const isSuper = receiver.type === 'call' && receiver.childForFieldName('function')?.text === 'super';
    if (!isSelf && !isSuper) return false;
    return this.localClassChain(receiver).some((klass) => klass.childForFieldName('body')?.namedChildren.some((d) => definedName(d) === name));
  }

  private classesByName: Map<string, SyntaxNode> | undefined;

  /** The file's first class named `name` (classes indexed once per file, not searched for every base). */
  localClass(from: SyntaxNode, name: string): SyntaxNode | undefined {
    if (!this.classesByName) {
      this.classesByName = new Map();
      for (const k of from.tree.rootNode.descendantsOfType('class_definition')) {
        const n = k.childForFieldName('name')?.text;
        if (n !== undefined && !this.classesByName.has(n)) this.classesByName.set(n, k);
      }
    }
    return this.classesByName.get(name);
  }

  private readonly visited = new Set<number>();

  /** Visits the call, attribute, `with` item and decorated definition that an identifier at each kept hit starts. */
  visitHits(root: SyntaxNode, hits: Hits, keep: (word: string, at: number) => boolean): void {
    for (let k = 0; k < hits.at.length; k++) {
      const w = hits.word[k]!;
      const at = hits.at[k]!;
      if (!keep(w, at)) continue;
      this.ctx.deadline?.check();
      const node = root.descendantForIndex(at, at + w.length);
      if (node.type === 'identifier' && node.startIndex === at) this.visitAround(node);
    }
  }

  private once(node: SyntaxNode): boolean {
    if (this.visited.has(node.id)) return false;
    this.visited.add(node.id);
    return true;
  }

  private visitAround(identifier: SyntaxNode): void {
    let n = identifier;
    let p = n.parent;
    if (p?.type === 'attribute' && p.childForFieldName('attribute')?.id === n.id) {
      if (this.once(p)) this.visitAttribute(p);
      n = p;
      p = p.parent;
    }
    if (p?.type === 'call' && p.childForFieldName('function')?.id === n.id) {
      if (this.once(p)) this.visitCall(p);
      n = p;
      p = p.parent;
    }
    if (p?.type === 'as_pattern' && p.namedChild(0)?.id === n.id && p.parent?.type === 'with_item') p = p.parent;
    if (p?.type === 'with_item' && this.once(p)) this.visitWith(p);
    if (p?.type === 'decorator' && p.parent?.type === 'decorated_definition' && this.once(p.parent)) this.visitDecorated(p.parent);
  }

  /**
   * Local names that imports bind to a rule's callable under another name (`from re import sub as resub`):
   * their uses carry no anchor word, so they get a pattern of their own.
   */
  aliasAnchors(): RegExp | undefined {
    const extra: string[] = [];
    for (const [local, q] of this.scope.aliases) {
      if (local === lastSegment(q)) continue;
      if (this.c.calls.has(q) || this.c.contextManagers.has(q) || this.c.names.has(q) || q === 'importlib.import_module' || this.c.decorators.some((d) => d.outer === q)) extra.push(local);
    }
    return extra.length > 0 ? wordPattern(extra) : undefined;
  }

  /** Local names that imports bind to a receiver type under another name (`from gzip import GzipFile as GF`). */
  receiverTypeAliases(): RegExp | undefined {
    const extra: string[] = [];
    for (const [local, q] of this.scope.aliases) if (local !== lastSegment(q) && this.c.receiverTypes.has(q)) extra.push(local);
    return extra.length > 0 ? wordPattern(extra) : undefined;
  }

  visitWith(node: SyntaxNode): void {
    let value = node.childForFieldName('value');
    if (value?.type === 'as_pattern') value = value.namedChild(0);
    if (!value || value.type !== 'call') return;
    const fn = value.childForFieldName('function');
    const q = fn ? this.qualify(fn) : undefined;
    for (const rule of (q && this.c.contextManagers.get(q)) || []) this.report(rule, value, { data: { name: q! } });
  }

  visitDecorated(node: SyntaxNode): void {
    const names = node.namedChildren
      .filter((c) => c.type === 'decorator')
      .map((d) => {
        let e = d.namedChild(0);
        if (e?.type === 'call') e = e.childForFieldName('function');
        return { node: d, name: e ? this.qualifyOrBuiltin(e) : undefined };
      });
    for (let i = 0; i + 1 < names.length; i++) {
      for (const spec of this.c.decorators) {
        if (names[i]!.name === spec.outer && names[i + 1]!.name && spec.inner.has(names[i + 1]!.name!)) {
          this.report(spec.rule, names[i]!.node, { data: { inner: names[i + 1]!.name! } });
        }
      }
    }
  }

  /** PEP 667: inside a function, `locals()` returns a fresh snapshot on 3.13; writes to it are lost. */
  visitLocalsCall(call: SyntaxNode): void {
    if (this.c.localsMutation.length === 0 || !enclosingFunction(call)) return;
    const parent = call.parent;
    if (!parent) return;
    let target: SyntaxNode | undefined;
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === call.id) {
      const holder = parent.parent;
      const isWrite = (holder?.type === 'assignment' || holder?.type === 'augmented_assignment') && holder.childForFieldName('left')?.id === parent.id;
      const isDelete = holder?.type === 'delete_statement' || (holder?.type === 'expression_list' && holder.parent?.type === 'delete_statement');
      if (isWrite || isDelete) target = parent;
    } else if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === call.id) {
      const method = parent.childForFieldName('attribute')!.text;
      if (LOCALS_MUTATORS.has(method) && parent.parent?.type === 'call') target = parent.parent;
    }
    if (target) for (const rule of this.c.localsMutation) this.report(rule, target);
  }

  /** `exec(code)` in a function followed by a `locals()` read: on 3.13 the names exec created are not there. */
  visitExec(call: SyntaxNode, args: SyntaxNode | null): void {
    const fn = enclosingFunction(call);
    if (this.c.execReadback.length === 0 || !fn || !args) return;
    const positional = args.namedChildren.filter((a) => a.type !== 'keyword_argument');
    const third = positional[2] ?? args.namedChildren.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'locals')?.childForFieldName('value');
    const implicitLocals = positional.length <= 1 && !args.namedChildren.some((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'globals');
    const snapshotLocals = third?.type === 'call' && third.childForFieldName('function')?.text === 'locals';
    if (!implicitLocals && !snapshotLocals) return;
    if (this.lastLocalsCall(fn) > call.endIndex) for (const rule of this.c.execReadback) this.report(rule, call);
  }

  private readonly localsCalls = new Map<number, number>();

  /** Where the last `locals()` call of function `fn` (not of a nested one) starts; -1 if none. Once per function. */
  lastLocalsCall(fn: SyntaxNode): number {
    let last = this.localsCalls.get(fn.id);
    if (last !== undefined) return last;
    last = -1;
    for (const c of fn.descendantsOfType('call')) {
      const f = c.childForFieldName('function');
      if (f?.type === 'identifier' && f.text === 'locals' && enclosingFunction(c)?.id === fn.id) last = Math.max(last, c.startIndex);
    }
    this.localsCalls.set(fn.id, last);
    return last;
  }
}

export const pythonAnalyzer: Analyzer = {
  kind: 'python',
  accepts: (path) => /\.pyi?$/.test(path),
  analyze(file: SourceFile, rules: readonly ActiveRule[], ctx: AnalyzerContext): AnalysisOutput {
    const compiled = compile(rules);
    // A syntax error is reported only where a rule could match: PyShift is not a syntax checker, and
    // this keeps the result independent of whether the pre-filter skipped the parse.
    const hits = hitsOf(compiled.scan, file.text);
    const candidate = mayMatch(compiled, hits);
    if (!candidate && (pythonAnalyzerOptions.prefilter || compiled.requirements.length === 0)) return { findings: [] };
    const lines = logicalLines(file.text);
    pythonParseStats.files++;
    pythonParseStats.fileChars += file.text.length;
    const plan = pythonAnalyzerOptions.regions && pythonAnalyzerOptions.walk === 'anchors' ? RegionPlan.make(file.text, compiled, hits, lines) : undefined;
    if (plan) {
      if (plan.ranges.length === 0) return { findings: [] };
      // A syntax error in the parsed statements, or a dependency outside them: parse the whole file below.
      const root = parseWithin(plan.parseText(lines!.commentLines), ctx.deadline, plan.ranges).rootNode;
      pythonParseStats.regionParses++;
      for (const r of plan.ranges) pythonParseStats.parsedChars += r.endIndex - r.startIndex;
      if (!root.hasError) {
        const analysis = new FileAnalysis(file, compiled, ctx);
        const imports = importStatementsAt(root, plan.imports, ctx.deadline);
        for (const node of imports) analysis.bindImport(node);
        const aliases = analysis.aliasAnchors();
        if (plan.covers(aliases) && plan.covers(analysis.receiverTypeAliases()) && plan.coversClasses(root)) {
          for (const node of imports) analysis.visitImport(node);
          analysis.visitHits(root, hits, (w, at) => compiled.anchorSet.has(w) && plan.parsed(at));
          analysis.visitHits(root, hitsOf(aliases, file.text), () => true);
          return { findings: analysis.findings, problems: [] };
        }
      }
    }
    const text = lines ? blankLines(file.text, lines.commentLines) : blankCommentLines(file.text);
    const tree = parseWithin(text, ctx.deadline);
    pythonParseStats.fullParses++;
    pythonParseStats.parsedChars += text.length;
    const root = tree.rootNode;
    const problems = candidate && root.hasError ? [firstProblem(root)] : [];
    const analysis = new FileAnalysis(file, compiled, ctx);
    if (pythonAnalyzerOptions.walk === 'captures') {
      const captures = query().captures(root);
      for (const { name, node } of captures) if (name === 'import' || name === 'from') analysis.bindImport(node);
      for (const { name, node } of captures) {
        ctx.deadline?.check();
        switch (name) {
          case 'import':
          case 'from': analysis.visitImport(node); break;
          case 'attr': analysis.visitAttribute(node); break;
          case 'call': analysis.visitCall(node); break;
          case 'with': analysis.visitWith(node); break;
          case 'decorated': analysis.visitDecorated(node); break;
          default: break;
        }
      }
    } else {
      const imports = importStatements(root, file.text, ctx.deadline);
      for (const node of imports) analysis.bindImport(node);
      for (const node of imports) analysis.visitImport(node);
      analysis.visitHits(root, hits, (w) => compiled.anchorSet.has(w));
      analysis.visitHits(root, hitsOf(analysis.aliasAnchors(), file.text), () => true);
    }
    return { findings: analysis.findings, problems };
  },
};
