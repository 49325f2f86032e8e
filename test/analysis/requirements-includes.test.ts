// -r / -c includes in local scans: resolved relative to the including file, followed transitively (once
// each), read in pip's format whatever their name, and checked like any requirements file.

import { describe, expect, it } from '@jest/globals';
import { analyzersWithIncludes, findIncludedPipFiles } from '../../src/analysis/analyzers/requirements-includes.js';
import { analyzers } from '../../src/analysis/analyzers/index.js';
import { runCli } from '../../src/cli/main.js';
import { tempTree } from '../support/temp-tree.js';

const tree: Record<string, string> = {
  'requirements.txt': '-r deps/base.pip\n-c constraints.txt\n-r https://example.org/extra.txt\n-r missing.txt\n',
  'constraints.txt': 'pyyaml==6.0.1\n',
  'deps/base.pip': '-r common.pip\nnumpy==1.26.4\n',
  'deps/common.pip': 'grpcio==1.62.0\n-r ../requirements.txt\n',
};

describe('findIncludedPipFiles', () => {
  it('follows includes relative to each including file, once each, skipping URLs and missing files', async () => {
    const read = async (path: string) => tree[path];
    const inputs = ['requirements.txt', 'constraints.txt'].map((path) => ({ path, load: async () => tree[path]! }));
    const added = await findIncludedPipFiles({ inputs, read });
    expect(added.map((a) => a.path)).toEqual(['deps/base.pip', 'deps/common.pip']);
    expect(await added[1]!.load()).toBe(tree['deps/common.pip']);
  });

  it('keeps the default analyzers when nothing is included', () => {
    expect(analyzersWithIncludes([])).toBe(analyzers);
    const withIncludes = analyzersWithIncludes(['deps/base.pip']);
    expect(withIncludes.filter((a) => a.accepts('deps/base.pip')).map((a) => a.kind)).toEqual(['requirements']);
    expect(analyzers.some((a) => a.accepts('deps/base.pip'))).toBe(false);
  });
});

describe('pyshift scan', () => {
  it('checks files included under names the scan does not collect', async () => {
    const root = tempTree(tree);
    let stdout = '';
    const code = await runCli(['scan', '.', '--format', 'json'], { cwd: root, stdout: (t) => { stdout += t; }, stderr: () => undefined, isTTY: false, env: {} });
    const result = JSON.parse(stdout) as { files: number; findings: { path: string; line: number; rule: string }[] };
    expect(code).toBe(1);
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual([
      'constraints.txt:1 req-pin-below-313-support',
      'deps/base.pip:2 req-pin-below-313-support',
      'deps/common.pip:1 req-pin-below-313-support',
    ]);
    expect(result.files).toBe(4);
  });
});
