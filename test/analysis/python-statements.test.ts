// The statement splitter behind region parsing: it must never put a statement start inside a string,
// brackets or a continued line (that would hand tree-sitter half a statement), and it must cut class
// bodies into their statements. Expected lines were checked against CPython 3.13's ast module
// (`scripts/verify-statements.ts` runs the same check over a whole standard library).

import { describe, expect, it } from '@jest/globals';
import { logicalLines, statementTree, topLevelStatementStarts } from '../../src/analysis/analyzers/python-statements.js';

/** The 1-based line of each top-level statement start. */
function startLines(text: string): number[] | undefined {
  const starts = topLevelStatementStarts(text);
  return starts?.map((s) => text.slice(0, s).split('\n').length);
}

describe('topLevelStatementStarts', () => {
  it.each([
    ['plain statements, comments and blank lines', 'import os\n\n# note\nx = 1\ndef f():\n    return 1\ny = f()\n', [1, 4, 5, 7]],
    ['a column-0 line inside a triple-quoted string', 's = """\nimport cgi\nx = 1\n"""\ny = 2\n', [1, 5]],
    ['brackets spanning lines', 'x = [\n1,\n2]\nd = {\n"a": (1,\n2)}\nz = 3\n', [1, 4, 7]],
    ['a backslash continuation', 'x = 1 + \\\n2\ny = 3\n', [1, 3]],
    ['decorators join their definition', '@a\n@b(1)\ndef f():\n    pass\n@c\nclass K:\n    pass\nz = 1\n', [1, 5, 8]],
    ['else / elif / except / finally continue their statement', 'if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\ntry:\n    pass\nexcept* E:\n    pass\nfinally:\n    pass\nelse_ = 1\n', [1, 7, 13]],
    ['string prefixes', "x = rb'\\\\'\ny = Rb\"\\\"\"\nz = u'a'\nw = 1\n", [1, 2, 3, 4]],
    ['PEP 701 f-strings: nested same quotes, format specs with fields, conversions', 'x = f"{\'a\' + f"{1:{\'>\'}{2}}"}"\ny = f"{a!r:>{w}} {{literal}} {b=}"\nz = 1\n', [1, 2, 3]],
    ['a multi-line replacement field in a triple-quoted f-string', 'x = f"""{\n1 +\n2\n}"""\ny = 1\n', [1, 5]],
    ['raw f-strings keep a backslash before a brace', "x = fr'\\{{'\ny = fr'\\{1+1}'\nz = 1\n", [1, 2, 3]],
    ['\\N{...} in an f-string is not a field', 'x = f"\\N{DIGIT ONE} {y}"\nz = 1\n', [1, 2]],
    ['a comment holding quotes and brackets', "x = 1  # it's ( [ {\ny = 2\n", [1, 2]],
    ['CRLF line ends', 'x = (\r\n1)\r\ny = 2\r\n', [1, 3]],
    ['a form feed before a statement merges it with the one above (safe)', 'x = 1\n\fy = 2\n', [1]],
  ])('%s', (_name, text, lines) => {
    expect(startLines(text)).toEqual(lines);
  });

  it.each([
    ['an unterminated string', 'x = "abc\ny = 1\n'],
    ['an unterminated triple-quoted string', 'x = """abc\ny = 1\n'],
    ['an unclosed bracket', 'x = (1,\ny = 2\n'],
    ['a bracket that never opened', 'x = 1)\n'],
  ])('gives up on %s (the whole file is parsed instead)', (_name, text) => {
    expect(topLevelStatementStarts(text)).toBeUndefined();
  });

  it('is linear on adversarial input: 200,000 quotes, brackets and braces', () => {
    const text = `x = f"${'{('.repeat(50_000)}${')}'.repeat(50_000)}"\n`;
    expect(topLevelStatementStarts(text)).toEqual([0]);
    expect(logicalLines('(\n'.repeat(100_000))).toBeUndefined();
  });
});

describe('statementTree', () => {
  const text = [
    '@dataclass',             // 1  unit 0: a decorated class header
    'class K(Base):',         // 2
    '    """Doc."""',         // 3  unit 1
    '    x = 1  # note',      // 4  unit 2
    '    @property',          // 5  unit 3: a decorated method header
    '    def f(self):',       // 6
    '        return (',       // 7  unit 4
    '1)',                     // 8  inside brackets
    '    if X:',              // 9  unit 5
    '        y = 2',          // 10 unit 6
    '    else:',              // 11 unit 7: a clause of unit 5
    '        # only a comment',
    '        y = 3',          // 13 unit 8
    'def g():',               // 14 unit 9
    '    try:',               // 15 unit 10
    '        import a',       // 16 unit 11
    '    except ImportError:',// 17 unit 12
    '        a = None',       // 18 unit 13
    '    return 1',           // 19 unit 14
    '',
  ].join('\n');
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;

  it('gives every statement and clause at every depth, with its header, clause head and body end', () => {
    const tree = statementTree(text)!;
    expect(Array.from(tree.starts, lineOf)).toEqual([1, 3, 4, 5, 7, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19]);
    expect(Array.from(tree.parents)).toEqual([-1, 0, 0, 0, 3, 0, 5, 0, 7, -1, 9, 10, 9, 12, 9]);
    expect(Array.from(tree.heads)).toEqual([0, 1, 2, 3, 4, 5, 6, 5, 8, 9, 10, 11, 10, 13, 14]);
    expect(Array.from(tree.after)).toEqual([9, 2, 3, 5, 5, 7, 7, 9, 9, 15, 12, 12, 14, 14, 15]);
    expect(Array.from(tree.codes, (c) => text.slice(c, c + 5))).toEqual(['@data', '"""Do', 'x = 1', '@prop', 'retur', 'if X:', 'y = 2', 'else:', 'y = 3', 'def g', 'try:\n', 'impor', 'excep', 'a = N', 'retur']);
  });

  it('lists comments and plain strings as non-code, and comment-only lines for blanking', () => {
    const lines = logicalLines('x = "a#b"  # c\n# d\ny = f"{z}"\nw = (1,\n  # e\n  2)\n')!;
    expect(Array.from(lines.nonCode)).toEqual([4, 9, 11, 14, 15, 18, 40, 43]);
    expect(Array.from(lines.commentLines)).toEqual([15, 18, 38, 43]);
    expect(lines.tabs).toBe(false);
    expect(logicalLines('if x:\n\ty = 1\n')!.tabs).toBe(true);
  });

  it.each([
    ['an unexpected indent at module level', '  x = 1\n'],
    ['a dedent to no enclosing level', 'if a:\n    x = 1\n  y = 2\n'],
    ['tabs and spaces that disagree', 'if a:\n\tx = 1\n        y = 2\n'],
    ['a decorator with nothing after it', '@dec\n'],
  ])('gives up on %s (the whole file is parsed instead)', (_name, source) => {
    expect(statementTree(source)).toBeUndefined();
  });

  it('accepts tabs used consistently', () => {
    expect(Array.from(statementTree('if a:\n\tx = 1\n\ty = 2\nz = 3\n')!.parents)).toEqual([-1, 0, 0, -1]);
  });
});
