// The release workflow (workflows/release.ts), rehearsed on the state a main rehearsal left: find the
// digests built from the tagged commit's source (never rebuild), check them, add the X.Y.Z tag in the
// registry with image-promote, pin them in gitops/apps/prod with gitops-bump as a pull request (to a
// GitHub API stand-in; the branch lands on the bare remote), and validate that exact prod tree.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { imageLabels, REVISION_LABEL } from '../../actions/lib/oci-labels.js';
import { RegistryClient } from '../../actions/lib/oci-registry.js';
import { REPOSITORY_PREFIX, SERVICES, type Service } from '../../workflows/paths.js';
import { release as job, ON_MAIN, PROD_PATH } from '../../workflows/release.js';
import { validateGitops } from '../gitops/validate-gitops.js';
import { findReleaseImages, type ReleaseImage } from '../release/find-images.js';
import { begin, finish, jobContext, type RehearsalOptions, startRegistryStage } from './context.js';
import { checkout, ensureRemote, git } from './environment.js';
import { actionInputs } from './expressions.js';
import { startGitHubStandin } from './github-standin.js';
import { Progress, StageFailure } from './progress.js';
import { runAction } from './runner.js';

export interface ReleaseResult {
  readonly ok: boolean;
  readonly images: readonly ReleaseImage[];
  readonly pullRequestUrl: string | undefined;
  readonly progress: Progress;
}

const TAG = /^v(\d+\.\d+\.\d+)$/;

/** A workflow step's bash script, as the runner runs it (`bash -e`); fails with what it printed. */
async function runScript(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ stdout: string }> {
  try {
    return await promisify(execFile)('bash', ['-e', '-c', script], { cwd, env: { ...process.env, ...env } });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || (error as Error).message);
  }
}

