// The plans of `npm run up|down -- <env> --dry-run` for dev and prod: the right commands in the right
// order, each a valid line of bash (checked by bash -n), and the runner's behaviour on a real run
// (lazy values read just in time, clean-up skipped when the cluster is gone, a failure stops with its
// explanation) with the external tools replaced at the process boundary.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  awsEnvFile,
  COMMON_DIR,
  clusterAwsEnvFile,
  clusterDir,
  controllerFile,
  INGRESS_FILE,
  overlayDir,
  overlayKustomizationFile,
  repositoryEnvFile,
} from '../../gitops/layout.js';
import { platform } from '../../platform/platform.js';
import { main, parseArgs } from '../command.js';
import { argoCdApplication, charts, downPlan, upPlan } from '../plan.js';
import { type ExecResult, runPlan } from '../runner.js';
import { renderCommand, type Step } from '../steps.js';

const repo = join(import.meta.dirname, '..', '..', '..');

async function dryRun(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main([...args, '--dry-run'], (l) => lines.push(l));
  return { code, lines };
}

/** The printed commands, in order. */
const commands = (lines: string[]) => lines.filter((l) => l.startsWith('    $ ')).map((l) => l.slice(6));

function indexOf(list: string[], pattern: RegExp): number {
  const i = list.findIndex((c) => pattern.test(c));
  expect([pattern.source, i >= 0]).toEqual([pattern.source, true]);
  return i;
}

