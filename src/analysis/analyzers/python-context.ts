// Context that changes a Python finding's verdict: `sys.version_info` branches that cannot run on the
// target, and `try/except ImportError` guards. Works on tree-sitter-python syntax nodes.

import type { SyntaxNode } from 'tree-sitter';
import type { PythonVersion } from '../versions.js';

type Tri = boolean | undefined;

/** What a `sys.version_info` expression stands for: the full tuple, its [:2] slice, or one element. */
type VersionOperand = { kind: 'full' } | { kind: 'prefix' } | { kind: 'element'; index: 0 | 1 };

const isVersionInfo = (node: SyntaxNode): boolean => node.text === 'sys.version_info' || node.text === 'version_info';

function versionOperand(node: SyntaxNode): VersionOperand | undefined {
  if (isVersionInfo(node)) return { kind: 'full' };
  if (node.type === 'attribute' && isVersionInfo(node.childForFieldName('object')!)) {
    const attr = node.childForFieldName('attribute')?.text;
    if (attr === 'major') return { kind: 'element', index: 0 };
    if (attr === 'minor') return { kind: 'element', index: 1 };
    return undefined;
  }
  if (node.type === 'subscript' && isVersionInfo(node.childForFieldName('value')!)) {
    const sub = node.childForFieldName('subscript');
    if (!sub) return undefined;
    if (sub.type === 'integer') return sub.text === '0' ? { kind: 'element', index: 0 } : sub.text === '1' ? { kind: 'element', index: 1 } : undefined;
    if (sub.type === 'slice' && /^(0)?:2$/.test(sub.text.replace(/\s/g, ''))) return { kind: 'prefix' };
  }
  return undefined;
}

function intTuple(node: SyntaxNode): number[] | undefined {
  if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return intTuple(node.namedChild(0)!);
  if (node.type === 'integer') return /^\d+$/.test(node.text) ? [Number(node.text)] : undefined;
  if (node.type !== 'tuple') return undefined;
  const out: number[] = [];
  for (const child of node.namedChildren) {
    if (child.type !== 'integer' || !/^\d+$/.test(child.text)) return undefined;
    out.push(Number(child.text));
  }
  return out.length > 0 ? out : undefined;
}

function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

function applyOp(op: string, cmp: number): Tri {
  switch (op) {
    case '<': return cmp < 0;
    case '<=': return cmp <= 0;
    case '>': return cmp > 0;
    case '>=': return cmp >= 0;
    case '==': return cmp === 0;
    case '!=': return cmp !== 0;
    default: return undefined;
  }
}

/**
 * Compares the target's version_info (any 3.13.x release: micro unknown) with a literal. Returns
 * undefined when the answer depends on the micro version.
 */
function compareWithTarget(operand: VersionOperand, op: string, literal: number[], target: PythonVersion): Tri {
  if (operand.kind === 'element') {
    if (literal.length !== 1) return undefined;
    return applyOp(op, target[operand.index] - literal[0]!);
  }
  if (operand.kind === 'prefix') return applyOp(op, compareTuples(target, literal));
  // The full tuple is (major, minor, micro, releaselevel, serial): longer than any 2-item literal.
  const head = literal.slice(0, 2);
  const cmp = compareTuples(target.slice(0, head.length), head);
  if (cmp !== 0) return applyOp(op, cmp);
  if (literal.length <= 2) return applyOp(op, 1);
  return undefined;
}

