// Where a value in an expression came from, as template injection reads it: a context an attacker can write
// (an issue title, a branch name, a commit message), or one that merely carries such a value on (an `env:`
// set from an expression, a matrix filled by `fromJSON`, a step's or job's output, an untyped input).
// What is known fixed (ids, numbers, the commit SHA, results) and what is a secret is not a taint.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { type ContextRef, contextsOf, reads } from './expressions.js';
import { child, type Job, type Step, type WorkflowSource } from './source.js';

/** Contexts whose values no outside party chooses: identifiers, numbers, booleans, fixed names. */
const FIXED = [
  'github.sha',
  'github.run_id',
  'github.run_number',
  'github.run_attempt',
  'github.repository_id',
  'github.repository_owner_id',
  'github.actor_id',
  'github.triggering_actor_id',
  'github.event_name',
  'github.job',
  'github.event.pull_request.head.repo.fork',
  'github.ref_type',
  'github.ref_protected',
  'github.server_url',
  'github.api_url',
  'github.graphql_url',
  'github.retention_days',
  'github.workspace',
  'github.action_path',
  'github.event.number',
  'github.event.pull_request.number',
  'github.event.pull_request.id',
  'github.event.pull_request.merged',
  'github.event.pull_request.draft',
  'github.event.pull_request.head.sha',
  'github.event.pull_request.base.sha',
  'github.event.issue.number',
  'github.event.issue.id',
  'github.event.comment.id',
  'github.event.workflow_run.id',
  'github.event.workflow_run.head_sha',
  'github.event.workflow_run.run_number',
  'github.event.workflow_run.conclusion',
  'github.event.after',
  'github.event.before',
  'github.event.forced',
  'github.event.action',
  'runner',
  'strategy',
  'job.status',
  'job.container.id',
  'job.services.*.id',
  'job.services.*.ports',
  'needs.*.result',
  'steps.*.outcome',
  'steps.*.conclusion',
];

/** The `env:` maps that apply to a step, nearest first. */
function envScopes(w: WorkflowSource, job: Job, step: Step | undefined): Node[] {
  return [step ? child(step.node, 'env') : undefined, child(job.node, 'env'), child(w.root, 'env')].filter(
    (n): n is Node => n !== undefined,
  );
}

/** The value node of an environment variable as the step sees it (names compared case-insensitively). */
function envValue(scopes: Node[], name: string): Node | 'unknown' | undefined {
  for (const scope of scopes) {
    if (!isMap(scope)) return 'unknown'; // env: ${{ … }}: anything
    const found = scope.items.find((p) => isScalar(p.key) && String(p.key.value).toLowerCase() === name);
    if (found) return found.value as Node;
  }
  return undefined;
}

/** The scalars under a node (a matrix value may be a list or a map). */
function scalarsUnder(node: unknown): string[] {
  if (isScalar(node)) return node.value === null ? [] : [String(node.value)];
  if (isMap(node)) return node.items.flatMap((p) => scalarsUnder(p.value));
  if (isSeq(node)) return node.items.flatMap(scalarsUnder);
  return [];
}

/** The values `matrix.<key>` can take as written in the job; a matrix or list computed by an expression too. */
function matrixValues(job: Job, key: string): string[] {
  const matrix = child(child(job.node, 'strategy'), 'matrix');
  if (!isMap(matrix)) return scalarsUnder(matrix);
  const values: string[] = [];
  for (const p of matrix.items) {
    const name = isScalar(p.key) ? String(p.key.value).toLowerCase() : '';
    if (name === key) values.push(...scalarsUnder(p.value));
    if (name === 'include' || name === 'exclude') {
      if (!isSeq(p.value)) values.push(...scalarsUnder(p.value));
      else
        for (const entry of p.value.items) {
          if (!isMap(entry)) values.push(...scalarsUnder(entry));
          else
            for (const q of entry.items)
              if (isScalar(q.key) && String(q.key.value).toLowerCase() === key)
                values.push(...scalarsUnder(q.value));
        }
    }
  }
  return values;
}

/** The declared type of `inputs.<name>` (workflow_dispatch or workflow_call), lower-case. */
function inputType(w: WorkflowSource, name: string): string | undefined {
  const on = child(w.root, 'on');
  for (const event of ['workflow_dispatch', 'workflow_call']) {
    const inputs = child(child(on, event), 'inputs');
    if (!isMap(inputs)) continue;
    const found = inputs.items.find((p) => isScalar(p.key) && String(p.key.value).toLowerCase() === name);
    const type = child(found?.value, 'type');
    if (isScalar(type)) return String(type.value).toLowerCase();
  }
  return undefined;
}

/** The first taint of the contexts in the expressions of a text, or undefined. */
function taintOfText(
  w: WorkflowSource,
  job: Job,
  step: Step | undefined,
  text: string,
  seen: Set<string>,
): string | undefined {
  for (const m of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g))
    for (const ref of contextsOf(m[1] as string)) {
      const reason = taint(w, job, step, ref, seen);
      if (reason !== undefined) return reason;
    }
  return undefined;
}

/**
 * Why a context read in a step can carry an attacker's text, or undefined when it cannot. An `env.` or
 * `matrix.` value is followed to the expressions that set it; `seen` stops a cycle of names.
 */
export function taint(
  w: WorkflowSource,
  job: Job,
  step: Step | undefined,
  ref: ContextRef,
  seen = new Set<string>(),
): string | undefined {
  const [root, name] = ref.path;
  if (root === 'secrets' || FIXED.some((p) => reads(ref, p))) return undefined;
  if ((root === 'env' || root === 'matrix') && name !== undefined && name !== '*') {
    const key = `${root}.${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    if (root === 'env') {
      const value = envValue(envScopes(w, job, step), name);
      if (value === undefined || value === 'unknown') return `${key} is set outside this file`;
      const from = taintOfText(w, job, step, scalarsUnder(value).join('\n'), seen);
      return from && `${key} is set from ${from.split(' ')[0]}, which ${from.split(' ').slice(1).join(' ')}`;
    }
    if (child(job.node, 'strategy') === undefined) return undefined;
    const values = matrixValues(job, name);
    if (values.length === 0) return `${key} is not a fixed list of values`;
    const from = taintOfText(w, job, step, values.join('\n'), seen);
    return from && `${key} is set from ${from.split(' ')[0]}, which ${from.split(' ').slice(1).join(' ')}`;
  }
  if (root === 'inputs' && name !== undefined) {
    const type = inputType(w, name);
    return type === 'boolean' || type === 'number'
      ? undefined
      : `inputs.${name} is ${type ?? 'untyped'} text`;
  }
  return `${ref.path.join('.')} may hold text an attacker chose`;
}
