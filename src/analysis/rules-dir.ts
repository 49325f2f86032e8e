// Where the bundled rule catalogue lives, without loading the catalogue's YAML and schema tooling.

import { fileURLToPath } from 'node:url';

/** The rules directory shipped with PyShift (next to src/ and lib/). */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));
