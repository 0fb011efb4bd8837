// Runs (or, dry, prints) a plan: each step with its command and its duration; lazy arguments are read
// from Terraform just before the step that needs them.
import type { Environment } from './plan.js';
import { type Arg, argParts, type Lazy, lazyCommand, renderCommand, type Step } from './steps.js';

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
}

export interface RunnerDeps {
  /** Runs argv; `capture` collects stdout instead of streaming it to the terminal. */
  exec(argv: readonly string[], options: { capture: boolean }): Promise<ExecResult>;
  log(line: string): void;
  now(): number;
  /** Asks a yes/no question at a terminal; absent when none is attached (nothing is then asked). */
  ask?(question: string): Promise<boolean>;
  /** `--yes`: every question a step would ask is answered yes. */
  yes?: boolean;
}

export class StepFailed extends Error {
  constructor(
    readonly step: Step,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'StepFailed';
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Prints the plan, numbered, without running anything. */
export function printPlan(
  action: string,
  env: Environment,
  steps: readonly Step[],
  log: (line: string) => void,
): void {
  log(`${action} ${env}: dry run, ${steps.length} steps, nothing is run`);
  steps.forEach((step, i) => {
    log(`==> [${i + 1}/${steps.length}] ${step.title}`);
    log(`    $ ${renderCommand(step)}`);
    if (step.remedy) log(`    if it fails, asked first (--yes: yes): ${renderCommand(step.remedy)}`);
    if (step.stopWith) log(`    if it fails, up stops here: ${step.stopWith}`);
  });
}

async function resolveLazy(v: Lazy, deps: RunnerDeps): Promise<string> {
  const { code, stdout } = await deps.exec(['bash', '-c', lazyCommand(v)], { capture: true });
  if (code !== 0) throw new Error(`could not read a value: ${lazyCommand(v)} exited ${code}`);
  return stdout.trim();
}

async function argv(step: Pick<Step, 'command'>, deps: RunnerDeps): Promise<string[]> {
  if ('shell' in step.command) return ['bash', '-c', step.command.shell];
  const out: string[] = [];
  for (const arg of step.command as readonly Arg[]) {
    let text = '';
    for (const part of argParts(arg)) text += typeof part === 'string' ? part : await resolveLazy(part, deps);
    out.push(text);
  }
  return out;
}

/** Runs the steps in order, printing each with its duration; returns the total time in milliseconds. */
export async function runPlan(
  action: string,
  env: Environment,
  steps: readonly Step[],
  deps: RunnerDeps,
): Promise<number> {
  const started = deps.now();
  let clusterGone = false;
  deps.log(`${action} ${env}: ${steps.length} steps`);
  for (const [i, step] of steps.entries()) {
    deps.log(`==> [${i + 1}/${steps.length}] ${step.title}`);
    if (step.needsCluster && clusterGone) {
      deps.log('    skipped: the cluster is already gone');
      continue;
    }
    const t0 = deps.now();
    let code: number;
    try {
      const args = await argv(step, deps);
      deps.log(`    $ ${renderCommand(step)}`);
      ({ code } = await deps.exec(args, { capture: false }));
    } catch (error) {
      if (!step.probe) throw error;
      code = 1;
    }
    if (code !== 0 && step.probe) {
      clusterGone = true;
      deps.log(
        `    the cluster is not there (exit ${code}): the Kubernetes clean-up is skipped (${seconds(deps.now() - t0)})`,
      );
      continue;
    }
    if (code !== 0 && step.remedy && (deps.yes || (await deps.ask?.(step.remedy.question)))) {
      deps.log(`    $ ${renderCommand(step.remedy)}`);
      ({ code } = await deps.exec(await argv(step.remedy, deps), { capture: false }));
    }
    if (code !== 0 && step.stopWith) {
      deps.log(`    ${step.stopWith}`);
      deps.log(
        `${action} ${env}: stopped after step ${i + 1} of ${steps.length} in ${seconds(deps.now() - started)}`,
      );
      return deps.now() - started;
    }
    if (code !== 0) {
      throw new StepFailed(step, code, step.onFailure ?? `step ${i + 1} (${step.title}) exited ${code}`);
    }
    deps.log(`    done in ${seconds(deps.now() - t0)}`);
  }
  const total = deps.now() - started;
  deps.log(`${action} ${env}: finished in ${seconds(total)}`);
  return total;
}
