// Loads a CommonJS package on first use instead of at start-up. A Python-only scan never touches the
// Dockerfile parser, the requirements grammar or the config validator; importing them all up front cost
// ~250 ms of every CLI run and of every analysis thread (bench/RESULTS.md). Synchronous, because the
// analyzers are.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A function that returns the package `name`, required the first time it is called. */
export function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
