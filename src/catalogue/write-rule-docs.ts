// `npm run docs:rules`: writes docs/rules.md from the catalogue.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRuleset } from '../analysis/ruleset.js';
import { renderRuleReference } from './rule-docs.js';

const target = fileURLToPath(new URL('../../docs/rules.md', import.meta.url));
writeFileSync(target, renderRuleReference(loadRuleset()));
process.stdout.write(`wrote ${target}\n`);
