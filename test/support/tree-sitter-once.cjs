// Jest evaluates every module afresh for each test file, but a native addon is loaded once per process.
// tree-sitter's index.js patches the addon's (shared) prototypes when it runs, so a second evaluation in
// the same worker breaks them (`tree.rootNode` becomes undefined). This shim, mapped to `tree-sitter` in
// jest.config.js only, evaluates index.js once per process and hands every test file that one module.
const { dirname, join } = require('node:path');

const root = dirname(require.resolve('tree-sitter/package.json'));
const binding = require('node-gyp-build')(root);
if (!binding.__pyshiftModule) binding.__pyshiftModule = require(join(root, 'index.js'));
module.exports = binding.__pyshiftModule;
