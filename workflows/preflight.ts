// The first step of every job that reads the repository's settings: it fails in seconds, naming every
// variable the job reads that is not set (and, in a job with an environment, every secret), instead of a
// login or a build failing minutes later on an empty value. The list comes from the job's own definition
// (reads.ts), so it cannot drift from what the job reads.
import type { Job, Step, Workflow } from './model.js';
import { type JobReads, jobReads } from './reads.js';

/** The check, in bash: names in $VARIABLES must be non-empty, names in $SECRETS must be 'true'. */
function script(variables: readonly string[], secrets: readonly string[], hint: string): string {
  return [
    'missing=()',
    ...(variables.length > 0
      ? [`for name in ${variables.join(' ')}; do [ -n "\${!name}" ] || missing+=("vars.$name"); done`]
      : []),
    ...(secrets.length > 0
      ? [
          `for name in ${secrets.join(' ')}; do [ "$(printenv "SET_$name")" = true ] || missing+=("secrets.$name"); done`,
        ]
      : []),
    'if [ "${#missing[@]}" -gt 0 ]; then',
    `  echo "::error title=Settings missing::\${missing[*]} not set (\${SCOPE}): npm run github:setup sets them${hint}"`,
    '  exit 1',
    'fi',
    'echo "Every setting this job reads is set ($SCOPE)."',
  ].join('\n');
}

/** The preflight steps of one job: one per distinct step condition its reads sit under. */
export function preflightSteps(reads: JobReads, hint = ''): Step[] {
  const scope = reads.environment === undefined ? 'repository' : `environment ${reads.environment}`;
  const groups = new Map<string | undefined, string[]>();
  for (const read of reads.variables) {
    if (read.optional) continue;
    groups.set(read.when, [...(groups.get(read.when) ?? []), read.name]);
  }
  // Secrets only where an environment guards them: a fork's pull request run gets none, by design.
  const secrets = reads.environment === undefined ? [] : reads.secrets;
  if (secrets.length > 0 && !groups.has(undefined)) groups.set(undefined, []);
  return [...groups.entries()].map(([when, variables]) => {
    const own = when === undefined ? secrets : [];
    return {
      name: 'Preflight: the settings this job reads are set',
      ...(when !== undefined && { if: when }),
      env: {
        SCOPE: scope,
        ...Object.fromEntries(variables.map((name) => [name, `\${{ vars.${name} }}`])),
        ...Object.fromEntries(own.map((name) => [`SET_${name}`, `\${{ secrets.${name} != '' }}`])),
      },
      run: script(variables, own, hint),
    };
  });
}

/** The workflow with each job's preflight steps first (jobs that read no setting are left as they are). */
export function withPreflight(workflow: Workflow): Workflow {
  const hint = 'pull_request' in workflow.on ? ' (a run of a pull request from a fork may get none)' : '';
  const jobs = Object.fromEntries(
    Object.entries(workflow.jobs).map(([id, job]): [string, Job] => {
      const steps = preflightSteps(jobReads(workflow, id, job), hint);
      return [id, steps.length === 0 ? job : { ...job, steps: [...steps, ...job.steps] }];
    }),
  );
  return { ...workflow, jobs };
}
