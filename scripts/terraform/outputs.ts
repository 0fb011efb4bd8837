// `npx tsx scripts/terraform/outputs.ts <dev|prod> [--terraform-dir DIR] [--bootstrap-dir DIR] [--gitops-dir DIR]`:
// reads `terraform output -json` of terraform/environment as applied for <env> (its own TF_DATA_DIR),
// writes gitops/apps/<env>/aws.env (the services' values: the keys of services/lib/catalogue/aws-env.ts for
// the declared services and queues), gitops/clusters/<env>/aws.env (the controllers' values) and
// gitops/infrastructure/configs/argocd-repository/<env>/repository.env (Argo CD's repository credentials), and prints the
// `gh variable set` commands (the roles and registry, plus infra.yml's state backend from
// terraform/bootstrap and the environment's operator values). `npm run up` runs it after terraform apply.
import { execFile } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadCatalogue } from '../../services/lib/catalogue/catalogue.js';
import { bootstrapOutputs } from '../github/catalogue.js';
import { awsEnvFile, clusterAwsEnvFile, GITOPS_DIR, repositoryEnvFile } from '../gitops/layout.js';
import {
  awsEnvValues,
  envEntries,
  githubCommands,
  infraCommands,
  OutputsError,
  parseOutputs,
  parseServiceOutputs,
  platformEnvKeys,
  repositoryEnvKeys,
  writeEnvFile,
} from './carry.js';
import { dataDir, ENVIRONMENT_ROOT } from './environment-root.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const usage =
  'usage: npx tsx scripts/terraform/outputs.ts <dev|prod> [--terraform-dir DIR] [--bootstrap-dir DIR] [--gitops-dir DIR]';

interface Options {
  readonly env: 'dev' | 'prod';
  /** The environment root, read with the environment's TF_DATA_DIR; another directory as it is. */
  readonly terraformDir: string;
  readonly dataDir: string | undefined;
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
    terraformDir: options['--terraform-dir'] ?? join(repo, ENVIRONMENT_ROOT),
    dataDir: options['--terraform-dir'] === undefined ? dataDir(env) : undefined,
    bootstrapDir: options['--bootstrap-dir'] ?? join(repo, 'terraform', 'bootstrap'),
    gitopsDir: options['--gitops-dir'] ?? join(repo, 'gitops'),
  };
}

/** A layout path (`gitops/…`) relative to the GitOps folder, which --gitops-dir may move. */
const underGitops = (path: string) => relative(GITOPS_DIR, path);

export async function main(
  argv: readonly string[],
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  try {
    const { env, terraformDir, dataDir, bootstrapDir, gitopsDir } = parseArgs(argv);
    const json = await terraformOutputs(terraformDir, dataDir);
    const source = `terraform output -json in ${terraformDir}`;
    const outputs = parseOutputs(json, source);
    const services = awsEnvValues(loadCatalogue(), outputs, parseServiceOutputs(json, source), source);
    const bootstrap = parseOutputs(
      await terraformOutputs(bootstrapDir),
      `terraform output -json in ${bootstrapDir}`,
      bootstrapOutputs(),
    );
    for (const [file, entries] of [
      [join(gitopsDir, underGitops(awsEnvFile(env))), services],
      [join(gitopsDir, underGitops(clusterAwsEnvFile(env))), envEntries(platformEnvKeys, outputs)],
      [join(gitopsDir, underGitops(repositoryEnvFile(env))), envEntries(repositoryEnvKeys, outputs)],
    ] as const) {
      const changed = await writeEnvFile(file, entries);
      log(changed.length > 0 ? `${file}: updated ${changed.join(', ')}` : `${file}: already up to date`);
    }
    log(
      'GitHub variables (npm run github:setup sets these and the rest; by hand, once or after the roles change):',
    );
    for (const command of githubCommands(env, outputs)) log(`  ${command}`);
    for (const command of infraCommands(bootstrap)) log(`  ${command}`);
    return 0;
  } catch (error) {
    process.stderr.write(`outputs: ${(error as Error).message}\n`);
    return error instanceof OutputsError ? 2 : 1;
  }
}

/**
 * `terraform output -json` in `dir`; with `dataDir` (relative to `dir`), of the state that data directory
 * was initialised on (one environment of terraform/environment).
 */
export async function terraformOutputs(dir: string, dataDir?: string): Promise<string> {
  const { stdout } = await promisify(execFile)('terraform', [`-chdir=${dir}`, 'output', '-json'], {
    env: {
      ...process.env,
      TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE ?? '/dev/null',
      ...(dataDir !== undefined && { TF_DATA_DIR: dataDir }),
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
