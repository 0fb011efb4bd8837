// pull-request mode from the bundled dist: the branch goes to a real bare remote, the pull request to a
// stand-in for GitHub's REST API (GITHUB_API_URL points at it).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { digest, GitRemote, git, OVERLAY } from '../../../scripts/lib/git-remote.js';
import { runDist } from '../../test/helpers/run-dist.js';
import { runnerView } from '../../test/helpers/runner-log.js';
import { bumpBranch } from '../src/pull-request.js';
import { GitHubStandIn } from './helpers/github-stand-in.js';

const actionDir = join(import.meta.dirname, '..');
const TOKEN = 'ghs_S3cr3tT0kenThatMustNeverBePrinted0001';
const REPO = 'registry.example.com/shop';
const FILE = `${OVERLAY}/kustomization.yaml`;
const HEAD = 'gitops-bump/main/gitops-apps-dev';

let remote: GitRemote;
let github: GitHubStandIn;
beforeAll(async () => {
  remote = new GitRemote();
  github = await new GitHubStandIn(TOKEN, remote.bare).start();
});
afterAll(async () => {
  await github.stop();
  remote.dispose();
});

/** The log as the runner shows it: it consumes `::add-mask::` commands and masks those values everywhere. */
const shown = (log: string) => runnerView(log).visible;
const masked = (log: string, secret: string) => runnerView(log).masks.includes(secret);

const bump = (images: string, token = TOKEN) =>
  runDist(actionDir, {
    cwd: remote.clone(),
    inputs: { path: OVERLAY, images, mode: 'pull-request', token },
    env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/shop' },
    timeoutMs: 60_000,
  });