/** Evaluates a condition for the target version: true, false, or undefined when it does not depend only on it. */
export function evaluateCondition(node: SyntaxNode, target: PythonVersion): Tri {
  switch (node.type) {
    case 'parenthesized_expression':
      return node.namedChildCount === 1 ? evaluateCondition(node.namedChild(0)!, target) : undefined;
    case 'not_operator': {
      const v = evaluateCondition(node.childForFieldName('argument')!, target);
      return v === undefined ? undefined : !v;
    }
    case 'boolean_operator': {
      const left = evaluateCondition(node.childForFieldName('left')!, target);
      const right = evaluateCondition(node.childForFieldName('right')!, target);
      if (node.childForFieldName('operator')?.type === 'and') return left === false || right === false ? false : left && right ? true : undefined;
      return left === true || right === true ? true : left === false && right === false ? false : undefined;
    }
    case 'comparison_operator': {
      if (node.namedChildCount !== 2) return undefined;
      const [a, b] = [node.namedChild(0)!, node.namedChild(1)!];
      const op = node.children.find((c) => !c.isNamed)?.type;
      if (!op) return undefined;
      const left = versionOperand(a);
      const rightTuple = intTuple(b);
      if (left && rightTuple) return compareWithTarget(left, op, rightTuple, target);
      const right = versionOperand(b);
      const leftTuple = intTuple(a);
      if (right && leftTuple && FLIP[op]) return compareWithTarget(right, FLIP[op]!, leftTuple, target);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** True when `node` sits in a branch that cannot run on the target version. */
export function isUnreachableOnTarget(node: SyntaxNode, target: PythonVersion): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'if_statement':
      case 'elif_clause': {
        if (child.type === 'block' && parent.childForFieldName('consequence')?.id === child.id) {
          if (evaluateCondition(parent.childForFieldName('condition')!, target) === false) return true;
        }
        if (parent.type === 'elif_clause' && earlierBranchTaken(parent, target)) return true;
        break;
      }
      case 'else_clause':
        if (earlierBranchTaken(parent, target)) return true;
        break;
      case 'conditional_expression': {
        const [yes, cond, no] = parent.namedChildren;
        if (!cond) break;
        const v = evaluateCondition(cond, target);
        if ((child.id === yes?.id && v === false) || (child.id === no?.id && v === true)) return true;
        break;
      }
      case 'boolean_operator': {
        const left = parent.childForFieldName('left');
        if (left && child.id !== left.id) {
          const v = evaluateCondition(left, target);
          const op = parent.childForFieldName('operator')?.type;
          if ((op === 'and' && v === false) || (op === 'or' && v === true)) return true;
        }
        break;
      }
      default:
        break;
    }
  }
  return false;
}

/** For an elif/else clause: is the `if` or an earlier `elif` of the same statement always taken? */
function earlierBranchTaken(clause: SyntaxNode, target: PythonVersion): boolean {
  const stmt = clause.parent;
  if (!stmt || stmt.type !== 'if_statement') return false;
  if (evaluateCondition(stmt.childForFieldName('condition')!, target) === true) return true;
  for (const alt of stmt.childrenForFieldName('alternative')) {
    if (alt.id === clause.id) break;
    if (alt.type === 'elif_clause' && evaluateCondition(alt.childForFieldName('condition')!, target) === true) return true;
  }
  return false;
}

function exceptNames(clause: SyntaxNode): string[] | 'bare' {
  let value = clause.childForFieldName('value');
  if (!value) return 'bare';
  if (value.type === 'as_pattern') value = value.namedChild(0)!;
  const items = value.type === 'tuple' || value.type === 'parenthesized_expression' ? value.namedChildren : [value];
  return items.map((n) => n.text.split('.').pop()!.trim());
}

/**
 * The exception names of the innermost `try` whose body contains `node` (within the same function)
 * and one of whose handlers catches any of `caught` (or everything). Returns the caught name or undefined.
 */
export function guardingHandler(node: SyntaxNode, caught: ReadonlySet<string>): string | undefined {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'function_definition' || parent.type === 'lambda') return undefined;
    if (parent.type !== 'try_statement' || parent.childForFieldName('body')?.id !== child.id) continue;
    for (const clause of parent.namedChildren) {
      if (clause.type !== 'except_clause' && clause.type !== 'except_group_clause') continue;
      const names = exceptNames(clause);
      if (names === 'bare') return 'a bare except';
      const hit = names.find((n) => caught.has(n));
      if (hit) return hit;
    }
  }
  return undefined;
}

