// The main workflow (workflows/main.ts), rehearsed: publish job (login, then per service image-publish,
// trivy-gate, verdict and provenance), a podman smoke run of each image, then the deploy job's one
// gitops-bump commit (only-newer: never over a build of a newer commit).
// Inputs come from the workflow definition's own steps, with vars.* pointing at the local stand-ins.
import { DEV_PATH, deploy, publish } from '../../workflows/main.js';
import { SERVICES, type Service } from '../../workflows/paths.js';
import { SERVICE_BUILD_ID } from '../../workflows/steps.js';
import {
  begin,
  digestOf,
  finish,
  jobContext,
  matrixOf,
  onPath,
  type RehearsalOptions,
  repositoryOf,
  startRegistryStage,
} from './context.js';
import { checkout, ensureBase, ensureRemote } from './environment.js';
import { actionInputs } from './expressions.js';
import { Progress, StageFailure } from './progress.js';
import { runAction } from './runner.js';
import { buildScriptStage } from './service-build.js';
import { readyDetail, smokeImages } from './smoke.js';

export interface MainResult {
  readonly ok: boolean;
  /** service -> repository@sha256:… as image-publish output it. */
  readonly images: Partial<Record<Service, string>>;
  readonly gitopsCommit: string | undefined;
  readonly progress: Progress;
}

