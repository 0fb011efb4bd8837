// run(deps) in process: the exact buildx argv, the digest read back, the login flows and input validation.
// No Docker engine runs here: `docker` is a stand-in script (helpers/docker-standin.ts) that records argv
// and stdin and writes a buildx-shaped metadata file. ECR's API is a stand-in HTTP server (AWS JSON 1.1).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { InputError } from '../../lib/inputs.js';
import { dockerCli } from '../src/docker.js';
import { type Deps, run } from '../src/main.js';
import { type DockerStandin, installDockerStandin, removeDockerStandins } from './helpers/docker-standin.js';
import { type EcrStandin, startEcrStandin } from './helpers/ecr-standin.js';
import { contextFor, example } from './helpers/payloads.js';

const pushMaster = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false);
const sha = String(pushMaster.after);
const ECR_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/inventory';
const NOW = new Date('2026-11-24T00:30:00.000Z');

let workspace: string;
let standin: DockerStandin;
let ecr: EcrStandin;
const savedEnv = { ...process.env };

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'image-publish-ws-'));
  mkdirSync(join(workspace, 'services', 'inventory'), { recursive: true });
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(workspace, 'services', 'inventory', 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(workspace, 'build.Dockerfile'), 'FROM scratch\n');
  // core.setOutput and core.summary write to the runner's files.
  process.env.GITHUB_OUTPUT = join(workspace, 'output');
  process.env.GITHUB_STEP_SUMMARY = join(workspace, 'summary');
  writeFileSync(process.env.GITHUB_OUTPUT, '');
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
  ecr = await startEcrStandin('123456789012', 'eu-west-1');
});
afterAll(async () => {
  process.env = savedEnv;
  await ecr.close();
  rmSync(workspace, { recursive: true, force: true });
});
beforeEach(() => {
  standin = installDockerStandin();
});
afterEach(removeDockerStandins);

