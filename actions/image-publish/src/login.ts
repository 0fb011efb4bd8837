// Which registry login a run needs, and doing it.
import { type Docker, dockerLogin } from './docker.js';
import { type EcrFactory, ecrCredentials, hasAwsCredentials } from './ecr.js';
import type { Settings } from './inputs.js';
import { parseEcrHost } from './repository.js';

/** How (or why not) to log in before building. */
export type LoginPlan =
  | { kind: 'none'; reason: string }
  | { kind: 'password'; registry: string; username: string; password: string }
  | { kind: 'ecr'; registry: string; region: string };

/** Decides the login from the settings and the environment, without side effects. */
export function planLogin(settings: Settings, env: NodeJS.ProcessEnv): LoginPlan {
  const { registry } = settings.image;
  if (!settings.push) return { kind: 'none', reason: 'push is false: nothing is sent to a registry' };
  if (settings.credentials) return { kind: 'password', registry, ...settings.credentials };
  const ecr = parseEcrHost(registry);
  if (ecr && hasAwsCredentials(env)) return { kind: 'ecr', registry, region: ecr.region };
  return {
    kind: 'none',
    reason: ecr
      ? 'no registry-username and no AWS credentials in the environment: using the existing docker login'
      : 'no registry-username: using the existing docker login',
  };
}

/** Logs in as planned; returns the registry logged in to (to log out of later), if any. */
export async function logIn(plan: LoginPlan, docker: Docker, ecr: EcrFactory): Promise<string | undefined> {
  if (plan.kind === 'none') return undefined;
  const credentials = plan.kind === 'password' ? plan : await ecrCredentials(ecr(plan.region), plan.region);
  await dockerLogin(docker, plan.registry, credentials.username, credentials.password);
  return plan.registry;
}
