// The command behind `npm run up|down -- <env> [--dry-run]` (`make up ENV=dev`, entry files up.ts and
// down.ts): a whole environment from nothing to healthy apps, and back to nothing billable. See
// terraform/README.md.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { downPlan, type Environment, environments, upPlan } from './plan.js';
import { type ExecResult, printPlan, runPlan, StepFailed } from './runner.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const usage = 'usage: npm run up|down -- <dev|prod> [--dry-run] [--confirm-prod] [--yes]';
const FLAGS = ['--dry-run', '--confirm-prod', '--yes'];

export interface Invocation {
  readonly action: 'up' | 'down';
  readonly env: Environment;
  readonly dryRun: boolean;
  readonly confirmProd: boolean;
  /** Answer yes to what a step asks (up: commit and push the values Terraform wrote). */
  readonly yes: boolean;
}

/** Parses `up|down <env> [--dry-run] [--confirm-prod] [--yes]`; throws a usage error naming the bad argument. */
export function parseArgs(argv: readonly string[]): Invocation {
  const args = argv.filter((a) => a !== '--');
  const [action, env, ...flags] = args;
  if (action !== 'up' && action !== 'down')
    throw new Error(`unknown action ${JSON.stringify(action)}: ${usage}`);
  if (!environments.includes(env as Environment))
    throw new Error(`unknown environment ${JSON.stringify(env)}: ${usage}`);
  const unknown = flags.filter((f) => !FLAGS.includes(f));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')}: ${usage}`);
  return {
    action,
    env: env as Environment,
    dryRun: flags.includes('--dry-run'),
    confirmProd: flags.includes('--confirm-prod'),
    yes: flags.includes('--yes'),
  };
}

function exec(argv: readonly string[], options: { capture: boolean }): Promise<ExecResult> {
  return new Promise((done, fail) => {
    const [command = '', ...args] = argv;
    const child = spawn(command, args, {
      cwd: repo,
      stdio: ['inherit', options.capture ? 'pipe' : 'inherit', 'inherit'],
      env: { ...process.env, TF_IN_AUTOMATION: '1' },
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stdout }));
  });
}

export async function main(
  argv: readonly string[],
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const { action, env, dryRun, confirmProd, yes } = invocation;
  const steps = action === 'up' ? upPlan(env) : downPlan(env);
  if (dryRun) {
    printPlan(action, env, steps, log);
    return 0;
  }
  if (action === 'down' && env === 'prod' && !confirmProd) {
    process.stderr.write('down prod destroys production: add --confirm-prod if that is what you mean\n');
    return 2;
  }
  try {
    await runPlan(action, env, steps, { exec, log, now: () => performance.now(), yes, ...terminal() });
    return 0;
  } catch (error) {
    process.stderr.write(`${action} ${env}: ${(error as Error).message}\n`);
    return error instanceof StepFailed ? 1 : 2;
  }
}

/** A yes/no question at the terminal, when one is attached (never in CI, never with input piped in). */
function terminal(): { ask?: (question: string) => Promise<boolean> } {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return {};
  return {
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return /^y(es)?$/i.test((await rl.question(`    ${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    },
  };
}
