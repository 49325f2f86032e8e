// Regular-expression audit (issue #6): every regular expression in src/ (found by walking the TypeScript
// syntax trees, so a new one is covered without editing this file) and every pattern the rule packs hand to
// `new RegExp` is checked by recheck, a ReDoS checker: its automaton analysis proves a pattern linear or finds
// an attack string (exponential or polynomial backtracking); patterns with backreferences or lookarounds go
// to its fuzzer with a fixed seed. The verdict does not depend on the machine's speed. Each pattern then runs
// once on 100,000-character lines of each character it mentions.
// User-controlled patterns: none; `paths.exclude` globs are capped (test/security/globs.test.ts).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';
import { checkSync } from 'recheck';
import { loadRuleset } from '../../src/analysis/ruleset.js';

const SRC = join(process.cwd(), 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every regular-expression literal of src/, as [where, RegExp]. */
function literals(): [string, RegExp][] {
  const out: [string, RegExp][] = [];
  for (const file of sourceFiles(SRC)) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        out.push([`${relative(process.cwd(), file)}:${line} ${text}`, new RegExp(text.slice(1, slash), text.slice(slash + 1).replace(/[gy]/g, ''))]);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** The patterns rule packs compile at run time (Dockerfile matchers). */
function packPatterns(): [string, RegExp][] {
  const out: [string, RegExp][] = [];
  for (const rule of loadRuleset().rules) {
    const walk = (v: unknown, key: string): void => {
      if (typeof v === 'string' && /pattern|x_options|words|error_on_images/.test(key)) out.push([`${rule.id} ${key}: ${v}`, new RegExp(v)]);
      else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(rule.match, '');
  }
  return out;
}

describe.each([...literals(), ...packPatterns()])('%s', (_where, re) => {
  it('is not vulnerable to super-linear backtracking', () => {
    const result = checkSync(re.source, re.flags, { checker: 'auto', randomSeed: 1, timeout: 120_000 });
    const why = result.status === 'vulnerable' ? `${result.complexity.type} backtracking on ${result.attack.pattern}` : result.status === 'unknown' ? `unknown: ${result.error.kind}` : 'safe';
    expect(why).toBe('safe');
  });

  it('answers on a 100,000-character line made of its own characters', () => {
    const chars = new Set(re.source.replace(/\\[dws]/g, '').split('').filter((c) => c >= ' ' && c <= '~'));
    for (const c of [' ', 'a', '0']) chars.add(c);
    for (const c of chars) {
      re.lastIndex = 0;
      expect(typeof re.test(`${c.repeat(100_000)}\u0000`)).toBe('boolean');
    }
  });
});
