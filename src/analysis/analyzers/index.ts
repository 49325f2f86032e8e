// The registry of analyzers, one per file kind. The first analyzer that accepts a path reads it.

import type { Analyzer } from '../analyzer.js';
import { dockerfileAnalyzer } from './dockerfile.js';
import { pythonAnalyzer } from './python.js';
import { requirementsAnalyzer } from './requirements.js';

export const analyzers: readonly Analyzer[] = [pythonAnalyzer, requirementsAnalyzer, dockerfileAnalyzer];
