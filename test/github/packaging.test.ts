// Packaging checks without a Docker engine: the Dockerfile is parsed and what it copies and runs is checked
// against the repository (package.json, tsconfig.build.json, the rules folder the engine loads at runtime);
// app.yml asks for least privilege and the events the app handles; .env.example lists every variable.

import { existsSync, readFileSync } from 'node:fs';
import { posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { DockerfileParser, JSONInstruction, type Instruction } from 'dockerfile-ast';
import ignore from 'ignore';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_RULES_DIR } from '../../src/analysis/ruleset.js';
import { HANDLED_EVENTS } from '../../src/github/pull-request-handler.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: { node: string }; dependencies: Record<string, string> };

interface Step {
  keyword: string;
  args: string[];
  flags: Record<string, string | null>;
  json: string[];
}

/** The Dockerfile as stages of steps (FROM starts a stage). */
function stages(): { from: string; name: string | null; steps: Step[] }[] {
  const out: { from: string; name: string | null; steps: Step[] }[] = [];
  for (const ins of DockerfileParser.parse(read('Dockerfile')).getInstructions() as Instruction[]) {
    const args = ins.getArguments().map((a) => a.getValue());
    if (ins.getKeyword() === 'FROM') {
      const asIndex = args.findIndex((a) => a.toUpperCase() === 'AS');
      out.push({ from: args[0]!, name: asIndex >= 0 ? args[asIndex + 1]! : null, steps: [] });
      continue;
    }
    const flags = Object.fromEntries(('getFlags' in ins ? (ins as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags() : []).map((f) => [f.getName(), f.getValue()]));
    const json = ins instanceof JSONInstruction ? ins.getJSONStrings().map((s) => s.getJSONValue()) : [];
    out.at(-1)!.steps.push({ keyword: ins.getKeyword(), args, flags, json });
  }
  return out;
}

const all = stages();
const build = all[0]!;
const runtime = all.at(-1)!;
const runs = (s: typeof build): string => s.steps.filter((x) => x.keyword === 'RUN').map((x) => x.args.join(' ')).join('\n');
const copies = (s: typeof build) => s.steps.filter((x) => x.keyword === 'COPY').map((x) => ({ from: x.flags.from ?? null, sources: x.args.slice(0, -1), dest: x.args.at(-1)! }));
const workdir = (s: typeof build): string => s.steps.filter((x) => x.keyword === 'WORKDIR').at(-1)!.args[0]!;

describe('Dockerfile', () => {
  it('is multi-stage on the Node major version package.json requires', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(build.name).toBe('build');
    const major = /(\d+)/.exec(pkg.engines.node)![1];
    for (const s of all) expect(s.from).toMatch(new RegExp(`^node:${major}[-.]`));
  });

  it('installs the toolchain tree-sitter needs only in the build stage, and builds there', () => {
    const script = runs(build);
    expect(pkg.dependencies).toHaveProperty('tree-sitter');
    for (const tool of ['python3', 'make', 'g++']) expect(script).toMatch(new RegExp(`apt-get install[^\\n]*\\s${tool.replace('+', '\\+')}(\\s|$)`));
    expect(script).toMatch(/npm ci\b/);
    expect(script).toContain('npm run build');
    expect(script).toMatch(/npm prune --omit=dev/);
    expect(runs(runtime)).not.toMatch(/apt-get|npm ci|g\+\+/);
  });

  it('has in the build stage, before `npm run build`, the sources and the rules/ the build validates into a snapshot', () => {
    const buildAt = build.steps.findIndex((x) => x.keyword === 'RUN' && x.args.join(' ').includes('npm run build'));
    const before = copies({ ...build, steps: build.steps.slice(0, buildAt) }).filter((c) => c.from === null).flatMap((c) => c.sources);
    expect(pkg.scripts.build).toContain('write-rules-snapshot');
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.build.json', 'src', 'rules']) expect(before).toContain(needed);
  });

  it('copies only files that exist and that .dockerignore does not exclude', () => {
    const ig = ignore().add(read('.dockerignore'));
    for (const s of all) {
      for (const c of copies(s).filter((x) => x.from === null)) {
        for (const src of c.sources) {
          expect([src, existsSync(`${root}${src}`)]).toStrictEqual([src, true]);
          expect([src, ig.ignores(src)]).toStrictEqual([src, false]);
        }
      }
    }
  });

  it('takes from the build stage what it produces: node_modules (npm ci) and the tsc output folder', () => {
    const outDir = (JSON.parse(read('tsconfig.build.json')) as { compilerOptions: { outDir: string } }).compilerOptions.outDir;
    const fromBuild = copies(runtime).filter((c) => c.from === 'build').flatMap((c) => c.sources);
    expect(fromBuild.sort()).toStrictEqual([posix.join(workdir(build), 'node_modules'), posix.join(workdir(build), outDir)].sort());
  });

  it('puts rules/ where the compiled engine loads it (lib/analysis/../../rules) and package.json beside lib', () => {
    const rulesDir = relative(root, DEFAULT_RULES_DIR).replace(/\/$/, '');
    const placed = new Map(copies(runtime).flatMap((c) => c.sources.map((src) => [posix.basename(src), posix.normalize(posix.join(workdir(runtime), c.dest, c.sources.length > 1 || c.dest.endsWith('/') ? posix.basename(src) : ''))])));
    expect(placed.get(rulesDir)).toBe(posix.join(workdir(runtime), 'rules'));
    expect(placed.get('lib')).toBe(posix.join(workdir(runtime), 'lib'));
    expect(placed.get('package.json')).toBe(posix.join(workdir(runtime), 'package.json'));
    expect(placed.get('node_modules')).toBe(posix.join(workdir(runtime), 'node_modules'));
  });

  it('runs as a non-root user what `npm start` runs', () => {
    const user = runtime.steps.findIndex((s) => s.keyword === 'USER');
    const cmd = runtime.steps.findIndex((s) => s.keyword === 'CMD');
    expect(user).toBeGreaterThanOrEqual(0);
    expect(user).toBeLessThan(cmd);
    expect(runtime.steps[user]!.args[0]).not.toMatch(/^(root|0)(:|$)/);
    const [node, bin, ...args] = runtime.steps[cmd]!.json;
    const probotBin = (JSON.parse(read('node_modules/probot/package.json')) as { bin: { probot: string } }).bin.probot;
    expect([node, bin]).toStrictEqual(['node', posix.join('node_modules/probot', probotBin)]);
    expect(['probot', ...args].join(' ')).toBe(pkg.scripts.start);
  });

  it('checks health against the route Probot serves (GET /ping), on all interfaces', () => {
    const health = runtime.steps.find((s) => s.keyword === 'HEALTHCHECK')!;
    expect(health.args.join(' ')).toMatch(/http:\/\/127\.0\.0\.1:.*\/ping/);
    const env = runtime.steps.filter((s) => s.keyword === 'ENV').flatMap((s) => s.args).join(' ');
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    expect(env).toMatch(/NODE_ENV=production/);
  });
});

