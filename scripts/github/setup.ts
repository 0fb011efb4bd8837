// `npm run github:setup -- [--dry-run] [--update-secrets] [--values FILE] [--repo OWNER/NAME]
//   [--dev-outputs FILE] [--prod-outputs FILE] [--bootstrap-outputs FILE] [--app-key-file FILE]
//   [--sonar-token-file FILE]`
// Applies the repository settings the workflows need (catalogue.ts) through GitHub's REST API with the
// caller's token (GITHUB_TOKEN or GH_TOKEN; GITHUB_API_URL for another API host). Terraform's outputs are read
// with `terraform output -json` unless a file of that JSON is given. Secrets come from files or the
// environment, never from an argument (an argument is visible to every process on the machine).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Octokit } from '@octokit/rest';
import { parseOutputs } from '../terraform/carry.js';
import { dataDir, ENVIRONMENT_ROOT } from '../terraform/environment-root.js';
import { terraformOutputs } from '../terraform/outputs.js';
import { octokitApi } from './api.js';
import { setup } from './apply.js';
import { bootstrapOutputs, SECRETS, type TerraformEnv, terraformVariables } from './catalogue.js';
import { codeownersProblems } from './codeowners.js';
import { readValues, SetupError } from './values.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const FILE_FLAGS = [
  '--values',
  '--repo',
  '--dev-outputs',
  '--prod-outputs',
  '--bootstrap-outputs',
  ...new Set(SECRETS.map((s) => s.from.fileFlag)),
];
const SWITCHES = ['--dry-run', '--update-secrets'];
const usage = `usage: npm run github:setup -- [${SWITCHES.join('] [')}] [${FILE_FLAGS.map((f) => `${f} X`).join('] [')}]`;

export function parseArgs(argv: readonly string[]): { flags: Record<string, string>; switches: Set<string> } {
  const flags: Record<string, string> = {};
  const switches = new Set<string>();
  const args = argv.filter((a) => a !== '--');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (SWITCHES.includes(arg)) switches.add(arg);
    else if (FILE_FLAGS.includes(arg) && args[i + 1] !== undefined) flags[arg] = args[++i] as string;
    else throw new SetupError(`unexpected argument ${JSON.stringify(arg)}\n${usage}`);
  }
  return { flags, switches };
}

async function readText(path: string, what: string): Promise<string> {
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SetupError(`${what}: cannot read ${path} (${error.code ?? error.message})`);
  });
}

/** `terraform output -json` of `dir` (with an environment's data directory), or the file of it given. */
async function outputsOf(
  file: string | undefined,
  dir: string,
  names: string[],
  data?: string,
): Promise<Record<string, string>> {
  const json =
    file !== undefined ? await readText(file, 'terraform outputs') : await terraformOutputs(dir, data);
  return parseOutputs(json, file ?? `terraform output -json in ${dir}${data ? ` (${data})` : ''}`, names);
}

/** Each secret's value: its file flag, else the file its *_FILE variable names, else the variable itself. */
async function secretValues(flags: Record<string, string>, env: NodeJS.ProcessEnv) {
  const values: Record<string, string | undefined> = {};
  const hints: Record<string, string> = {};
  for (const { name, from } of SECRETS) {
    const file = flags[from.fileFlag] ?? env[from.fileEnv];
    const text = file !== undefined ? await readText(file, `secret ${name}`) : env[from.env];
    values[name] = text?.replace(/\s+$/, '') || undefined;
    hints[name] = `give ${from.fileFlag} FILE, ${from.fileEnv}=FILE or ${from.env}`;
  }
  return { values, hints };
}

export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  fail: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  try {
    const { flags, switches } = parseArgs(argv);
    const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
    if (!token)
      throw new SetupError('no token: set GITHUB_TOKEN or GH_TOKEN (e.g. GH_TOKEN=$(gh auth token))');
    const values = await readValues(resolve(flags['--values'] ?? join(repoRoot, 'init.values.json')));
    const repo = flags['--repo'] ?? values.repository;
    const envs: TerraformEnv[] = ['dev', 'prod'];
    const outputs = {} as Record<TerraformEnv, Record<string, string>>;
    const dir = join(repoRoot, ENVIRONMENT_ROOT);
    for (const e of envs) {
      const names = terraformVariables(e).flatMap((v) => ('output' in v.from ? [v.from.output] : []));
      outputs[e] = await outputsOf(flags[`--${e}-outputs`], dir, names, dataDir(e));
    }
    const bootstrapDir = join(repoRoot, 'terraform', 'bootstrap');
    const bootstrap = await outputsOf(flags['--bootstrap-outputs'], bootstrapDir, bootstrapOutputs());
    const secrets = await secretValues(flags, env);
    const octokit = new Octokit({
      auth: token,
      baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
      // A 404 is how a read learns a setting is absent: not an error to log. Failures are thrown and reported.
      log: {
        debug: () => {},
        info: () => {},
        warn: (m: string) => process.stderr.write(`${m}\n`),
        error: () => {},
      },
    });
    await setup(
      octokitApi(octokit),
      { repo, values, outputs, bootstrap, secrets: secrets.values, secretHints: secrets.hints },
      { dryRun: switches.has('--dry-run'), replaceSecrets: switches.has('--update-secrets'), log },
    );
    // main requires a code owner's review: a placeholder owner means no one's review is required.
    const owners = await readFile(join(repoRoot, '.github', 'CODEOWNERS'), 'utf8').catch(() => '');
    const { missing, placeholder } = codeownersProblems(owners);
    if (missing.length + placeholder.length > 0)
      fail(
        `warning: .github/CODEOWNERS has no real owner for ${[...missing, ...placeholder].join(', ')} (init fills it)`,
      );
    return 0;
  } catch (error) {
    fail(`github:setup: ${(error as Error).message}`);
    return error instanceof SetupError || (error as Error).name === 'OutputsError' ? 2 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
