// End to end: the bundled dist/index.js run as a runner runs it (INPUT_*, GITHUB_OUTPUT, GITHUB_EVENT_PATH
// holding a real @octokit/webhooks-examples payload). `docker` is the stand-in script from
// helpers/docker-standin.ts placed first on PATH (no Docker engine exists here); ECR's API is the stand-in
// server, reached through AWS_ENDPOINT_URL_ECR, which the AWS SDK honours.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runDist } from '../../test/helpers/run-dist.js';
import { runnerView } from '../../test/helpers/runner-log.js';
import { installDockerStandin, removeDockerStandins } from './helpers/docker-standin.js';

afterAll(removeDockerStandins);

import { type EcrStandin, startEcrStandin } from './helpers/ecr-standin.js';
import { example } from './helpers/payloads.js';

const actionDir = join(import.meta.dirname, '..');
let workspace: string;
let ecr: EcrStandin;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'image-publish-dist-'));
  mkdirSync(join(workspace, 'services', 'pricing'), { recursive: true });
  writeFileSync(join(workspace, 'services', 'pricing', 'Dockerfile'), 'FROM scratch\n');
  ecr = await startEcrStandin('123456789012', 'eu-west-1');
});
afterAll(async () => {
  await ecr.close();
  rmSync(workspace, { recursive: true, force: true });
});

/** Writes the payload where GITHUB_EVENT_PATH points and returns the runner's GITHUB_* variables. */
function githubEnv(eventName: string, payload: object, ref: string, sha: string): Record<string, string> {
  const path = join(workspace, `${eventName}-event.json`);
  writeFileSync(path, JSON.stringify(payload));
  return {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: path,
    GITHUB_REF: ref,
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
  };
}

/** The log as the runner shows it. */
const shownLog = (log: string) => runnerView(log).visible;

describe('dist/index.js', () => {
  it('publishes a push to the default branch: outputs, summary, password only on stdin and masked', async () => {
    const push = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false);
    const docker = installDockerStandin();
    const password = 'dckr_pat_s3cr3t-value';
    const run = await runDist(actionDir, {
      cwd: workspace,
      inputs: {
        image: 'docker.io/codertocat/pricing',
        context: 'services/pricing',
        platforms: 'linux/amd64,linux/arm64',
        'registry-username': 'codertocat',
        'registry-password': password,
      },
      env: {
        ...githubEnv('push', push, 'refs/heads/master', String(push.after)),
        PATH: `${docker.dir}:${process.env.PATH}`,
      },
    });
    expect(run.code).toBe(0);
    const calls = docker.calls();
    expect(calls.map((c) => c.argv[0])).toEqual(['login', 'buildx', 'logout']);
    expect(calls[0]?.stdin).toBe(password);
    const digest = calls[1]?.digest ?? '';
    expect(run.outputs).toEqual({
      digest,
      'image-ref': `docker.io/codertocat/pricing@${digest}`,
      tags: ['master', 'latest', 'sha-6113728'].map((t) => `docker.io/codertocat/pricing:${t}`).join('\n'),
    });
    expect(run.summary).toContain(digest);
    expect(run.summary).toContain('org.opencontainers.image.revision');
    expect(run.log).toContain(`::add-mask::${password}`);
    expect(shownLog(run.log)).not.toContain(password);
    expect(calls.flatMap((c) => c.argv).join(' ')).not.toContain(password);
  });

  it('logs in to ECR with a token from GetAuthorizationToken, masking it, on a tag push', async () => {
    const pushTag = example('push', (p) => p.ref === 'refs/tags/simple-tag' && p.deleted === false);
    const docker = installDockerStandin();
    const token = Buffer.from('AWS:ecr-pw-0123456789abcdef').toString('base64');
    ecr.respond({ token });
    ecr.requests.length = 0;
    const run = await runDist(actionDir, {
      cwd: workspace,
      inputs: { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/pricing', context: 'services/pricing' },
      env: {
        // A tag push; the example's ref is refs/tags/simple-tag, adapted to a semver tag.
        ...githubEnv(
          'push',
          { ...pushTag, ref: 'refs/tags/v2.1.0' },
          'refs/tags/v2.1.0',
          String(pushTag.after),
        ),
        PATH: `${docker.dir}:${process.env.PATH}`,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret-key-example',
        AWS_ENDPOINT_URL_ECR: ecr.url,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    expect(run.code).toBe(0);
    expect(ecr.requests.map((r) => r.target)).toEqual([
      'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
    ]);
    const calls = docker.calls();
    expect(calls[0]).toEqual({
      argv: ['login', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', '--username=AWS', '--password-stdin'],
      stdin: 'ecr-pw-0123456789abcdef',
    });
    expect(run.outputs.tags?.split('\n')).toEqual(
      ['2.1.0', '2.1', '2', 'sha-6113728'].map(
        (t) => `123456789012.dkr.ecr.eu-west-1.amazonaws.com/pricing:${t}`,
      ),
    );
    expect(calls[1]?.argv).toContain('--label=org.opencontainers.image.version=2.1.0');
    const shown = shownLog(run.log);
    expect(shown).not.toContain('ecr-pw-0123456789abcdef');
    expect(shown).not.toContain(token);
  });

  it('builds a pull request without pushing or logging in', async () => {
    const pr = example('pull_request', (p) => p.action === 'opened');
    const docker = installDockerStandin();
    // The example's merge_commit_sha is null; GITHUB_SHA here is the PR head commit.
    const head = (pr.pull_request as { head: { sha: string } }).head.sha;
    const run = await runDist(actionDir, {
      cwd: workspace,
      inputs: { image: '127.0.0.1:5000/pricing', context: 'services/pricing', push: 'false' },
      env: {
        ...githubEnv('pull_request', pr, 'refs/pull/2/merge', head),
        PATH: `${docker.dir}:${process.env.PATH}`,
      },
    });
    expect(run.code).toBe(0);
    expect(docker.calls().map((c) => c.argv[0])).toEqual(['buildx']);
    expect(run.outputs.tags).toBe('127.0.0.1:5000/pricing:pr-2\n127.0.0.1:5000/pricing:sha-ec26c3e');
  });

  it('fails a bad input naming it, without running docker and without leaking the password', async () => {
    const push = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false);
    const docker = installDockerStandin();
    const run = await runDist(actionDir, {
      cwd: workspace,
      inputs: {
        image: 'docker.io/Org/App:1.0',
        'registry-username': 'u',
        'registry-password': 'never-shown-pw',
      },
      env: {
        ...githubEnv('push', push, 'refs/heads/master', String(push.after)),
        PATH: `${docker.dir}:${process.env.PATH}`,
      },
    });
    expect(run.code).toBe(1);
    expect(run.log).toMatch(/::error::.*'image'/);
    expect(shownLog(run.log)).not.toContain('never-shown-pw');
    expect(docker.calls()).toEqual([]);
    expect(run.outputs).toEqual({});
  });
});
