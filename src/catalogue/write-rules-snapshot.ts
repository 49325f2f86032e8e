// Run by `npm run build`: validates the bundled catalogue (rules/) and writes lib/catalogue/rules-snapshot.json,
// which loadRuleset uses for as long as rules/ is byte-for-byte what was validated. A broken pack fails the build.

import { DEFAULT_RULES_DIR, DEFAULT_SNAPSHOT, writeRulesetSnapshot } from '../analysis/ruleset.js';

const ruleset = writeRulesetSnapshot(DEFAULT_RULES_DIR, DEFAULT_SNAPSHOT);
process.stdout.write(`validated ${ruleset.rules.length} rules, wrote ${DEFAULT_SNAPSHOT}\n`);
