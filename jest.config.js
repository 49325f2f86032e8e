// Jest runs the TypeScript sources as native ESM through @swc/jest: swc only strips types (fast, no
// TypeScript version constraint), while `npm run typecheck` (tsc 5.x) does the type checking.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
