/** One Jest run for the whole tree: TypeScript through SWC, ESM throughout. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  // Sources import './x.js' (NodeNext); Jest resolves the .ts file beside it.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/{actions,services,scripts,workflows,gitops,terraform}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // .data/ holds runtime state, e.g. the pipeline rehearsal's checkouts of this repository: never modules.
  modulePathIgnorePatterns: ['<rootDir>/.data/'],
  testTimeout: 60_000,
  // Jest's default on 2 cores is one worker (cores - 1): the suites wait on kustomize, podman, PostgreSQL,
  // registries and Chromium as much as they compute, so more workers than cores finish the tree sooner: one
  // ~9 min, two ~6 (measured then); with the walking skeleton's suites, two 9.3 min and three 7.6 (fresh
  // clones, same machine).
  maxWorkers: 3,
};