describe('app.yml', () => {
  const manifest = parseYaml(read('app.yml')) as { name: string; description: string; default_events: string[]; default_permissions: Record<string, string> };

  it('asks for least privilege', () => {
    expect(manifest.default_permissions).toStrictEqual({ checks: 'write', contents: 'read', pull_requests: 'read', metadata: 'read' });
  });

  it('subscribes to exactly the events the app handles', () => {
    expect([...manifest.default_events].sort()).toStrictEqual([...new Set(HANDLED_EVENTS.map((e) => e.split('.')[0]!))].sort());
  });

  it('has a name and a description', () => {
    expect(manifest.name).toBe('PyShift');
    expect(manifest.description).toMatch(/Python 3\.13 migration/);
  });
});

describe('.env.example', () => {
  const lines = read('.env.example').split('\n');
  const listed = lines.map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1]).filter((v): v is string => v !== undefined);
  const sources = ['src/github/settings.ts'].map(read).join('\n');
  const probotTypes = readFileSync(`${root}node_modules/probot/lib/index.d.ts`, 'utf8');

  it.each([
    ['PyShift', [...sources.matchAll(/'(PYSHIFT_[A-Z_]+)'/g)].map((m) => m[1]!)],
    ['Probot', [...probotTypes.matchAll(/^\s{12}([A-Z][A-Z_]+)\?:/gm)].map((m) => m[1]!).filter((v) => v !== 'NO_SMEE_SETUP' && v !== 'PROJECT_DOMAIN')],
  ])('lists every %s variable', (_label, variables) => {
    expect(variables.length).toBeGreaterThan(2);
    expect(variables.filter((v) => !listed.includes(v))).toStrictEqual([]);
  });

  it('explains every variable with a comment above it', () => {
    const uncommented = lines.flatMap((l, i) => (/^[A-Z]/.test(l) && !lines.slice(0, i).reverse().find((p) => p.trim() !== '' && !/^[A-Z]/.test(p))?.startsWith('#') ? [l] : []));
    expect(uncommented).toStrictEqual([]);
  });
});