describe.each(['dev', 'prod'] as const)('npm run up -- %s --dry-run', (env) => {
  it('prints every step in order and exits 0', async () => {
    const { code, lines } = await dryRun(['up', env]);
    expect(code).toBe(0);
    const cmds = commands(lines);
    expect(cmds).toHaveLength(upPlan(env).length);
    const order = [
      /^command -v terraform/,
      /^terraform -chdir=terraform\/bootstrap apply /,
      // One root for every environment: its own data directory, its own state key, its own var-files.
      new RegExp(
        `^env TF_DATA_DIR=\\.terraform/${env} terraform -chdir=terraform/environment init .*-backend-config=key=envs/${env}/terraform\\.tfstate .*-backend-config=bucket=\\$\\(terraform -chdir=terraform/bootstrap output -raw state_bucket\\)`,
      ),
      new RegExp(
        `^env TF_DATA_DIR=\\.terraform/${env} terraform -chdir=terraform/environment apply .*-var-file=${env}\\.tfvars "-var=state_bucket=`,
      ),
      new RegExp(`^npx tsx scripts/terraform/outputs.ts ${env}$`),
      new RegExp(
        `^git diff --quiet HEAD -- ${awsEnvFile(env)} ${clusterAwsEnvFile(env)} ${repositoryEnvFile(env)}$`,
      ),
      /^aws eks update-kubeconfig /,
      new RegExp(
        `^helm status argocd .* \\|\\| helm install argocd argo-cd .*--version=${charts.argoCd.version} `,
      ),
      // The root holds the ExternalSecret of Argo CD's repository credentials: the operator comes first.
      new RegExp(
        `^helm upgrade --install external-secrets external-secrets .*--version=${charts.externalSecrets.version} `,
      ),
      new RegExp(`^kubectl apply -k ${clusterDir(env)}$`),
      new RegExp(`^! grep -Eq 'digest: \\*sha256:0\\{64\\}' ${overlayKustomizationFile(env)}$`),
      /^kubectl -n argocd wait applications.argoproj.io/,
    ].map((p) => indexOf(cmds, p));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(lines[0]).toBe(`up ${env}: dry run, ${cmds.length} steps, nothing is run`);
  });

  it('applies a root Application that exists in gitops/', () => {
    const root = upPlan(env)
      .map(renderCommand)
      .find((c) => c.startsWith('kubectl apply -k '));
    expect(existsSync(join(repo, (root ?? '').slice('kubectl apply -k '.length), 'kustomization.yaml'))).toBe(
      true,
    );
  });

  it('points the DNS record at the ALB where an entrypoint Ingress exists (both environments)', () => {
    // A second apply once the ALB exists: the record follows the ALB (modules/dns), no variable.
    const alias = upPlan(env).some((s) => s.title.includes('entrypoint host name at the ALB'));
    expect(upPlan(env).map(renderCommand).join('\n')).not.toContain('create_alias_record');
    const overlay = parse(readFileSync(join(repo, overlayKustomizationFile(env)), 'utf8'));
    expect(overlay.components).toContain(posix.relative(overlayDir(env), COMMON_DIR));
    const common = parse(readFileSync(join(repo, COMMON_DIR, 'kustomization.yaml'), 'utf8'));
    expect(common.resources).toContain(posix.relative(COMMON_DIR, INGRESS_FILE));
    expect(alias).toBe(true);
  });

  it('installs Argo CD once, with the chart, version and values of the Application that then manages it', () => {
    const app = parse(readFileSync(join(repo, argoCdApplication), 'utf8'));
    const install = upPlan(env)
      .map(renderCommand)
      .find((c) => c.includes('helm install argocd'));
    expect(install).toContain(`helm status argocd --namespace=argocd >/dev/null 2>&1 || helm install argocd`);
    expect(install).toContain(
      `${app.spec.source.chart} --repo=${app.spec.source.repoURL} --version=${app.spec.source.targetRevision} `,
    );
    expect(app.spec.source.helm.valuesObject.configs.cm.create).toBe(false);
    expect(install).toContain('--set=configs.cm.create=false');
  });

  it('waits for every Application but the ones labelled to sync by hand (Argo CD itself)', () => {
    const app = parse(readFileSync(join(repo, argoCdApplication), 'utf8'));
    expect(app.metadata.labels['platform.shop/sync']).toBe('manual');
    expect(app.spec.syncPolicy.automated).toBeUndefined();
    const wait = upPlan(env)
      .map(renderCommand)
      .find((c) => c.startsWith('kubectl -n argocd wait applications.argoproj.io'));
    if (env === 'dev')
      expect(wait).toContain(
        "--selector='platform.shop/sync!=manual' --for=jsonpath='{.status.sync.status}'=Synced",
      );
    else expect(wait).toContain('applications.argoproj.io/root-prod');
  });

  it('installs no add-on with Helm: Argo CD manages the Load Balancer Controller and the rest from git', () => {
    const helm = upPlan(env)
      .map(renderCommand)
      .filter((c) => /\bhelm (upgrade|install)\b/.test(c));
    // Argo CD itself, and External Secrets Operator for the repository credentials' CRDs (both then owned by their Applications).
    expect(helm.map((c) => /helm (?:upgrade --install|install) (\S+)/.exec(c)?.[1])).toEqual([
      'argocd',
      'external-secrets',
    ]);
    expect(helm.join('\n')).not.toContain('aws-load-balancer-controller');
    expect(existsSync(join(repo, controllerFile('aws-load-balancer-controller')))).toBe(true);
  });
});

describe.each(['dev', 'prod'] as const)('npm run down -- %s --dry-run', (env) => {
  it('removes the load balancers and volumes Argo CD created before terraform destroy', async () => {
    const { code, lines } = await dryRun(['down', env]);
    expect(code).toBe(0);
    const cmds = commands(lines);
    const order = [
      /^aws eks update-kubeconfig /,
      /kubectl -n argocd scale statefulset\/argocd-application-controller --replicas=0; fi$/,
      /^kubectl delete ingress --all --all-namespaces /,
      /LoadBalancer.*kubectl delete service/,
      new RegExp(`^kubectl delete namespace ${platform().namespace(env)} monitoring external-secrets `),
      /then kubectl wait --for=delete persistentvolumes --all /,
      new RegExp(
        `^env TF_DATA_DIR=\\.terraform/${env} terraform -chdir=terraform/environment destroy .*-var-file=${env}\\.tfvars "-var=state_bucket=`,
      ),
    ].map((p) => indexOf(cmds, p));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(
      cmds.some((c) => c.includes('terraform/bootstrap apply') || c.includes('terraform/bootstrap destroy')),
    ).toBe(false);
  });
});

