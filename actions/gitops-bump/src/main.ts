// gitops-bump: pin image digests or tags in a Kustomize directory, then push the commit or open a pull request.
import * as core from '@actions/core';
import { InputError } from '../../lib/inputs.js';
import { imageLabels } from '../../lib/oci-labels.js';
import { RegistryClient } from '../../lib/oci-registry.js';
import { type Backoff, defaultBackoff } from '../../lib/retry.js';
import { Git } from './git.js';
import { type InputReader, readSettings, type Settings } from './inputs.js';
import {
  type Landed,
  LandingError,
  type LandRequest,
  landOnBranch,
  landOnPullRequestBranch,
} from './land.js';
import { type Ordering, selectNewer } from './newer-only.js';
import { bumpBranch, type Octokit, openOrUpdatePullRequest, repositoryFromEnv } from './pull-request.js';
import { pullRequestBody, writeFailureSummary, writeSummary } from './report.js';

/**
 * The jitter before retrying a push the remote refused because it moved: the next push can only land once
 * the new tip is fetched, so waiting longer only lengthens the queue; a few random milliseconds keep racing
 * runs from pushing in lockstep.
 */
export const PUSH_JITTER_MS = 25;

/** What `run` needs from outside; every field has a production default. */
export interface Deps {
  /** Reads an input by name. @defaultValue core.getInput (trimmed) */
  readonly input?: InputReader;
  /** @defaultValue process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @defaultValue getOctokit(token), which honours GITHUB_API_URL */
  readonly octokit?: (token: string) => Octokit;
  /** Makes the git client for the Kustomize directory. @defaultValue new Git(dir, env) */
  readonly git?: (dir: string, env: NodeJS.ProcessEnv) => Git;
  /** Waits between push attempts. @defaultValue a uniform random wait under PUSH_JITTER_MS */
  readonly backoff?: Backoff;
}

export interface Outcome extends Landed {
  readonly branch: string;
  readonly pullRequestUrl: string | undefined;
}

export async function run(deps: Deps = {}): Promise<Outcome> {
  const env = deps.env ?? process.env;
  const settings = readSettings(deps.input, env.GITHUB_WORKSPACE ?? process.cwd());
  const git = deps.git ? deps.git(settings.dir, env) : new Git(settings.dir, env);
  try {
    return await bump(deps, env, settings, git);
  } finally {
    await git.close();
  }
}

/** `only-newer`: labels from the registry (each image read once per run), ancestry from this clone. */
function newerOnly(settings: Settings, git: Git): NonNullable<LandRequest['select']> {
  const client = new RegistryClient({
    ...(settings.registry && { credentials: settings.registry }),
    onSecret: (secret) => core.setSecret(secret),
  });
  const labels = new Map<string, Promise<Record<string, string>>>();
  const ordering: Ordering = {
    labels: (ref) => {
      let read = labels.get(ref);
      if (read === undefined) {
        read = imageLabels(client, ref);
        labels.set(ref, read);
      }
      return read;
    },
    isAncestor: async (older, newer) =>
      (await git.run(['merge-base', '--is-ancestor', older, newer], [0, 1])).code === 0,
  };
  return (text) => selectNewer(text, settings.images, ordering);
}

async function bump(deps: Deps, env: NodeJS.ProcessEnv, settings: Settings, git: Git): Promise<Outcome> {
  // Push mode's first snapshot and commit start their git processes while rev-parse runs.
  if (settings.mode === 'push') git.warmUp();
  const checkout = await git.checkout();
  const branch = settings.branch ?? checkout.branch;
  if (branch === undefined)
    throw new InputError('branch', 'a branch name, since the checkout is on a detached HEAD');
  const request = {
    git,
    dir: settings.dir,
    pins: settings.images,
    message: settings.commitMessage,
    maxAttempts: settings.maxAttempts,
    backoff: deps.backoff ?? defaultBackoff({ baseMs: PUSH_JITTER_MS, maxMs: PUSH_JITTER_MS }),
    checkout,
    ...(settings.onlyNewer && { select: newerOnly(settings, git) }),
  };
  const facts = { path: settings.path, mode: settings.mode, branch, maxAttempts: settings.maxAttempts };

  let landed: Landed;
  let pullRequestUrl: string | undefined;
  try {
    if (settings.mode === 'push') {
      landed = await landOnBranch(request, branch);
    } else {
      const { owner, repo } = repositoryFromEnv(env);
      const head = bumpBranch(branch, settings.path);
      landed = await landOnPullRequestBranch(request, branch, head);
      if (landed.commit !== undefined) {
        // Loaded only here: push mode, the one that races, does not pay for the GitHub client at start-up.
        const octokit = deps.octokit
          ? deps.octokit(settings.token as string)
          : (await import('@actions/github')).getOctokit(settings.token as string);
        const title = settings.commitMessage.split('\n')[0] as string;
        const body = pullRequestBody(settings.path, landed.changes, landed.notes);
        const pr = await openOrUpdatePullRequest(octokit, { owner, repo, head, base: branch, title, body });
        core.info(`Pull request ${pr.action}: ${pr.url}`);
        pullRequestUrl = pr.url;
      }
    }
  } catch (error) {
    // The summary says what did not happen and why, then the step fails with the same message.
    await writeFailureSummary(
      { ...facts, attempts: error instanceof LandingError ? error.attempts : 0 },
      error,
    );
    throw error;
  }

  for (const note of landed.notes ?? []) core.warning(note);
  for (const change of landed.changes)
    core.info(`${change.name}: ${change.before ?? '(not pinned)'} -> ${change.after}`);
  core.setOutput('changed', String(landed.commit !== undefined));
  core.setOutput('commit-sha', landed.commit ?? '');
  core.setOutput('pull-request-url', pullRequestUrl ?? '');
  await writeSummary({ ...landed, ...facts, pullRequestUrl });
  return { ...landed, branch, pullRequestUrl };
}
