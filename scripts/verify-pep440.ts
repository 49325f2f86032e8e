// `npm run verify:pep440`: checks the dependency analyzer's PEP 440 / PEP 508 reasoning against Python's own
// `packaging` (the copy vendored in pip) on generated cases:
// - specifier sets: "does any version at or above this floor satisfy the specifier?" (admitsVersionIn) vs
//   a dense grid of versions (a.b.c and a.b.c.1) checked with packaging.specifiers.SpecifierSet;
// - markers: evaluateMarker for the 3.13 target vs packaging.markers.Marker evaluated at every 3.13.x
//   (0..99): true/false must agree, and "unknown" must mean the answer depends on the patch level.
// Exits 1 on any disagreement. A tool, not a test: the interpreter is not a dependency of PyShift.
// Interpreter: `python3` with PYENV_VERSION (default 3.13.0).

import { spawnSync } from 'node:child_process';
import { admitsVersionIn, parseSpecifier } from '../src/analysis/dependencies/specifiers.js';
import { evaluateMarker, parseRequirement } from '../src/analysis/dependencies/pep508.js';

let seed = Number(process.env.SEED ?? 12345);
const rnd = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const version = (segments: number): string => [rnd(5), rnd(8), rnd(8)].slice(0, segments).join('.');

function specifierCases(count: number): { spec: string; floor: string; ours: boolean }[] {
  const ops = ['==', '!=', '<', '<=', '>', '>=', '~=', '==*', '!=*'];
  const cases: { spec: string; floor: string; ours: boolean }[] = [];
  while (cases.length < count) {
    const clauses = Array.from({ length: 1 + rnd(3) }, () => {
      const op = ops[rnd(ops.length)]!;
      if (op.endsWith('*')) return `${op.slice(0, 2)}${version(1 + rnd(2))}.*`;
      if (op === '~=') return `~=${version(2 + rnd(2))}`;
      return `${op}${version(1 + rnd(3))}`;
    });
    const spec = clauses.join(',');
    const parsed = parseSpecifier(spec);
    if (!parsed) continue;
    const floor = version(3);
    cases.push({ spec, floor, ours: admitsVersionIn(parsed, { from: floor }) });
  }
  return cases;
}

function markerCases(count: number): { marker: string; ours: boolean | null }[] {
  const ops = ['<', '<=', '>', '>=', '==', '!=', '~=', 'in', 'not in'];
  const values = ['3.12', '3.13', '3.14', '3.8', '3.13.0', '3.13.1', '3.12.5', '3', '3.13.*', '3.1'];
  const leaf = (): string => {
    const op = ops[rnd(ops.length)]!;
    let value = values[rnd(values.length)]!;
    if (op === '~=' && !/\.\d/.test(value)) value = '3.10';
    if (op.includes('in')) value = ['3.12 3.13', '3.11', '3.13.0 3.13.1'][rnd(3)]!;
    if (value.endsWith('*') && op !== '==' && op !== '!=') value = '3.13';
    return `${['python_version', 'python_full_version'][rnd(2)]} ${op} "${value}"`;
  };
  const expr = (depth: number): string => (depth > 0 && rnd(2) ? `(${expr(depth - 1)} ${rnd(2) ? 'and' : 'or'} ${expr(depth - 1)})` : leaf());
  const out: { marker: string; ours: boolean | null }[] = [];
  while (out.length < count) {
    const marker = expr(2);
    const r = parseRequirement(`x; ${marker}`);
    if (!r.ok || !r.requirement.marker) continue;
    const v = evaluateMarker(r.requirement.marker, [3, 13]);
    out.push({ marker, ours: v === undefined ? null : v });
  }
  return out;
}

const PYTHON = `
import itertools, json, sys
from pip._vendor.packaging.specifiers import SpecifierSet
from pip._vendor.packaging.markers import Marker
from pip._vendor.packaging.version import Version
data = json.load(sys.stdin)
grid = sorted(Version(f"{a}.{b}.{c}{d}") for a, b, c, d in itertools.product(range(6), range(10), range(10), ("", ".1")))
bad = []
for case in data["specifiers"]:
    spec = SpecifierSet(case["spec"], prereleases=True)
    floor = Version(case["floor"])
    truth = any(v >= floor and spec.contains(v) for v in grid)
    if truth != case["ours"]:
        bad.append(["specifier", case["spec"], case["floor"], case["ours"], truth])
for case in data["markers"]:
    m = Marker(case["marker"])
    seen = {m.evaluate({"python_version": "3.13", "python_full_version": f"3.13.{p}"}) for p in range(100)}
    truth = seen.pop() if len(seen) == 1 else None
    if truth != case["ours"]:
        bad.append(["marker", case["marker"], case["ours"], truth])
print(json.dumps(bad))
`;

const input = { specifiers: specifierCases(1500), markers: markerCases(800) };
const run = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify(input), encoding: 'utf8', env: { ...process.env, PYENV_VERSION: process.env.PYENV_VERSION ?? '3.13.0' } });
if (run.status !== 0) {
  process.stderr.write(run.stderr);
  process.exit(2);
}
const disagreements = JSON.parse(run.stdout) as unknown[][];
const unknown = input.markers.filter((m) => m.ours === null).length;
process.stdout.write(
  `specifiers: ${input.specifiers.length} cases (${input.specifiers.filter((c) => c.ours).length} admit a release at or above the floor)\n` +
    `markers: ${input.markers.length} cases (${unknown} depend on the 3.13 patch level)\n` +
    `disagreements with packaging: ${disagreements.length}\n`,
);
for (const d of disagreements.slice(0, 20)) process.stdout.write(`  ${JSON.stringify(d)}\n`);
process.exit(disagreements.length === 0 ? 0 : 1);
