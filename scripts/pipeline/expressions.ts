// The inputs a workflow step would get, read from the typed definition itself (so the rehearsal cannot
// drift from the workflow): `${{ a.b.c }}` and `${{ a.b || 'default' }}` are replaced from a context of
// known values; any other expression is an error that names it, never a silent guess.
import type { Job, LocalAction, Scalar, Step } from '../../workflows/model.js';

/** Expression path (`vars.ECR_REGISTRY`, `steps.build.outputs.digest`, `matrix.service`) -> value. */
export type ExpressionContext = Readonly<Record<string, string>>;

const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g;
const PATH = /^[A-Za-z_][\w-]*(\.[\w-]+)*$/;
const LITERAL = /^'((?:[^']|'')*)'$/;

function evaluate(expression: string, context: ExpressionContext, where: string): string {
  // `a || b || 'c'`: the first non-empty value, as GitHub's || does for strings.
  for (const part of expression.split('||').map((p) => p.trim())) {
    const literal = LITERAL.exec(part);
    if (literal) return (literal[1] as string).replaceAll("''", "'");
    if (!PATH.test(part)) throw new Error(`${where}: the rehearsal cannot evaluate \${{ ${expression} }}`);
    const value = context[part];
    if (value === undefined) throw new Error(`${where}: no value for ${part} in this rehearsal`);
    if (value !== '') return value;
  }
  return '';
}

export function substitute(value: Scalar, context: ExpressionContext, where: string): string {
  return String(value).replace(EXPRESSION, (_, expression: string) => evaluate(expression, context, where));
}

/** The step with this id in a job; throws when the workflow has none (the rehearsal is out of date). */
export function stepById(job: Job, id: string): Step {
  const step = job.steps.find((s) => s.id === id);
  if (step === undefined) throw new Error(`the workflow job '${job.name}' has no step with id '${id}'`);
  return step;
}

/** A `run:` step's script and its `env:`, every expression replaced (the script itself holds none). */
export function runStep(
  job: Job,
  id: string,
  context: ExpressionContext,
): { run: string; env: Record<string, string> } {
  const step = stepById(job, id);
  if (step.run === undefined) throw new Error(`step '${id}' of '${job.name}' runs no script`);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env ?? {}))
    env[name] = substitute(value, context, `${job.name} / ${id} / env.${name}`);
  return { run: substitute(step.run, context, `${job.name} / ${id} / run`), env };
}

/** Which of our actions a step uses, and its inputs with every expression replaced. */
export function actionInputs(
  job: Job,
  id: string,
  context: ExpressionContext,
): { action: LocalAction; inputs: Record<string, string> } {
  const step = stepById(job, id);
  if (step.uses === undefined || !('local' in step.uses))
    throw new Error(`step '${id}' of '${job.name}' does not use one of our actions`);
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.with ?? {}))
    inputs[name] = substitute(value, context, `${job.name} / ${id} / ${name}`);
  return { action: step.uses.local, inputs };
}
