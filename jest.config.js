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
  // Jest's default on 2 cores is one worker (cores - 1): the suites wait on kustomize, podman, PostgreSQL and
  // registries as much as they compute, so two workers finish the tree in ~6 min instead of ~9 (measured).
  maxWorkers: 2,
};