it('prints only commands bash can parse', () => {
  for (const env of ['dev', 'prod'] as const) {
    for (const step of [...upPlan(env), ...downPlan(env)]) {
      expect(() => execFileSync('bash', ['-n', '-c', renderCommand(step)])).not.toThrow();
    }
  }
});

describe('arguments', () => {
  it('accepts up|down, dev|prod and the two flags; refuses anything else by name', () => {
    expect(parseArgs(['up', '--', 'dev', '--dry-run'])).toEqual({
      action: 'up',
      env: 'dev',
      dryRun: true,
      confirmProd: false,
      yes: false,
    });
    expect(parseArgs(['up', 'prod', '--yes']).yes).toBe(true);
    expect(() => parseArgs(['up', 'staging'])).toThrow('unknown environment "staging"');
    expect(() => parseArgs(['down', 'dev', '--force'])).toThrow('unknown option --force');
  });

  it('refuses to take prod down without --confirm-prod, before running anything', async () => {
    const write = process.stderr.write;
    const errors: string[] = [];
    process.stderr.write = ((c: string) => errors.push(c) > 0) as typeof process.stderr.write;
    try {
      expect(await main(['down', 'prod'], () => undefined)).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toContain('--confirm-prod');
  });
});

describe('runPlan', () => {
  /** Records every process the runner starts; answers lazy reads and fails what `fail` matches. */
  function tools(fail: RegExp | undefined) {
    const ran: string[] = [];
    let clock = 0;
    return {
      ran,
      deps: {
        async exec(argv: readonly string[], options: { capture: boolean }): Promise<ExecResult> {
          const text = argv.join(' ');
          ran.push(options.capture ? `read: ${text}` : text);
          clock += 1500;
          if (fail?.test(text)) return { code: 1, stdout: '' };
          return {
            code: 0,
            stdout: options.capture ? `<${/output -raw (\w+)/.exec(text)?.[1] ?? 'false'}>\n` : '',
          };
        },
        log: () => undefined,
        now: () => clock,
      },
    };
  }

  it('reads lazy values just before the step, with the values substituted into the arguments', async () => {
    const { ran, deps } = tools(undefined);
    await runPlan('up', 'dev', upPlan('dev'), deps);
    const init = ran.findIndex((c) =>
      c.startsWith('env TF_DATA_DIR=.terraform/dev terraform -chdir=terraform/environment init'),
    );
    expect(ran[init]).toContain('-backend-config=bucket=<state_bucket>');
    expect(ran[init - 1]).toBe(
      'read: bash -c terraform -chdir=terraform/bootstrap output -raw state_kms_key_arn',
    );
    expect(
      ran.some((c) => c.startsWith('aws eks update-kubeconfig') && c.includes('--name=<cluster_name>')),
    ).toBe(true);
    // The cluster's name is read from dev's own state, not whichever environment was initialised last.
    expect(ran).toContain(
      'read: bash -c env TF_DATA_DIR=.terraform/dev terraform -chdir=terraform/environment output -raw cluster_name',
    );
  });

  it('down skips the Kubernetes clean-up when the cluster is already gone, and still destroys', async () => {
    const { ran, deps } = tools(/update-kubeconfig/);
    await runPlan('down', 'dev', downPlan('dev'), deps);
    expect(ran.some((c) => c.startsWith('kubectl delete'))).toBe(false);
    expect(ran.at(-1)).toMatch(
      /^env TF_DATA_DIR=\.terraform\/dev terraform -chdir=terraform\/environment destroy /,
    );
  });

  it('stops at a failing step with its explanation (no terminal, no --yes: nothing is committed)', async () => {
    const { ran, deps } = tools(/^git diff/);
    await expect(runPlan('up', 'dev', upPlan('dev'), deps)).rejects.toThrow(
      `${awsEnvFile('dev')}, ${clusterAwsEnvFile('dev')} or ${repositoryEnvFile('dev')} changed: commit and push them to main`,
    );
    expect(ran.some((c) => c.includes('git commit'))).toBe(false);
    expect(ran.some((c) => c.includes('helm install'))).toBe(false);
  });

  it.each([
    ['--yes', { yes: true }],
    ['a yes at the terminal', { ask: async () => true }],
  ])('commits and pushes the values Terraform wrote, then goes on (%s)', async (_, answer) => {
    const { ran, deps } = tools(/^git diff/);
    const asked: string[] = [];
    const ask = 'ask' in answer ? async (q: string) => asked.push(q) > 0 : undefined;
    await runPlan('up', 'dev', upPlan('dev'), { ...deps, ...answer, ...(ask && { ask }) });
    const commit = ran.findIndex((c) => c.includes('git commit'));
    expect(ran[commit]).toBe(
      `bash -c git commit --quiet -m 'dev: Terraform'"'"'s values (npm run up -- dev)' -- ${awsEnvFile('dev')} ${clusterAwsEnvFile('dev')} ${repositoryEnvFile('dev')} && git push origin HEAD:main`,
    );
    expect(ran.findIndex((c) => c.includes('helm install'))).toBeGreaterThan(commit);
    if (ask) expect(asked).toEqual([expect.stringContaining('commit them and push to origin main now')]);
  });

  it('a no at the terminal commits nothing and stops with the explanation', async () => {
    const { ran, deps } = tools(/^git diff/);
    await expect(runPlan('up', 'dev', upPlan('dev'), { ...deps, ask: async () => false })).rejects.toThrow(
      'commit and push them to main',
    );
    expect(ran.some((c) => c.includes('git commit'))).toBe(false);
  });

  it.each(['dev', 'prod'] as const)(
    '%s: says what to run next instead of waiting for a placeholder digest to become healthy',
    async (env) => {
      const { ran, deps } = tools(/grep -Eq 'digest/);
      const lines: string[] = [];
      await runPlan('up', env, upPlan(env), { ...deps, log: (l) => lines.push(l) });
      expect(ran.some((c) => c.includes('kubectl -n argocd wait'))).toBe(false);
      expect(ran.at(-1)).toContain(`grep -Eq 'digest`);
      const next = env === 'dev' ? 'gh workflow run main.yml --ref main' : 'git tag v0.1.0';
      expect(lines.join('\n')).toContain(next);
      expect(lines.at(-1)).toMatch(new RegExp(`^up ${env}: stopped after step \\d+ of \\d+`));
    },
  );

  it('the digest check reads the overlay as it is: the placeholder fails it, a pinned build passes', () => {
    const step = upPlan('dev').find((s) => s.stopWith !== undefined);
    const check = (dir: string) =>
      spawnSync('bash', ['-c', renderCommand(step as Step)], { cwd: dir }).status;
    const overlay = readFileSync(join(repo, overlayKustomizationFile('dev')), 'utf8');
    const scratch = mkdtempSync(join(tmpdir(), 'up-digest-'));
    try {
      mkdirSync(join(scratch, overlayDir('dev')), { recursive: true });
      const write = (text: string) => writeFileSync(join(scratch, overlayKustomizationFile('dev')), text);
      write(overlay.replace(/sha256:[0-9a-f]{64}/g, `sha256:${'0'.repeat(64)}`));
      expect(check(scratch)).toBe(1);
      write(overlay.replace(/sha256:[0-9a-f]{64}/g, `sha256:${'4'.repeat(64)}`));
      expect(check(scratch)).toBe(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
