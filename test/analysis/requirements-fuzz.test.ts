// Property tests of the manifest readers: whatever the bytes, reading a manifest never throws, and every
// problem and declared requirement points inside the file.

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readManifest } from '../../src/analysis/dependencies/manifests.js';
import { positionsOf } from '../../src/analysis/dependencies/text-positions.js';

/** Lines made of the pieces manifests are built from, so that the generator reaches deep into each grammar. */
const piece = fc.constantFrom(
  'numpy', '==', '>=1.0', '<2', ',', ';', ' python_version < "3.13"', '[extra]', '@', 'https://x.org/a.whl', '#egg=pkg', ' # c',
  '\\', '-r ', '-c ', '-e ', '--hash=sha256:ab', '--index-url', ' ', '=', '"', "'", '[', ']', '{', '}', '[project]', 'dependencies = [',
  'requires-python = ', '[tool.poetry.dependencies]', 'python = "^3.9"', '[options]', 'install_requires =', '    ', '[packages]', '*',
  '${VAR}', '~=', '===', '!=', '.*', '\t', 'é', '\u{1F600}',
);
const line = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
const text = fc.array(line, { maxLength: 12 }).map((l) => l.join('\n'));

describe.each(['requirements.txt', 'dev.in', 'pyproject.toml', 'setup.cfg', 'Pipfile'])('%s', (path) => {
  it('never throws, and positions stay inside the file', () => {
    fc.assert(
      fc.property(text, (t) => {
        const contents = readManifest(path, t);
        const lines = t.split(/\r\n|\r|\n/);
        for (const p of contents.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines.length);
          expect(p.column).toBeGreaterThanOrEqual(1);
        }
        const position = positionsOf(t);
        for (const d of contents.requirements) {
          for (const r of d.parsed) {
            expect(r.start).toBeLessThanOrEqual(r.end);
            expect(position(r.end).line).toBeLessThanOrEqual(lines.length);
          }
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