export async function rehearseMain(
  options: RehearsalOptions & { services?: readonly Service[] },
): Promise<MainResult> {
  const progress = new Progress(options.write);
  const r = await begin(options, progress, 'main');
  const images: Partial<Record<Service, string>> = {};
  const states: Partial<Record<Service, string>> = {};
  let gitopsCommit: string | undefined;
  const services = options.services ?? SERVICES;
  try {
    const registry = await startRegistryStage(r);
    let base = '';
    await progress.stage('base image (vars.BASE_IMAGE)', async () => {
      const result = await ensureBase(r.state, registry);
      base = result.reference;
      return {
        state: result.built ? 'ok' : 'unchanged',
        detail: `${base} (this machine's node, scripts/images/local-base.sh; on GitHub a public base pinned by digest)`,
      };
    });
    let remote = '';
    let workspace = '';
    await progress.stage('push to main (bare remote) + checkout', async () => {
      const pushed = await ensureRemote(r.state, r.commit.sha);
      remote = pushed.remote;
      workspace = await checkout(r.state, 'publish', remote, { sha: r.commit.sha });
      return {
        detail: `${remote}${pushed.reset ? ' (main reset to this commit)' : ''}; workspace ${workspace}`,
      };
    });
    progress.skipped(
      'changes (paths-filter)',
      options.services
        ? `--service: as if only ${services.join(', ')} changed`
        : `a rehearsal builds ${services.join(', ')}, as a first push does; on GitHub only services whose paths changed`,
    );
    const job = jobContext(r, workspace, { name: 'push', ref: 'refs/heads/main' });
    // The publish job is a matrix: its legs run side by side, each in the workflow's step order.
    const leg = async (service: Service) => {
      await buildScriptStage(progress, publish, SERVICE_BUILD_ID, service, workspace);
      progress.absent(
        `aws-oidc-login ${service}`,
        'no AWS here: would assume vars.AWS_CI_ROLE_ARN with the job OIDC token; the local registry needs no login',
      );
      const context = {
        'vars.ECR_REGISTRY': registry.host,
        'vars.BASE_IMAGE': base,
        ...matrixOf(service),
      };
      const before = await digestOf(`${repositoryOf(registry, service)}:sha-${r.commit.sha.slice(0, 7)}`);
      await progress.stage(`image-publish ${service}`, async () => {
        const step = actionInputs(publish, 'publish', context);
        const result = await runAction(step.action, step.inputs, job);
        const ref = result.outputs['image-ref'];
        if (!ref || !/@sha256:[0-9a-f]{64}$/.test(ref))
          throw new Error(`no image-ref output (got '${ref ?? ''}')`);
        images[service] = ref;
        const same = before !== undefined && ref.endsWith(before);
        states[service] = same ? 'unchanged' : 'pushed';
        return {
          state: same ? 'unchanged' : 'ok',
          detail: `${ref}${same ? ' (already in the registry)' : ''}`,
        };
      });
      const ref = images[service] as string;
      if (onPath('trivy')) {
        await progress.stage(`trivy-gate ${service}`, async () => {
          const step = actionInputs(publish, 'trivy', { 'steps.publish.outputs.image-ref': ref });
          await runAction(step.action, step.inputs, { ...job, env: { TRIVY_INSECURE: 'true' } });
          return { detail: `no blocking vulnerability in ${ref}` };
        });
      } else {
        progress.absent(
          `trivy-gate ${service}`,
          `no Trivy here: would scan ${ref} and fail on CRITICAL findings`,
        );
      }
      progress.absent(
        `gate verdict + provenance ${service}`,
        "needs GitHub OIDC + Sigstore: actions/attest would sign the gate's verdict and actions/attest-build-provenance SLSA provenance for this digest",
      );
    };
    const legs = await Promise.allSettled(services.map(leg));
    const failedLeg = legs.find((l) => l.status === 'rejected');
    if (failedLeg) throw failedLeg.reason;

    if (options.smoke) {
      await progress.stage('podman run until /ready (rehearsal only)', async () => {
        const storage = r.state.podmanStorage();
        const { readyMs, stack } = await smokeImages(images, storage);
        return { detail: `${readyDetail(readyMs)} (against ${stack})` };
      });
    } else {
      progress.skipped('podman run until /ready (rehearsal only)', 'turned off (--no-smoke)');
    }

    progress.absent(
      'GitHub App token',
      "needs the App (vars.GH_APP_CLIENT_ID, the dev environment's GH_APP_PRIVATE_KEY): its token pushes the bump to the protected main; the bare remote takes the push without one",
    );
    progress.absent(
      'aws-oidc-login (deploy role)',
      "no AWS here: would assume vars.AWS_DEPLOY_ROLE_ARN (environment dev) to read the images' labels; the local registry needs no login",
    );
    let deployWorkspace = '';
    await progress.stage('checkout main (deploy job)', async () => {
      deployWorkspace = await checkout(r.state, 'deploy', remote, { branch: 'main' }, false);
      return { detail: deployWorkspace };
    });
    await progress.stage(`gitops-bump ${DEV_PATH}`, async () => {
      const pins = services.map((s) => `${s}=${images[s]}`).join('\n');
      const step = actionInputs(deploy, 'bump', {
        'steps.pins.outputs.images': pins,
        'steps.ecr.outputs.password': '',
        'github.sha': r.commit.sha,
      });
      // The local registry takes no password (see above): only-newer reads the labels anonymously.
      const { 'registry-username': _, 'registry-password': __, ...inputs } = step.inputs;
      const result = await runAction(
        step.action,
        inputs,
        jobContext(r, deployWorkspace, { name: 'push', ref: 'refs/heads/main' }),
      );
      gitopsCommit = result.outputs['commit-sha'] || undefined;
      return result.outputs.changed === 'true'
        ? { detail: `commit ${gitopsCommit} pushed to main of ${remote}` }
        : { state: 'unchanged', detail: 'dev already pins these digests: no commit' };
    });
  } catch (error) {
    if (!(error instanceof StageFailure)) throw error;
  } finally {
    await r.registry?.stop();
  }
  const ok = finish(
    r,
    services.map((s) => [s, images[s] ?? '(not built)', states[s] ?? 'failed']),
    [`GitOps commit: ${gitopsCommit ?? 'none'}`],
  );
  // In service order, whichever matrix leg finished first.
  const ordered = Object.fromEntries(services.filter((s) => images[s]).map((s) => [s, images[s]]));
  return { ok, images: ordered, gitopsCommit, progress };
}
