// Local scans: the files a requirements file pulls in with `-r` / `-c`, resolved relative to the including
// file and read from disk (through an injected reader), so that `-r deps/base.pip` is checked too even though
// its name is not one the scan collects. Used by the CLI before analysis; analyzers stay pure.

import type { Analyzer } from '../analyzer.js';
import { manifestKind, readManifest } from '../dependencies/manifests.js';
import { analyzers } from './index.js';
import { createRequirementsAnalyzer, requirementsAnalyzer } from './requirements.js';

export interface IncludeInput {
  path: string;
  load: () => Promise<Uint8Array | string>;
}

const decode = (content: Uint8Array | string): string => (typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));

/**
 * Follows -r / -c from every pip-format file among `inputs` (and from what they include, once each) and
 * returns the included files that are not inputs yet. `read` returns undefined for a file that is missing
 * or unreadable; URLs are not followed.
 */
export async function findIncludedPipFiles(opts: { inputs: readonly IncludeInput[]; read: (path: string) => Promise<Uint8Array | string | undefined> }): Promise<IncludeInput[]> {
  const known = new Set(opts.inputs.map((i) => i.path));
  const added: IncludeInput[] = [];
  const queue: IncludeInput[] = opts.inputs.filter((i) => manifestKind(i.path) === 'pip');
  for (let next = queue.shift(); next; next = queue.shift()) {
    let text: string;
    try {
      text = decode(await next.load());
    } catch {
      continue;
    }
    for (const target of readManifest(next.path, text, 'pip').includes) {
      if (known.has(target) || /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) continue;
      known.add(target);
      const content = await opts.read(target);
      if (content === undefined) continue;
      const input = { path: target, load: async () => content };
      added.push(input);
      queue.push(input);
    }
  }
  return added;
}

/** The analyzer list of a scan whose included pip files (`base.pip`) must be read as requirements files. */
export function analyzersWithIncludes(included: readonly string[]): readonly Analyzer[] {
  if (included.length === 0) return analyzers;
  const withIncludes = createRequirementsAnalyzer(new Set(included));
  return analyzers.map((a) => (a === requirementsAnalyzer ? withIncludes : a));
}
