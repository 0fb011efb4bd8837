// What the workflows read against what github:setup sets: a variable or secret a job reads must be set in
// the job's environment or the repository (an optional variable needs its reason in the catalogue), and a
// job's environment must be one setup creates.

import type { Workflow } from '../../workflows/model.js';
import { environmentsOf, jobReads } from '../../workflows/reads.js';
import { ENVIRONMENTS, SECRETS, type SecretSetting, VARIABLES, type VariableSetting } from './catalogue.js';

/** What is set: the catalogue (what github:setup sets), or what one run of it would set. */
export interface Settings {
  readonly variables: readonly Pick<VariableSetting, 'name' | 'environment' | 'optional'>[];
  readonly secrets: readonly Pick<SecretSetting, 'name' | 'environment'>[];
}

function setIn(
  settings: readonly { name: string; environment?: string }[],
  name: string,
  environment: string | undefined,
): boolean {
  return settings.some(
    (s) => s.name === name && (s.environment === undefined || s.environment === environment),
  );
}

/**
 * The catalogue's settings a workflow runs without (their reason says how), at their scope: a run of
 * github:setup that was not given their value leaves them unset, and that is fine.
 */
const optionalOnes = <T extends { optional?: string }>(settings: readonly T[]) =>
  settings.filter((s) => s.optional !== undefined);

/** One line per read that setup does not cover: `<file> <job> (<environment>): <what>`. */
export function uncovered(
  workflows: readonly Workflow[],
  settings: Settings = { variables: VARIABLES, secrets: SECRETS },
): string[] {
  const problems: string[] = [];
  const known = new Set(ENVIRONMENTS.map((e) => e.name));
  for (const workflow of workflows) {
    for (const [id, job] of Object.entries(workflow.jobs)) {
      const reads = jobReads(workflow, id, job);
      const environments = environmentsOf(job);
      for (const environment of environments.length > 0 ? environments : [undefined]) {
        const where = `${workflow.file} ${id} (${environment ?? 'no environment'})`;
        if (environment !== undefined && !known.has(environment))
          problems.push(`${where}: environment ${environment} is not one github:setup creates`);
        for (const read of reads.variables) {
          const setting = VARIABLES.find((v) => v.name === read.name);
          // Read with a default and set only when given (its reason is in the catalogue): either is fine.
          if (read.optional && setting?.optional !== undefined) continue;
          if (read.optional && setting === undefined) {
            problems.push(
              `${where}: vars.${read.name} is read with a default but has no reason in the catalogue`,
            );
          } else if (
            !setIn(settings.variables, read.name, environment) &&
            !setIn(optionalOnes(VARIABLES), read.name, environment)
          ) {
            problems.push(`${where}: vars.${read.name} is not set by github:setup at this scope`);
          }
        }
        for (const secret of reads.secrets) {
          const given = setIn(settings.secrets, secret, environment);
          if (secret !== 'GITHUB_TOKEN' && !given && !setIn(optionalOnes(SECRETS), secret, environment))
            problems.push(`${where}: secrets.${secret} is not set by github:setup at this scope`);
        }
      }
    }
  }
  return problems;
}
