// From a fork to a green local release rehearsal, as typed (FORKING.md, steps 1 to 6): a clone of the
// repository with its node_modules, `npm run init` with every value as flags and --commit (one commit of
// what it wrote), `npm run github:setup -- --dry-run` against the GitHub settings stand-in with Terraform's
// outputs given as files, and the three flows rehearsed (`npm run pipeline -- all v0.1.0`). Each command runs as a person types it (bash,
// in the clone) and is timed; then what is left is measured: placeholders in the configuration, variables a
// workflow reads that the dry run would not set, files that needed a hand edit. The test
// (test/fork.test.ts) and the bench (bench/fork.bench.ts) run this.
import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WORKFLOWS } from '../../workflows/generate.js';
import { terraformVariables } from '../github/catalogue.js';
import { type Settings, uncovered } from '../github/coverage.js';
import { startGitHubSettingsStandin } from '../github/test-support/settings-standin/server.js';
import { checkoutCommit } from '../images/checkout.js';
import { platformOutputs } from '../terraform/checks/outputs-contract.js';
import { PLACEHOLDERS, VALUES_FILE } from './values.js';

/** The fork the rehearsal poses as, and its values. */
export const FORK = {
  repository: 'acme/shop-platform',
  domain: 'shop.acme.dev',
  email: 'oncall@acme.dev',
  region: 'eu-central-1',
  adminCidr: '198.18.7.0/24',
  appClientId: 'Iv23liForkRehearsal',
  appSlug: 'acme-gitops',
  reviewer: 'founder',
  release: 'v0.1.0',
} as const;

/** A command typed in the fork, and what it stands for. */
export interface TypedCommand {
  readonly step: string;
  readonly command: string;
}

/** The runtime base the Dockerfile pins: a real image by digest, as BASE_IMAGE must be. */
export function pinnedRuntimeBase(root: string): string {
  const match = /^ARG RUNTIME_IMAGE=(\S+@sha256:[0-9a-f]{64})$/m.exec(
    readFileSync(join(root, 'services', 'Dockerfile'), 'utf8'),
  );
  if (!match?.[1]) throw new Error('services/Dockerfile: no RUNTIME_IMAGE pinned by digest');
  return match[1];
}

/**
 * The commands typed after the clone and `npm ci` (which `checkoutCommit` stands for here), in order.
 * `files` holds Terraform's outputs and the App's key, as `terraform output -json` and GitHub give them.
 */
export function typedCommands(root: string, files: string): TypedCommand[] {
  return [
    {
      step: 'init',
      command: [
        'npm run init --',
        `--repo ${FORK.repository} --domain ${FORK.domain} --email ${FORK.email}`,
        `--region ${FORK.region} --admin-cidr ${FORK.adminCidr}`,
        `--app-client-id ${FORK.appClientId} --app-slug ${FORK.appSlug} --reviewer ${FORK.reviewer}`,
        `--base-image ${pinnedRuntimeBase(root)} --commit`,
      ].join(' '),
    },
    {
      step: 'github:setup --dry-run',
      command: [
        'npm run github:setup -- --dry-run',
        ...(['dev', 'prod', 'bootstrap'] as const).map((o) => `--${o}-outputs ${files}/${o}.json`),
        `--app-key-file ${files}/app.pem`,
      ].join(' '),
    },
    { step: 'pipeline all', command: `npm run pipeline -- all ${FORK.release}` },
  ];
}

/** `terraform output -json` of a string output. */
const output = (value: string) => ({ sensitive: false, type: 'string', value });

/** Terraform's outputs as its apply would leave them for this fork (the contract's names). */
function outputsOf(env: 'dev' | 'prod', prefix: string): Record<string, unknown> {
  const account = '123456789012';
  const name = `${prefix}-${env}`;
  const role = (what: string) => `arn:aws:iam::${account}:role/${name}-${what}`;
  const values: Record<string, string> = Object.fromEntries(
    platformOutputs.map((o) => [
      o,
      o.endsWith('_role_arn') ? role(o.replace(/_role_arn$/, '')) : `${name}-${o}`,
    ]),
  );
  values.region = FORK.region;
  values.account_id = account;
  values.ecr_registry = `${account}.dkr.ecr.${FORK.region}.amazonaws.com`;
  values.ci_role_arn = role('github-ci');
  values.pr_role_arn = role('github-pr');
  values.deploy_role_arn = role('github-deploy');
  values.release_role_arn = role('github-release');
  values.terraform_role_arn = role('github-terraform');
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, output(v)]));
}

/** Writes the files the typed commands name: each environment's and the bootstrap's outputs, the App's key. */
export function writeInputs(files: string, prefix: string): void {
  for (const env of ['dev', 'prod'] as const) {
    const wanted = terraformVariables(env).map((v) => ('output' in v.from ? v.from.output : ''));
    const all = outputsOf(env, prefix);
    if (!wanted.every((o) => o in all)) throw new Error(`${env}: an output github:setup reads is missing`);
    writeFileSync(join(files, `${env}.json`), JSON.stringify(all));
  }
  writeFileSync(
    join(files, 'bootstrap.json'),
    JSON.stringify({
      state_bucket: output(`${prefix}-tfstate-123456789012-${FORK.region}`),
      state_kms_key_arn: output(`arn:aws:kms:${FORK.region}:123456789012:key/fork`),
    }),
  );
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(files, 'app.pem'), privateKey.export({ type: 'pkcs1', format: 'pem' }), {
    mode: 0o600,
  });
}