const IMPORT_STATEMENTS = ['import_statement', 'import_from_statement', 'future_import_statement'];

/**
 * For an import inside an `except ImportError` handler (within the same function): the exception name.
 * Such an import is a fallback that runs only when an import of the `try` block failed, which on the
 * target usually means it never runs (`try: import _imp except ImportError: import imp as _imp`).
 */
export function fallbackHandler(node: SyntaxNode, caught: ReadonlySet<string>): string | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition' || parent.type === 'lambda') return undefined;
    if (parent.type !== 'except_clause') continue;
    const names = exceptNames(parent);
    if (names === 'bare') return undefined;
    const hit = names.find((n) => caught.has(n) && n !== 'Exception' && n !== 'BaseException');
    const tryBody = parent.parent?.type === 'try_statement' ? parent.parent.childForFieldName('body') : null;
    if (hit && tryBody && tryBody.descendantsOfType(IMPORT_STATEMENTS).length > 0) return hit;
  }
  return undefined;
}

/** The nearest enclosing function definition, stopping at a class body. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return p;
    if (p.type === 'class_definition' || p.type === 'module') return undefined;
  }
  return undefined;
}

/** The nearest enclosing class definition of a method body. */
export function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'class_definition') return p;
  return undefined;
}

/** `obj.name` for each `hasattr(obj, "name")` that must be true for `condition` to be true. */
function hasattrFacts(condition: SyntaxNode): string[] {
  if (condition.type === 'parenthesized_expression' && condition.namedChildCount === 1) return hasattrFacts(condition.namedChild(0)!);
  if (condition.type === 'boolean_operator' && condition.childForFieldName('operator')?.type === 'and') {
    return [...hasattrFacts(condition.childForFieldName('left')!), ...hasattrFacts(condition.childForFieldName('right')!)];
  }
  if (condition.type !== 'call' || condition.childForFieldName('function')?.text !== 'hasattr') return [];
  const [obj, name] = condition.childForFieldName('arguments')?.namedChildren ?? [];
  const literal = name?.type === 'string' && name.namedChildren.length <= 3 ? name.namedChildren.find((c) => c.type === 'string_content')?.text : undefined;
  return obj && literal ? [`${obj.text}.${literal}`] : [];
}

/**
 * The `hasattr(obj, "name")` test that guards the attribute `obj.name` at `node` (an if/elif body, the true
 * branch of a conditional expression, or the right side of `and`), or undefined. `node` is the attribute or a
 * call of it.
 */
export function guardingHasattr(node: SyntaxNode): string | undefined {
  const attribute = node.type === 'call' ? node.childForFieldName('function') : node;
  if (attribute?.type !== 'attribute') return undefined;
  const wanted = attribute.text.replace(/\s+/g, '');
  const check = (condition: SyntaxNode | null | undefined): string | undefined =>
    condition && hasattrFacts(condition).some((f) => f.replace(/\s+/g, '') === wanted) ? condition.text : undefined;
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    let hit: string | undefined;
    if ((parent.type === 'if_statement' || parent.type === 'elif_clause') && parent.childForFieldName('consequence')?.id === child.id) {
      hit = check(parent.childForFieldName('condition'));
    } else if (parent.type === 'conditional_expression' && parent.namedChildren[0]?.id === child.id) {
      hit = check(parent.namedChildren[1]);
    } else if (parent.type === 'boolean_operator' && parent.childForFieldName('operator')?.type === 'and' && parent.childForFieldName('right')?.id === child.id) {
      hit = check(parent.childForFieldName('left'));
    }
    if (hit) return hit;
    if (parent.type === 'function_definition' || parent.type === 'class_definition') return undefined;
  }
  return undefined;
}
