// The statement splitter behind region parsing: it must never put a statement start inside a string,
// brackets or a continued line (that would hand tree-sitter half a statement), and it must cut class
// bodies into their statements. Expected lines were checked against CPython 3.13's ast module
// (`scripts/verify-statements.ts` runs the same check over a whole standard library).

import { describe, expect, it } from '@jest/globals';
import { logicalLines, statementUnits, topLevelStatementStarts } from '../../src/analysis/analyzers/python-statements.js';

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

describe('statementUnits', () => {
  const text = [
    '@dataclass',             // 1  header of K
    'class K(Base):',         // 2
    '    """Doc."""',         // 3  body: docstring
    '    x = 1',              // 4  body
    '    @property',          // 5  body: decorated method
    '    def f(self):',       // 6
    '        return (',       // 7
    '1)',                     // 8  inside brackets
    '    if X:',              // 9  body
    '        y = 2',          // 10
    '    else:',              // 11
    '        y = 3',          // 12
    'def g():',               // 13 top level, not cut
    '    class Inner:',       // 14
    '        pass',           // 15
    '    return 1',           // 16
    '',
  ].join('\n');

  it('cuts a top-level class into its header and body statements, and leaves functions whole', () => {
    const units = statementUnits(text)!;
    const lines = units.starts.map((s) => text.slice(0, s).split('\n').length);
    expect(lines).toEqual([1, 3, 4, 5, 9, 13]);
    expect(units.parents).toEqual([-1, 0, 0, 0, 0, -1]);
  });

  it('does not cut a class whose body is indented inconsistently or holds one statement', () => {
    expect(statementUnits('class K:\n    x = 1\n  y = 2\n')!.parents).toEqual([-1]);
    expect(statementUnits('class K:\n    x = 1\nz = 2\n')!.parents).toEqual([-1, -1]);
    expect(statementUnits('class K: pass\nz = 2\n')!.parents).toEqual([-1, -1]);
  });
});