export interface CommandResult extends TypedCommand {
  readonly code: number;
  readonly ms: number;
  readonly output: string;
}

/** Runs one typed command with bash in `cwd`, as a person at a shell would (no terminal: nothing is asked). */
function type(command: TypedCommand, cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // The rehearsal keeps its registry and remote in the clone's own .data/pipeline, posing as the fork.
    const { PIPELINE_STATE_DIR: _state, PIPELINE_REPOSITORY: _repository, ...outer } = process.env;
    const child = spawn('bash', ['-c', command.command], {
      cwd,
      env: { ...outer, ...env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ ...command, code: code ?? 1, ms: performance.now() - started, output: out }),
    );
  });
}

/** Every file of the configuration (gitops/, terraform/, .github/, the values; not docs, not test fixtures). */
export function configFiles(root: string): string[] {
  const under = (dir: string) =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && !e.parentPath.split('/').includes('.terraform'))
      .map((e) => relative(root, join(e.parentPath, e.name)));
  return [...['gitops', 'terraform', '.github'].flatMap(under), VALUES_FILE].filter(
    (f) => !f.endsWith('.md') && !f.split('/').includes('test') && !f.endsWith('.test.yaml'),
  );
}

/** `file: placeholder` for each upstream placeholder a configuration file still holds. */
export function placeholdersLeft(root: string): string[] {
  return configFiles(root).flatMap((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    return Object.values(PLACEHOLDERS)
      .filter((p) => text.includes(p))
      .map((p) => `${file}: ${p}`);
  });
}

/** What github:setup's dry run says it would set: `would: variable NAME (environment X): created`. */
export function settingsOfDryRun(output: string): Settings {
  const found = [
    ...output.matchAll(/^would: (variable|secret) (\S+) \((?:repository|environment (\S+))\)/gm),
  ];
  const of = (kind: string) =>
    found
      .filter((m) => m[1] === kind)
      .map((m) => ({ name: m[2] as string, ...(m[3] !== undefined && { environment: m[3] }) }));
  return { variables: of('variable'), secrets: of('secret') };
}

export interface ForkRehearsal {
  readonly commands: readonly CommandResult[];
  /** Wall time from the clone to the end of the release rehearsal. */
  readonly totalMs: number;
  readonly cloneMs: number;
  /** Placeholders left in the configuration once init has run. */
  readonly placeholders: readonly string[];
  /** Reads of the workflows that the dry run would leave unset at their job's scope. */
  readonly uncovered: readonly string[];
  /** What the dry run would set. */
  readonly settings: Settings;
  /** Files init wrote (its own), and files changed by anything else (hand edits). */
  readonly written: readonly string[];
  readonly handEdited: readonly string[];
  /** The pipeline's own duration line, and what is left uncommitted after it (nothing, when no step edits). */
  readonly dirtyAfter: readonly string[];
}

/** Rehearses the whole path in `dir` (a clone of `repo` at `commit` is made there); stops at a failing command. */
export async function rehearseFork(repo: string, commit: string, dir: string): Promise<ForkRehearsal> {
  const started = performance.now();
  const root = checkoutCommit(repo, join(dir, 'fork'), commit);
  const cloneMs = performance.now() - started;
  const files = join(dir, 'inputs');
  mkdirSync(files, { recursive: true });
  const prefix = JSON.parse(readFileSync(join(root, VALUES_FILE), 'utf8')).prefix as string;
  writeInputs(files, prefix);
  const token = 'ghp_fork-rehearsal';
  const standin = await startGitHubSettingsStandin({
    repository: FORK.repository,
    token,
    users: { [FORK.reviewer]: 101 },
    apps: { [FORK.appSlug]: { id: 303, client_id: FORK.appClientId } },
  });
  const env = {
    GITHUB_TOKEN: token,
    GITHUB_API_URL: standin.url,
    GIT_AUTHOR_NAME: 'Fork Rehearsal',
    GIT_AUTHOR_EMAIL: 'fork@acme.dev',
    GIT_COMMITTER_NAME: 'Fork Rehearsal',
    GIT_COMMITTER_EMAIL: 'fork@acme.dev',
  };
  const commands: CommandResult[] = [];
  let placeholders: string[] = [];
  let written: string[] = [];
  let handEdited: string[] = [];
  try {
    for (const typed of typedCommands(root, files)) {
      const result = await type(typed, root, env);
      commands.push(result);
      if (result.code !== 0) break;
      if (typed.step === 'init') {
        // init --commit committed what it says it wrote; anything else changed is a hand edit.
        const lines = (args: string[]) =>
          execFileSync('git', args, { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
        written = [...result.output.matchAll(/^wrote (\S+)$/gm)].map((m) => m[1] as string);
        if (/^init\.values\.json:$/m.test(result.output)) written.push(VALUES_FILE);
        const changed = [
          ...lines(['show', '--name-only', '--format=', 'HEAD']),
          ...lines(['status', '--porcelain']).map((l) => l.slice(3)),
        ];
        handEdited = changed.filter((f) => !written.includes(f));
        placeholders = placeholdersLeft(root);
      }
    }
  } finally {
    await standin.stop();
  }
  const setup = commands.find((c) => c.step === 'github:setup --dry-run')?.output ?? '';
  const settings = settingsOfDryRun(setup);
  const dirtyAfter = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  return {
    commands,
    totalMs: performance.now() - started,
    cloneMs,
    placeholders,
    uncovered: uncovered(WORKFLOWS, settings),
    settings,
    written,
    handEdited,
    dirtyAfter,
  };
}