export async function rehearseRelease(options: RehearsalOptions & { tag: string }): Promise<ReleaseResult> {
  const progress = new Progress(options.write);
  const r = await begin(options, progress, `release ${options.tag}`);
  let images: ReleaseImage[] = [];
  const promoted: Partial<Record<Service, string>> = {};
  let pullRequestUrl: string | undefined;
  let bumpCommit: string | undefined;
  const github = await startGitHubStandin(join(options.stateDir, 'pulls.json'), options.repository);
  try {
    let version = '';
    await progress.stage('release version', async () => {
      const match = TAG.exec(options.tag);
      if (!match) throw new Error(`tag ${options.tag} is not vX.Y.Z`);
      version = match[1] as string;
      return { detail: `${options.tag} -> ${version}` };
    });
    let workspace = '';
    await progress.stage('push tag (bare remote) + checkout', async () => {
      const { remote } = await ensureRemote(r.state, r.commit.sha, false);
      await git(remote, ['tag', '--force', options.tag, r.commit.sha]);
      workspace = await checkout(r.state, 'release', remote, { sha: r.commit.sha }, false);
      return { detail: `${options.tag} -> ${r.commit.sha.slice(0, 7)} in ${remote}` };
    });
    // The tag job's own script, before any credential: the tagged commit must be on main.
    await progress.stage('tag on main (no credentials)', async () => {
      await git(workspace, ['fetch', '--quiet', 'origin', '+refs/heads/main:refs/remotes/origin/main']);
      const { stdout } = await runScript(ON_MAIN, workspace, { TAG: options.tag, RELEASE_SHA: r.commit.sha });
      return { detail: stdout.trim() };
    });
    const registry = await startRegistryStage(r);
    progress.absent(
      'GitHub App token',
      "needs the App (vars.GH_APP_CLIENT_ID, the production environment's GH_APP_PRIVATE_KEY): on GitHub its token opens the pull request, so its checks run; here the stand-in takes a placeholder",
    );
    progress.absent(
      'aws-oidc-login',
      'no AWS here: would assume vars.AWS_RELEASE_ROLE_ARN (environment production)',
    );
    progress.absent(
      'registry password (ECR)',
      'the local registry takes no password: the promote inputs get none',
    );

    await progress.stage('find the images built from this commit', async () => {
      images = await findReleaseImages({
        gitDir: workspace,
        commit: r.commit.sha,
        registry: `${registry.host}/${REPOSITORY_PREFIX}`,
      });
      return { detail: images.map((i) => `${i.service}: ${i.ref} (${i.tag})`).join('\n') };
    });
    progress.absent(
      "provenance and the gate's verdict",
      'needs GitHub: gh attestation verify oci://<ref> --signer-workflow <repo>/.github/workflows/main.yml --source-ref refs/heads/main, with and without --predicate-type <gate verdict>',
    );
    await progress.stage('revision labels', async () => {
      const client = new RegistryClient();
      const lines: string[] = [];
      for (const image of images) {
        const revision = (await imageLabels(client, image.ref))[REVISION_LABEL];
        if (revision !== image.builtFrom)
          throw new Error(
            `${image.service}: ${image.ref} says revision ${revision ?? '(none)'}, its tag ${image.tag} names ${image.builtFrom}`,
          );
        lines.push(`${image.service}: built from ${revision.slice(0, 7)}, as its tag says`);
      }
      return { detail: lines.join('\n') };
    });

    const context = {
      'needs.tag.outputs.version': version,
      'steps.ecr.outputs.password': '',
      'steps.images.outputs.images': images.map((i) => `${i.service}=${i.ref}`).join('\n'),
      ...Object.fromEntries(images.map((i) => [`steps.images.outputs.${i.service}`, i.ref])),
      'steps.app-token.outputs.token': 'rehearsal-app-token',
      'github.ref_name': options.tag,
      // As the repository variable would: unset means a pull request.
      'vars.RELEASE_BUMP_MODE': process.env.RELEASE_BUMP_MODE ?? '',
    };
    const tagJob = { ...jobContext(r, workspace, { name: 'push', ref: `refs/tags/${options.tag}` }) };
    for (const image of images) {
      await progress.stage(`image-promote ${image.service}`, async () => {
        const step = actionInputs(job, `promote-${image.service}`, context);
        // No registry password here (see above): leave both credential inputs out, as an anonymous run.
        const { 'registry-username': _, 'registry-password': __, ...inputs } = step.inputs;
        const result = await runAction(step.action, inputs, tagJob);
        if (result.outputs.digest !== image.digest)
          throw new Error(`promoted digest ${result.outputs.digest} is not ${image.digest}`);
        promoted[image.service] = `${image.ref.split('@')[0]}:${version}`;
        return { detail: `${promoted[image.service]} -> ${image.digest}` };
      });
    }
    const mode = process.env.RELEASE_BUMP_MODE || 'pull-request';
    await progress.stage(`gitops-bump ${PROD_PATH} (${mode})`, async () => {
      const step = actionInputs(job, 'bump', context);
      const result = await runAction(step.action, step.inputs, {
        ...tagJob,
        env: { GITHUB_API_URL: github.url },
      });
      bumpCommit = result.outputs['commit-sha'] || undefined;
      pullRequestUrl = result.outputs['pull-request-url'] || undefined;
      return result.outputs.changed === 'true'
        ? {
            detail: pullRequestUrl
              ? `branch commit ${bumpCommit}; pull request ${pullRequestUrl} (GitHub API stand-in)`
              : `commit ${bumpCommit} pushed to main`,
          }
        : { state: 'unchanged', detail: 'prod already pins these digests: no pull request' };
    });
    if (bumpCommit !== undefined) {
      const commit = bumpCommit;
      await progress.stage('validate the prod tree of the bump commit', async () => {
        const tree = join(r.state.path('work'), 'prod-tree');
        await git(workspace, ['worktree', 'remove', '--force', tree]).catch(() => undefined);
        await git(workspace, ['worktree', 'prune']);
        await git(workspace, ['worktree', 'add', '--detach', '--force', tree, commit]);
        const result = await validateGitops({ root: join(tree, PROD_PATH), repoRoot: tree });
        if (!result.ok)
          throw new Error(result.findings.map((f) => `${f.file}: [${f.rule}] ${f.message}`).join('\n'));
        const objects = result.rows.reduce((n, row) => n + row.objects, 0);
        return { detail: `${PROD_PATH} at ${commit.slice(0, 7)}: ${objects} objects pass (${result.ms} ms)` };
      });
    } else {
      progress.skipped('validate the prod tree of the bump commit', 'no bump commit');
    }
  } catch (error) {
    if (!(error instanceof StageFailure)) throw error;
  } finally {
    await github.stop();
    await r.registry?.stop();
  }
  const ok = finish(
    r,
    SERVICES.map((s) => {
      const image = images.find((i) => i.service === s);
      return [
        s,
        image?.ref ?? '(not found)',
        promoted[s] ? `tagged ${promoted[s]?.split(':').pop()}` : 'not promoted',
      ];
    }),
    [`Prod pull request: ${pullRequestUrl ?? 'none'} (commit ${bumpCommit ?? 'none'})`],
  );
  return { ok, images, pullRequestUrl, progress };
}