function deps(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Deps {
  return {
    input: (name) => inputs[name] ?? '',
    context: contextFor('push', pushMaster, 'refs/heads/master', sha),
    env: { RUNNER_TEMP: workspace, ...env },
    docker: dockerCli(standin.path),
    ecr: (region) =>
      new ECRClient({
        region,
        endpoint: ecr.url,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-key' },
        maxAttempts: 1,
      }),
    clock: () => NOW,
    cwd: workspace,
  };
}

const AWS_ENV = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-key' };

describe('the build', () => {
  it('runs buildx with exactly these arguments and outputs the digest from its metadata file', async () => {
    const result = await run(
      deps({
        image: '127.0.0.1:5000/team/inventory',
        context: 'services/inventory',
        platforms: 'linux/amd64, linux/arm64',
        tags: 'stable\nnightly',
      }),
    );
    const [build, ...others] = standin.calls();
    expect(others).toEqual([]);
    const metadata = build?.argv.find((a) => a.startsWith('--metadata-file=')) ?? '';
    expect(build?.argv).toEqual([
      'buildx',
      'build',
      '--platform=linux/amd64,linux/arm64',
      '--file=services/inventory/Dockerfile',
      '--tag=127.0.0.1:5000/team/inventory:master',
      '--tag=127.0.0.1:5000/team/inventory:latest',
      '--tag=127.0.0.1:5000/team/inventory:sha-6113728',
      '--tag=127.0.0.1:5000/team/inventory:stable',
      '--tag=127.0.0.1:5000/team/inventory:nightly',
      '--label=org.opencontainers.image.title=inventory',
      '--label=org.opencontainers.image.source=https://github.com/Codertocat/Hello-World',
      `--label=org.opencontainers.image.revision=${sha}`,
      '--label=org.opencontainers.image.version=master',
      '--label=org.opencontainers.image.created=2026-11-24T00:30:00.000Z',
      metadata,
      '--provenance=false',
      '--sbom=false',
      '--push',
      'services/inventory',
    ]);
    expect(metadata).toMatch(/^--metadata-file=.+metadata\.json$/);
    expect(result).toMatchObject({
      digest: build?.digest,
      imageRef: `127.0.0.1:5000/team/inventory@${build?.digest}`,
      tags: ['master', 'latest', 'sha-6113728', 'stable', 'nightly'].map(
        (t) => `127.0.0.1:5000/team/inventory:${t}`,
      ),
      pushed: true,
    });
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('passes service, port and base to services/Dockerfile as SERVICE, PORT and RUNTIME_IMAGE', async () => {
    const base = `gcr.io/distroless/nodejs24-debian12@sha256:${'a'.repeat(64)}`;
    await run(
      deps({
        image: '127.0.0.1:5000/pricing',
        dockerfile: 'build.Dockerfile',
        service: 'pricing',
        port: '8081',
        base,
      }),
    );
    const [build] = standin.calls();
    expect(build?.argv.filter((a) => a.startsWith('--build-arg='))).toEqual([
      '--build-arg=SERVICE=pricing',
      '--build-arg=PORT=8081',
      `--build-arg=RUNTIME_IMAGE=${base}`,
    ]);
  });

  it('uses the dockerfile input as given and builds without pushing when push is false', async () => {
    await run(
      deps({ image: 'docker.io/org/app', dockerfile: 'build.Dockerfile', push: 'false', tags: 'latest' }),
    );
    const [build] = standin.calls();
    expect(build?.argv).toContain('--file=build.Dockerfile');
    expect(build?.argv.slice(-2)).toEqual(['--output=type=image,push=false', '.']);
    expect(build?.argv).not.toContain('--push');
  });

  it.each([
    ['missing', /wrote no metadata file/],
    ['invalid', /metadata file is not JSON/],
    ['no-digest', /no valid 'containerimage\.digest'/],
  ] as const)('fails clearly when the metadata file is %s', async (metadata, message) => {
    standin.configure({ metadata });
    await expect(run(deps({ image: 'org/app' }))).rejects.toThrow(message);
  });

  it('fails with the build error and still logs out', async () => {
    standin.configure({ fail: 'build' });
    const inputs = { image: '127.0.0.1:5000/app', 'registry-username': 'ci', 'registry-password': 'pw-123' };
    await expect(run(deps(inputs))).rejects.toThrow(
      /docker buildx build failed with exit code 1: ERROR: failed to solve/,
    );
    expect(standin.calls().map((c) => c.argv[0])).toEqual(['login', 'buildx', 'logout']);
  });
});

describe('the docker CLI', () => {
  it('fails clearly when docker is not installed', async () => {
    const missing = { ...deps({ image: 'org/app' }), docker: dockerCli(join(workspace, 'no-such-docker')) };
    await expect(run(missing)).rejects.toThrow(/could not start.*Is the docker CLI installed\?/);
  });
});

describe('registry login', () => {
  it('logs in with the password on stdin only, before the build, and logs out after', async () => {
    const password = 'pa$$word; rm -rf / `x`';
    await run(
      deps({ image: '127.0.0.1:5000/app', 'registry-username': 'ci-bot', 'registry-password': password }),
    );
    const calls = standin.calls();
    expect(calls.map((c) => c.argv)).toEqual([
      ['login', '127.0.0.1:5000', '--username=ci-bot', '--password-stdin'],
      expect.arrayContaining(['buildx', 'build']),
      ['logout', '127.0.0.1:5000'],
    ]);
    expect(calls[0]?.stdin).toBe(password);
    expect(calls.flatMap((c) => c.argv).some((arg) => arg.includes('pa$$word'))).toBe(false);
  });

  it('logs in to docker.io for a repository without a host', async () => {
    await run(deps({ image: 'org/app', 'registry-username': 'u', 'registry-password': 'p' }));
    expect(standin.calls()[0]?.argv.slice(0, 2)).toEqual(['login', 'docker.io']);
  });

  it('skips login when push is false, even with credentials', async () => {
    await run(
      deps({
        image: '127.0.0.1:5000/app',
        push: 'false',
        'registry-username': 'u',
        'registry-password': 'p',
      }),
    );
    expect(standin.calls().map((c) => c.argv[0])).toEqual(['buildx']);
  });

  it('fails with docker login error and builds nothing', async () => {
    standin.configure({ fail: 'login' });
    const inputs = { image: '127.0.0.1:5000/app', 'registry-username': 'u', 'registry-password': 'wrong' };
    await expect(run(deps(inputs))).rejects.toThrow(/docker login 127\.0\.0\.1:5000 failed.*unauthorized/);
    expect(standin.calls().map((c) => c.argv[0])).toEqual(['login']);
  });

  it('gets an ECR token with the AWS credentials and logs in with its password', async () => {
    ecr.respond({ token: Buffer.from('AWS:ecr-password-xyz').toString('base64') });
    ecr.requests.length = 0;
    await run(deps({ image: ECR_IMAGE }, AWS_ENV));
    expect(ecr.requests).toHaveLength(1);
    expect(ecr.requests[0]).toMatchObject({
      target: 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
      contentType: 'application/x-amz-json-1.1',
    });
    const calls = standin.calls();
    expect(calls[0]).toEqual({
      argv: ['login', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', '--username=AWS', '--password-stdin'],
      stdin: 'ecr-password-xyz',
    });
    expect(calls.map((c) => c.argv[0])).toEqual(['login', 'buildx', 'logout']);
  });

  it('quotes ECR error code and message, and runs no docker command', async () => {
    ecr.respond({
      error: {
        status: 400,
        type: 'AccessDeniedException',
        message:
          'User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: ecr:GetAuthorizationToken',
      },
    });
    await expect(run(deps({ image: ECR_IMAGE }, AWS_ENV))).rejects.toThrow(
      /GetAuthorizationToken failed in eu-west-1: AccessDeniedException: User: .* not authorized/,
    );
    expect(standin.calls()).toEqual([]);
  });

  it('uses the given credentials, not ECR, when registry-username is set for an ECR image', async () => {
    ecr.requests.length = 0;
    await run(deps({ image: ECR_IMAGE, 'registry-username': 'AWS', 'registry-password': 'given' }, AWS_ENV));
    expect(ecr.requests).toHaveLength(0);
    expect(standin.calls()[0]?.stdin).toBe('given');
  });

  it('relies on an existing login for ECR without AWS credentials', async () => {
    ecr.requests.length = 0;
    await run(deps({ image: ECR_IMAGE }));
    expect(ecr.requests).toHaveLength(0);
    expect(standin.calls().map((c) => c.argv[0])).toEqual(['buildx']);
  });
});

describe('input validation', () => {
  const good = { image: '127.0.0.1:5000/app' };
  it.each([
    ['image', { image: '' }],
    ['image', { image: 'Org/App' }],
    ['image', { image: 'docker.io/org/app:1.0' }],
    ['image', { image: `org/app@sha256:${'a'.repeat(64)}` }],
    ['image', { image: 'bad_host.example.com:5000/app' }],
    ['image', { image: 'org//app' }],
    ['context', { ...good, context: 'no-such-dir' }],
    ['context', { ...good, context: '--push' }],
    ['dockerfile', { ...good, dockerfile: 'services/Dockerfile' }],
    ['dockerfile', { ...good, context: 'services' }],
    ['platforms', { ...good, platforms: 'linux' }],
    ['platforms', { ...good, platforms: 'linux/amd64;linux/arm64' }],
    ['platforms', { ...good, platforms: 'Linux/AMD64' }],
    ['push', { ...good, push: 'yes' }],
    ['tags', { ...good, tags: 'bad tag' }],
    ['tags', { ...good, tags: 'ok,-dash' }],
    ['tags', { ...good, tags: 'a:b' }],
    ['tags', { ...good, tags: `x${'y'.repeat(128)}` }],
    ['registry-password', { ...good, 'registry-username': 'u' }],
    ['registry-username', { ...good, 'registry-password': 'p' }],
    ['port', { ...good, port: 'http' }],
    ['port', { ...good, port: '70000' }],
    ['service', { ...good, service: '../inventory' }],
    ['include', { ...good, include: 'migrations' }],
    ['working-directory', { ...good, 'working-directory': 'no-such-dir' }],
  ] as [string, Record<string, string>][])(
    'rejects a bad %s (%j) before running docker',
    async (input, inputs) => {
      const error = await run(deps(inputs)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe(input);
      expect((error as Error).message).toContain(`'${input}'`);
      expect(standin.calls()).toEqual([]);
    },
  );
});
