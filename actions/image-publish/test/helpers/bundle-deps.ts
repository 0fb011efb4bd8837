// The deps the bundle-builder tests give run(): a push to master, a fixed clock, and a docker and an ECR
// that throw, since the bundle builder must use neither.
import type { Deps } from '../../src/main.js';
import { contextFor, example } from './payloads.js';

/** The push to master the bundle tests build (its `after` is the revision label they expect). */
export const pushMaster = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false);

/** Deps of a bundle build: RUNNER_TEMP and the other variables in `env`, working-directory relative to `cwd`. */
export function bundleDeps(inputs: Record<string, string>, env: NodeJS.ProcessEnv, cwd: string): Deps {
  return {
    input: (name) => inputs[name] ?? '',
    context: contextFor('push', pushMaster, 'refs/heads/master', String(pushMaster.after)),
    env,
    docker: {
      run: async () => {
        throw new Error('the bundle builder must not run docker');
      },
    },
    ecr: () => {
      throw new Error('no ECR here');
    },
    clock: () => new Date('2030-01-01T00:00:00Z'),
    cwd,
  };
}
