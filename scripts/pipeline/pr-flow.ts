// The pull request workflow (workflows/pr.ts), rehearsed in a checkout of the commit: the same npm scripts
// its jobs run, then each service's image built by image-publish (bundle) into the local registry, as
// the images job does into its job-local one. The test suite itself is not repeated (it is `npm test`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES, type Service } from '../../workflows/paths.js';
import { images as imagesJob } from '../../workflows/pr.js';
import { SERVICE_BUILD_ID } from '../../workflows/steps.js';
import {
  begin,
  finish,
  jobContext,
  matrixOf,
  onPath,
  type RehearsalOptions,
  startRegistryStage,
} from './context.js';
import { checkout, ensureBase, ensureRemote } from './environment.js';
import { actionInputs } from './expressions.js';
import { Progress, StageFailure } from './progress.js';
import { runAction, runScript } from './runner.js';
import { buildScriptStage } from './service-build.js';
import { readyDetail, smokeImages } from './smoke.js';

export interface PrResult {
  readonly ok: boolean;
  readonly images: Partial<Record<Service, string>>;
  readonly progress: Progress;
}

export async function rehearsePr(options: RehearsalOptions): Promise<PrResult> {
  const progress = new Progress(options.write);
  const r = await begin(options, progress, 'pull request');
  const images: Partial<Record<Service, string>> = {};
  try {
    let workspace = '';
    await progress.stage('checkout', async () => {
      const { remote } = await ensureRemote(r.state, r.commit.sha);
      workspace = await checkout(r.state, 'pr', remote, { sha: r.commit.sha });
      return { detail: workspace };
    });
    progress.skipped('changes (paths-filter)', 'a rehearsal runs every job, as if every path changed');
    // The PR's jobs are independent on GitHub: a failing one does not stop the others, so here neither
    // (the run still exits non-zero at the end).
    const job = (body: () => Promise<void>) =>
      body().catch((error) => {
        if (!(error instanceof StageFailure)) throw error;
      });
    const script = (name: string, command: string) =>
      job(() =>
        progress.stage(name, async () => {
          await runScript(workspace, command);
          return { detail: command };
        }),
      );
    await script('lint', 'npm run lint');
    await script('typecheck', 'npm run typecheck');
    progress.skipped(
      'tests with coverage',
      'not repeated here: the job runs `npm test -- --coverage` (run it yourself)',
    );
    await script(
      'dist/ up to date',
      'npm run build:actions >/dev/null && git diff --exit-code --stat -- actions/*/dist',
    );
    await script('workflows: no drift', 'npm run workflows -- --check');
    await script('workflows: actionlint + security rules', 'npm run lint:workflows');
    await script('validate:gitops', 'npm run validate:gitops');
    if (!existsSync(join(workspace, 'scripts', 'terraform', 'check.ts')))
      await job(() =>
        progress.stage('check:terraform', async () => {
          throw new Error('scripts/terraform/check.ts is missing in this commit (the Terraform part)');
        }),
      );
    else if (!onPath('terraform'))
      progress.absent('check:terraform', 'no terraform on PATH: would run npm run check:terraform');
    else await script('check:terraform', 'npm run check:terraform');
    progress.absent(
      'SonarCloud scan + sonar-gate',
      'no SONAR_TOKEN here: skipped with a notice, as on a fork pull request; would scan and wait for the quality gate',
    );

    const registry = await startRegistryStage(r);
    let base = '';
    await progress.stage('base image (vars.BASE_IMAGE)', async () => {
      const result = await ensureBase(r.state, registry);
      base = result.reference;
      return { state: result.built ? 'ok' : 'unchanged', detail: base };
    });
    const event = jobContext(r, workspace, { name: 'pull_request', ref: 'refs/pull/1/merge' });
    const prJob = { ...event, payload: { ...event.payload, number: 1, pull_request: { number: 1 } } };
    for (const service of SERVICES) {
      await job(async () => {
        await buildScriptStage(progress, imagesJob, SERVICE_BUILD_ID, service, workspace);
        await progress.stage(`image-publish ${service} (not published)`, async () => {
          const step = actionInputs(imagesJob, 'build', {
            'env.SCAN_REGISTRY': registry.host,
            ...matrixOf(service),
            'vars.BASE_IMAGE': base,
          });
          const result = await runAction(step.action, step.inputs, prJob);
          images[service] = result.outputs['image-ref'] as string;
          return { detail: `${images[service]} (the job-local registry's stand-in)` };
        });
      });
      if (images[service])
        progress.absent(
          `trivy-gate ${service}`,
          `no Trivy here: would scan ${images[service]} and fail on CRITICAL`,
        );
    }
    const built = Object.keys(images).length;
    if (options.smoke && built > 0) {
      await job(() =>
        progress.stage('podman run until /ready (rehearsal only)', async () => {
          const storage = r.state.podmanStorage();
          const { readyMs, stack } = await smokeImages(images, storage);
          return { detail: `${readyDetail(readyMs)} (against ${stack})` };
        }),
      );
    } else if (built > 0) {
      progress.skipped('podman run until /ready (rehearsal only)', 'turned off (--no-smoke)');
    }
  } catch (error) {
    if (!(error instanceof StageFailure)) throw error;
  } finally {
    await r.registry?.stop();
  }
  const ok = finish(
    r,
    SERVICES.map((s) => [s, images[s] ?? '(not built)', images[s] ? 'built, scan absent' : 'failed']),
  );
  return { ok, images, progress };
}
