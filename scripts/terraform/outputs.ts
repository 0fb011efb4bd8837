// `npx tsx scripts/terraform/outputs.ts <dev|prod> [--terraform-dir DIR] [--bootstrap-dir DIR] [--gitops-dir DIR]`:
// reads `terraform output -json` of terraform/envs/<env>, writes gitops/envs/<env>/aws.env (the services'
// values), gitops/argocd/apps/<env>/aws.env (the add-ons' values) and
// gitops/argocd/repository/<env>/repository.env (Argo CD's repository credentials), and prints the
// `gh variable set` commands (the roles and registry, plus infra.yml's state backend from
// terraform/bootstrap and the environment's tfvars). `npm run up` runs it after terraform apply.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bootstrapOutputs } from '../github/catalogue.js';
import {
  githubCommands,
  infraCommands,
  OutputsError,
  parseOutputs,
  platformEnvKeys,
  repositoryEnvKeys,
  writeAwsEnv,
} from './carry.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const usage =
  'usage: npx tsx scripts/terraform/outputs.ts <dev|prod> [--terraform-dir DIR] [--bootstrap-dir DIR] [--gitops-dir DIR]';

interface Options {
  readonly env: 'dev' | 'prod';
  readonly terraformDir: string;
  readonly bootstrapDir: string;
  readonly gitopsDir: string;
}

function parseArgs(argv: readonly string[]): Options {
  const args = argv.filter((a) => a !== '--');
  const env = args[0];
  if (env !== 'dev' && env !== 'prod')
    throw new OutputsError(`unknown environment ${JSON.stringify(env)}: ${usage}`);
  const options: Record<string, string> = {};
  for (let i = 1; i < args.length; i += 2) {
    const flag = args[i] ?? '';
    const value = args[i + 1];
    if (!['--terraform-dir', '--bootstrap-dir', '--gitops-dir'].includes(flag) || value === undefined) {
      throw new OutputsError(`unexpected argument ${JSON.stringify(flag)}: ${usage}`);
    }
    options[flag] = resolve(value);
  }
  return {
    env,
    terraformDir: options['--terraform-dir'] ?? join(repo, 'terraform', 'envs', env),
    bootstrapDir: options['--bootstrap-dir'] ?? join(repo, 'terraform', 'bootstrap'),
    gitopsDir: options['--gitops-dir'] ?? join(repo, 'gitops'),
  };
}

export async function main(
  argv: readonly string[],
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  try {
    const { env, terraformDir, bootstrapDir, gitopsDir } = parseArgs(argv);
    const outputs = parseOutputs(
      await terraformOutputs(terraformDir),
      `terraform output -json in ${terraformDir}`,
    );
    const bootstrap = parseOutputs(
      await terraformOutputs(bootstrapDir),
      `terraform output -json in ${bootstrapDir}`,
      bootstrapOutputs(),
    );
    for (const [file, keys] of [
      [join(gitopsDir, 'envs', env, 'aws.env'), undefined],
      [join(gitopsDir, 'argocd', 'apps', env, 'aws.env'), platformEnvKeys],
      [join(gitopsDir, 'argocd', 'repository', env, 'repository.env'), repositoryEnvKeys],
    ] as const) {
      const changed = await writeAwsEnv(file, outputs, keys);
      log(changed.length > 0 ? `${file}: updated ${changed.join(', ')}` : `${file}: already up to date`);
    }
    log(
      'GitHub variables (npm run github:setup sets these and the rest; by hand, once or after the roles change):',
    );
    for (const command of githubCommands(env, outputs)) log(`  ${command}`);
    for (const command of infraCommands(env, bootstrap, join(terraformDir, 'terraform.tfvars')))
      log(`  ${command}`);
    return 0;
  } catch (error) {
    process.stderr.write(`outputs: ${(error as Error).message}\n`);
    return error instanceof OutputsError ? 2 : 1;
  }
}

/** `terraform output -json` in `dir`. */
export async function terraformOutputs(dir: string): Promise<string> {
  const { stdout } = await promisify(execFile)('terraform', [`-chdir=${dir}`, 'output', '-json'], {
    env: { ...process.env, TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE ?? '/dev/null' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
