// Variables and secrets: read what GitHub holds, plan a write only where it differs. GitHub never returns a
// secret's value, so a secret that exists is kept unless the caller asks to replace it (--update-secrets).
import type { Api, Call } from './api.js';
import { seal } from './sealed.js';

export interface DesiredVariable {
  readonly name: string;
  /** undefined: the repository's. */
  readonly environment?: string;
  readonly value: string;
}

export interface DesiredSecret {
  readonly name: string;
  readonly environment?: string;
  /** undefined: not given by the caller (fine only when GitHub already holds it). */
  readonly value?: string;
  /** Where the caller can give it, for the error. */
  readonly hint: string;
}

const scopeOf = (environment: string | undefined) =>
  environment === undefined ? 'repository' : `environment ${environment}`;

function variablesPath(repo: string, environment: string | undefined): string {
  return environment === undefined
    ? `/repos/${repo}/actions/variables`
    : `/repos/${repo}/environments/${encodeURIComponent(environment)}/variables`;
}

function secretsPath(repo: string, environment: string | undefined): string {
  return environment === undefined
    ? `/repos/${repo}/actions/secrets`
    : `/repos/${repo}/environments/${encodeURIComponent(environment)}/secrets`;
}

export async function planVariables(
  api: Api,
  repo: string,
  wanted: readonly DesiredVariable[],
): Promise<Call[]> {
  const calls: Call[] = [];
  for (const { name, environment, value } of wanted) {
    const base = variablesPath(repo, environment);
    const current = await api.get<{ value: string }>(`${base}/${name}`);
    const what = `variable ${name} (${scopeOf(environment)})`;
    if (current === undefined) {
      calls.push({
        method: 'POST',
        path: base,
        shown: { name, value },
        body: async () => ({ name, value }),
        what: `${what}: created`,
      });
    } else if (current.value !== value) {
      calls.push({
        method: 'PATCH',
        path: `${base}/${name}`,
        shown: { name, value },
        body: async () => ({ name, value }),
        what: `${what}: updated`,
      });
    }
  }
  return calls;
}

/** The calls, and one problem per secret that is neither on GitHub nor given. */
export async function planSecrets(
  api: Api,
  repo: string,
  wanted: readonly DesiredSecret[],
  replace: boolean,
): Promise<{ calls: Call[]; problems: string[] }> {
  const calls: Call[] = [];
  const problems: string[] = [];
  for (const { name, environment, value, hint } of wanted) {
    const base = secretsPath(repo, environment);
    const exists = (await api.get(`${base}/${name}`)) !== undefined;
    const what = `secret ${name} (${scopeOf(environment)})`;
    if (value === undefined) {
      if (!exists) problems.push(`${what} is not set on GitHub and not given: ${hint}`);
      continue;
    }
    if (exists && !replace) continue;
    calls.push({
      method: 'PUT',
      path: `${base}/${name}`,
      shown: { encrypted_value: '***', key_id: '***' },
      // The environment may be created by an earlier call of the same run: read its key when sending.
      body: async (a) => {
        const key = await a.get<{ key_id: string; key: string }>(`${base}/public-key`);
        if (key === undefined) throw new Error(`${base}/public-key: not found`);
        return { encrypted_value: await seal(value, key.key), key_id: key.key_id };
      },
      what: `${what}: ${exists ? 'replaced' : 'created'}`,
    });
  }
  return { calls, problems };
}
