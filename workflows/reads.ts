// What each job of a workflow reads from the repository's settings (`vars.X`, `secrets.X`), found in the
// definitions themselves: the preflight checks exactly these, and `npm run github:setup` is tested to set
// every one of them, so the two can never disagree.
import type { Job, Step, Workflow } from './model.js';

/** One variable a job reads. */
export interface VariableRead {
  readonly name: string;
  /** Read with a default (`vars.X || 'value'`): the job runs without it. */
  readonly optional: boolean;
  /**
   * The `if:` of the steps that read it, when every read sits in a step with one (e.g. same-repository pull
   * requests only); undefined when some read is unconditional.
   */
  readonly when?: string;
}

export interface JobReads {
  readonly workflow: string;
  readonly job: string;
  /** The job's GitHub environment (a variable set there shadows the repository's), as written. */
  readonly environment?: string;
  readonly variables: readonly VariableRead[];
  readonly secrets: readonly string[];
}

const VARIABLE = /\bvars\.([A-Za-z_][A-Za-z0-9_]*)(\s*\|\|)?/g;
const SECRET = /\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g;

/** The job's fields other than its steps, where a read applies to the whole job. */
function jobLevel(job: Job): unknown {
  const { steps: _steps, ...rest } = job;
  return rest;
}

/** A step condition the preflight can evaluate before any step ran (no step outputs yet). */
function usableCondition(step: Step): string | undefined {
  return step.if !== undefined && !step.if.includes('steps.') ? step.if : undefined;
}

function collect(
  found: Map<string, { optional: boolean; conditions: Set<string>; always: boolean }>,
  value: unknown,
  condition: string | undefined,
): void {
  for (const match of JSON.stringify(value).matchAll(VARIABLE)) {
    const name = match[1] as string;
    const entry = found.get(name) ?? { optional: true, conditions: new Set<string>(), always: false };
    entry.optional &&= match[2] !== undefined;
    if (condition === undefined) entry.always = true;
    else entry.conditions.add(condition);
    found.set(name, entry);
  }
}

export function jobReads(workflow: Workflow, id: string, job: Job): JobReads {
  const found = new Map<string, { optional: boolean; conditions: Set<string>; always: boolean }>();
  collect(found, jobLevel(job), undefined);
  for (const step of job.steps) collect(found, step, usableCondition(step));
  const variables = [...found.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { optional, conditions, always }]): VariableRead => {
      const when = always ? undefined : [...conditions].map((c) => `(${c})`).join(' || ');
      return { name, optional, ...(when !== undefined && { when }) };
    });
  const secrets = [...new Set([...JSON.stringify(job).matchAll(SECRET)].map((m) => m[1] as string))].sort();
  const environment = typeof job.environment === 'string' ? job.environment : job.environment?.name;
  return {
    workflow: workflow.file,
    job: id,
    ...(environment !== undefined && { environment }),
    variables,
    secrets,
  };
}

/** Every job's reads, in definition order. */
export function workflowReads(workflows: readonly Workflow[]): JobReads[] {
  return workflows.flatMap((w) => Object.entries(w.jobs).map(([id, job]) => jobReads(w, id, job)));
}

/**
 * The GitHub environments a job's `environment:` can name: `terraform-${{ matrix.environment }}` expands
 * over the job's matrix values.
 */
export function environmentsOf(job: Job): string[] {
  const name = typeof job.environment === 'string' ? job.environment : job.environment?.name;
  if (name === undefined) return [];
  const match = /\$\{\{\s*matrix\.([A-Za-z_-]+)\s*\}\}/.exec(name);
  if (!match) return [name];
  const values = job.strategy?.matrix[match[1] as string];
  if (values === undefined || typeof values === 'string')
    throw new Error(`environment ${name}: matrix.${match[1]} is not a fixed list`);
  return values.map((v) => name.replace(match[0], v));
}
