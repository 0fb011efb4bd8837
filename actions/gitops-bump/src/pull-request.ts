// Opens or updates the pull request for a bump branch through GitHub's REST API (documented endpoints:
// GET/POST /repos/{owner}/{repo}/pulls, PATCH /repos/{owner}/{repo}/pulls/{pull_number}).
import type { getOctokit } from '@actions/github';

export type Octokit = ReturnType<typeof getOctokit>;

export interface PullRequestSpec {
  readonly owner: string;
  readonly repo: string;
  /** The bump branch (same repository). */
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
}

export interface PullRequest {
  readonly url: string;
  readonly number: number;
  readonly action: 'opened' | 'updated';
}

/**
 * The pull request branch for a base and directory, e.g. gitops-bump/main/gitops-apps-dev.
 * The mapping is injective: `/` becomes `-`, letters and digits stay, and every other byte (`-`, `_`, `.`,
 * spaces, non-ASCII) becomes `_` and two hex digits, so `apps/a-b`, `apps/a/b` and `apps/a b` get three
 * branches. The directory part is one flat ref component, so no bump branch is the ref directory of another;
 * the workspace root `.` is `_root`, which the escaping cannot produce.
 */
export function bumpBranch(base: string, path: string): string {
  const slug =
    path === '.'
      ? '_root'
      : [...Buffer.from(path, 'utf8')]
          .map((byte) => {
            const char = String.fromCharCode(byte);
            if (char === '/') return '-';
            return /[A-Za-z0-9]/.test(char) ? char : `_${byte.toString(16).padStart(2, '0')}`;
          })
          .join('');
  return `gitops-bump/${base}/${slug}`;
}

/** owner and repo from GITHUB_REPOSITORY, as the runner sets it. */
export function repositoryFromEnv(env: NodeJS.ProcessEnv): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(env.GITHUB_REPOSITORY ?? '');
  if (!match)
    throw new Error(
      `GITHUB_REPOSITORY must be owner/repo for pull-request mode, got '${env.GITHUB_REPOSITORY ?? ''}'.`,
    );
  return { owner: match[1] as string, repo: match[2] as string };
}

/** A GitHub API call failed: quotes GitHub's status and message, then says what to check. */
export class GitHubApiError extends Error {
  override name = 'GitHubApiError';
}

function apiError(what: string, error: unknown): Error {
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number') return error instanceof Error ? error : new Error(String(error));
  const data = (error as { response?: { data?: { message?: unknown; errors?: unknown } } }).response?.data;
  const details = Array.isArray(data?.errors)
    ? data.errors.map((e: { message?: unknown; code?: unknown }) => e.message ?? e.code).filter(Boolean)
    : [];
  const message = [
    typeof data?.message === 'string' ? data.message : (error as Error).message,
    ...details,
  ].join(': ');
  const hint =
    status === 401
      ? "check the 'token' input is a valid token"
      : status === 403 || status === 404
        ? "check the 'token' has pull-requests: write and contents: write on this repository, and that GITHUB_REPOSITORY is right"
        : 'check the branch names and the repository settings';
  return new GitHubApiError(`GitHub API ${what} answered ${status} ${message}; ${hint}.`);
}

async function findOpen(octokit: Octokit, spec: PullRequestSpec) {
  try {
    const { data } = await octokit.rest.pulls.list({
      owner: spec.owner,
      repo: spec.repo,
      head: `${spec.owner}:${spec.head}`,
      base: spec.base,
      state: 'open',
    });
    return data[0];
  } catch (error) {
    throw apiError(`GET /repos/${spec.owner}/${spec.repo}/pulls`, error);
  }
}

async function update(octokit: Octokit, spec: PullRequestSpec, number: number): Promise<PullRequest> {
  try {
    const { data } = await octokit.rest.pulls.update({
      owner: spec.owner,
      repo: spec.repo,
      pull_number: number,
      title: spec.title,
      body: spec.body,
    });
    return { url: data.html_url, number: data.number, action: 'updated' };
  } catch (error) {
    throw apiError(`PATCH /repos/${spec.owner}/${spec.repo}/pulls/${number}`, error);
  }
}

/** Updates the open pull request from `head` into `base`, or opens one. */
export async function openOrUpdatePullRequest(octokit: Octokit, spec: PullRequestSpec): Promise<PullRequest> {
  const existing = await findOpen(octokit, spec);
  if (existing) return update(octokit, spec, existing.number);
  try {
    const { data } = await octokit.rest.pulls.create({
      owner: spec.owner,
      repo: spec.repo,
      head: spec.head,
      base: spec.base,
      title: spec.title,
      body: spec.body,
    });
    return { url: data.html_url, number: data.number, action: 'opened' };
  } catch (error) {
    // 422 "A pull request already exists": another run opened it between our list and create.
    if ((error as { status?: unknown }).status === 422) {
      const raced = await findOpen(octokit, spec);
      if (raced) return update(octokit, spec, raced.number);
    }
    throw apiError(`POST /repos/${spec.owner}/${spec.repo}/pulls`, error);
  }
}
