// openOrUpdatePullRequest against the GitHub stand-in, in process: the create race and GitHub's error shapes.

import { getOctokit } from '@actions/github';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GitRemote, git } from '../../../scripts/lib/git-remote.js';
import { GitHubApiError, openOrUpdatePullRequest, repositoryFromEnv } from '../src/pull-request.js';
import { GitHubStandIn } from './helpers/github-stand-in.js';

const TOKEN = 'ghs_apiTestToken';
let remote: GitRemote;
let github: GitHubStandIn;
beforeAll(async () => {
  remote = new GitRemote();
  git(remote.bare, ['branch', 'bump', 'main']);
  github = await new GitHubStandIn(TOKEN, remote.bare).start();
});
afterAll(async () => {
  await github.stop();
  remote.dispose();
});

const spec = { owner: 'acme', repo: 'shop', head: 'bump', base: 'main', title: 'Bump', body: 'v1' };
const octokit = (token = TOKEN) => getOctokit(token, { baseUrl: github.url });

describe('openOrUpdatePullRequest', () => {
  it('opens, then updates the same pull request', async () => {
    expect(await openOrUpdatePullRequest(octokit(), spec)).toMatchObject({ number: 1, action: 'opened' });
    expect(await openOrUpdatePullRequest(octokit(), { ...spec, body: 'v2' })).toMatchObject({
      number: 1,
      action: 'updated',
    });
    expect(github.pulls).toMatchObject([{ number: 1, body: 'v2' }]);
  });

  it('updates when another run opened the pull request between list and create (422)', async () => {
    github.staleLists = 1;
    expect(await openOrUpdatePullRequest(octokit(), { ...spec, body: 'v3' })).toMatchObject({
      number: 1,
      action: 'updated',
    });
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0]?.body).toBe('v3');
  });

  it("quotes GitHub's status and message and says what to check", async () => {
    await expect(openOrUpdatePullRequest(octokit(), { ...spec, head: 'no-such-branch' })).rejects.toThrow(
      new GitHubApiError(
        'GitHub API POST /repos/acme/shop/pulls answered 422 Validation Failed: invalid; check the branch names and the repository settings.',
      ),
    );
    await expect(openOrUpdatePullRequest(octokit('ghs_wrong'), spec)).rejects.toThrow(
      "answered 401 Bad credentials; check the 'token' input is a valid token.",
    );
  });

  it('reads owner and repo from GITHUB_REPOSITORY', () => {
    expect(repositoryFromEnv({ GITHUB_REPOSITORY: 'acme/shop' })).toEqual({ owner: 'acme', repo: 'shop' });
    expect(() => repositoryFromEnv({})).toThrow('GITHUB_REPOSITORY must be owner/repo');
  });
});