describe('pull-request mode (dist)', () => {
  it('names the branch after base and path', () => {
    expect(bumpBranch('main', OVERLAY)).toBe(HEAD);
    expect(bumpBranch('release/1.2', '.')).toBe('gitops-bump/release/1.2/_root');
  });

  it('gives every directory its own branch (an injective mapping), each a valid and coexisting ref', () => {
    const paths = [
      'apps/a-b',
      'apps/a/b',
      'apps/a b',
      'apps/a_b',
      'apps/a.b',
      'apps-a/b',
      'root',
      '.',
      'é/x',
    ];
    const branches = paths.map((path) => bumpBranch('main', path));
    expect(new Set(branches).size).toBe(paths.length);
    for (const branch of branches) {
      // One flat name under gitops-bump/main/, so no branch is the directory of another.
      expect(branch).toMatch(/^gitops-bump\/main\/[^/]+$/);
      git(remote.bare, ['check-ref-format', '--branch', branch]);
    }
  });

  it('pushes a branch and opens a pull request listing old and new references; main is untouched', async () => {
    const main = remote.tip();
    const result = await bump(`inventory=${REPO}/inventory@${digest('a')}\npricing=${REPO}/pricing:1.1`);

    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({
      changed: 'true',
      'commit-sha': remote.tip(HEAD),
      'pull-request-url': 'https://github.example/acme/shop/pull/1',
    });
    expect(remote.tip()).toBe(main);
    expect(git(remote.bare, ['rev-parse', `${HEAD}^`])).toBe(main);
    expect(remote.show(FILE, HEAD)).toContain(`digest: ${digest('a')}`);

    expect(github.pulls).toHaveLength(1);
    const pull = github.pulls[0];
    expect(pull).toMatchObject({
      head: HEAD,
      base: 'main',
      state: 'open',
      title: `chore(gitops): bump inventory, pricing in ${OVERLAY}`,
    });
    expect(pull?.body).toContain(
      `| \`inventory\` | \`${REPO}/inventory@${digest('0')}\` | \`${REPO}/inventory@${digest('a')}\` |`,
    );
    expect(pull?.body).toContain(`| \`pricing\` | \`pricing:1.0\` | \`${REPO}/pricing:1.1\` |`);
    expect(result.summary).toContain(`${REPO}/inventory@${digest('0')}`);

    expect(github.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    expect(masked(result.log, TOKEN)).toBe(true);
    expect(shown(result.log)).not.toContain(TOKEN);
    expect(result.summary).not.toContain(TOKEN);
  });

  it('updates the same pull request on the next bump, fast-forwarding its branch over a moved base', async () => {
    const oldHead = remote.tip(HEAD);
    // Meanwhile main moves: someone bumps catalog in the same file and edits the line right above the
    // branch's inventory change, so merging main into the branch conflicts on that hunk.
    remote.pushOtherCommit(
      FILE,
      (text) => text.replace(digest('2'), digest('c')).replace('# ECR in real life', '# ECR, account 1234'),
      'Bump catalog by hand',
    );
    const main = remote.tip();

    const result = await bump(`inventory=${REPO}/inventory@${digest('b')}`);
    expect(result.code).toBe(0);
    expect(result.outputs['pull-request-url']).toBe('https://github.example/acme/shop/pull/1');
    expect(github.pulls).toHaveLength(1);
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    // The body lists everything the branch changes against main, the earlier pricing pin included.
    expect(github.pulls[0]?.body).toContain(
      `| \`inventory\` | \`${REPO}/inventory@${digest('0')}\` | \`${REPO}/inventory@${digest('b')}\` |`,
    );
    expect(github.pulls[0]?.body).toContain(`| \`pricing\` | \`pricing:1.0\` | \`${REPO}/pricing:1.1\` |`);

    // No force: the old branch tip and the new main are both ancestors of the new tip.
    const newHead = remote.tip(HEAD);
    expect(result.outputs['commit-sha']).toBe(newHead);
    git(remote.bare, ['merge-base', '--is-ancestor', oldHead, newHead]);
    git(remote.bare, ['merge-base', '--is-ancestor', main, newHead]);
    expect(git(remote.bare, ['log', '--merges', '--format=%s', HEAD])).toBe(`Merge main into ${HEAD}`);
    const file = remote.show(FILE, HEAD);
    expect(file).toContain(`digest: ${digest('b')}`);
    expect(file).toContain(`digest: ${digest('c')}`);
    expect(file).toContain('inventory # ECR, account 1234\n');
    expect(file).toContain(`newName: ${REPO}/pricing\n`); // the branch's first bump is still there
    expect(shown(result.log)).not.toContain(TOKEN);
  });

  it('lands two simultaneous runs for one directory on one branch and one pull request', async () => {
    const [a, b] = await Promise.all([
      bump(`search=${REPO}/search@${digest('d')}`),
      bump(`shipping=${REPO}/shipping@${digest('e')}`),
    ]);
    expect([a?.code, b?.code]).toEqual([0, 0]);
    expect(a?.outputs['pull-request-url']).toBe('https://github.example/acme/shop/pull/1');
    expect(b?.outputs['pull-request-url']).toBe('https://github.example/acme/shop/pull/1');
    expect(github.pulls).toHaveLength(1);
    const file = remote.show(FILE, HEAD);
    expect(file).toContain(`digest: ${digest('d')}`);
    expect(file).toContain(`digest: ${digest('e')}`);
    expect(file).toContain(`digest: ${digest('b')}`); // the earlier inventory pin survives too
  });

  it('opens nothing when base already has the pins', async () => {
    const before = github.requests.length;
    const result = await bump(`inventory=${REPO}/inventory@${digest('0')}`);
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ changed: 'false', 'commit-sha': '', 'pull-request-url': '' });
    expect(github.requests.length).toBe(before);
  });

  it('fails quoting GitHub when the token is refused, and still never prints it', async () => {
    const wrong = 'ghs_WrongTokenAlsoSecret000000000000000002';
    const result = await bump(`gateway=${REPO}/gateway@${digest('e')}`, wrong);
    expect(result.code).toBe(1);
    expect(result.log).toContain('401 Bad credentials');
    expect(masked(result.log, wrong)).toBe(true);
    expect(shown(result.log)).not.toContain(wrong);
  });
});
