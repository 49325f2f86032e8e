// Jest runs the TypeScript sources as native ESM through ts-jest (transpile only, for speed);
// `npm run typecheck` (tsc 5.x) does the type checking. Jest 29 rather than 30: jest 30's resolver and
// @swc/core ship per-platform binaries that this registry does not serve, which breaks `npm ci`.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^tree-sitter$': '<rootDir>/test/support/tree-sitter-once.cjs',
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
