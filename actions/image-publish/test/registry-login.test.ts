// Logging in for real: the docker CLI on this machine logs in to a registry by itself (no engine needed),
// so `docker login`/`logout` run for real against a real docker-registry with htpasswd auth on loopback.
// Only `buildx build` is answered by the stand-in script (no engine, no buildx here): it hands
// login/logout to the real CLI. DOCKER_CONFIG is a temp dir, so the machine's docker config is untouched.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startRegistry, type TestRegistry } from '../../../scripts/lib/registry.js';
import { writeHtpasswd } from '../../test/helpers/registry-auth.js';
import { runDist } from '../../test/helpers/run-dist.js';
import { runnerView } from '../../test/helpers/runner-log.js';
import { dockerCli } from '../src/docker.js';
import { run } from '../src/main.js';
import { installDockerStandin, removeDockerStandins } from './helpers/docker-standin.js';

afterAll(removeDockerStandins);

import { contextFor, example } from './helpers/payloads.js';

const realDocker = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();
const pushMaster = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false);
const sha = String(pushMaster.after);
const PASSWORD = 'alice-S3cret-pw';

let dir: string;
let dockerConfig: string;
let registry: TestRegistry;
const savedEnv = { ...process.env };

/** The registries this docker config holds credentials for. */
function loggedIn(dockerConfig: string): string[] {
  const file = join(dockerConfig, 'config.json');
  if (!existsSync(file)) return [];
  return Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { auths?: object }).auths ?? {});
}

(realDocker ? describe : describe.skip)('docker login against a real registry', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'image-publish-login-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    dockerConfig = join(dir, 'docker-config');
    mkdirSync(dockerConfig);
    registry = await startRegistry({ auth: { htpasswd: { path: writeHtpasswd(dir, { alice: PASSWORD }) } } });
    process.env.GITHUB_OUTPUT = join(dir, 'output');
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary');
    writeFileSync(process.env.GITHUB_OUTPUT, '');
    writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
  });
  afterAll(async () => {
    process.env = savedEnv;
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = (standinPath: string, password: string) => ({
    input: (name: string) =>
      ({ image: `${registry.host}/team/app`, 'registry-username': 'alice', 'registry-password': password })[
        name
      ] ?? '',
    context: contextFor('push', pushMaster, 'refs/heads/master', sha),
    env: { RUNNER_TEMP: dir },
    // Jest's process.env is the test's copy; child processes get the environment passed here.
    docker: dockerCli(standinPath, { ...process.env, DOCKER_CONFIG: dockerConfig }),
    ecr: () => {
      throw new Error('no ECR here');
    },
    clock: () => new Date(),
    cwd: dir,
  });

  it('logs in with the right password, builds, and leaves no credential behind', async () => {
    const standin = installDockerStandin({ realDocker: realDocker as string });
    const result = await run(deps(standin.path, PASSWORD));
    const calls = standin.calls();
    expect(calls.map((c) => c.argv[0])).toEqual(['login', 'buildx', 'logout']);
    expect(calls[1]?.auths).toEqual([registry.host]);
    expect(result.imageRef).toMatch(new RegExp(`^${registry.host}/team/app@sha256:[0-9a-f]{64}$`));
    expect(loggedIn(dockerConfig)).toEqual([]);
  });

  it("fails with the registry's refusal for a wrong password and builds nothing", async () => {
    const standin = installDockerStandin({ realDocker: realDocker as string });
    await expect(run(deps(standin.path, 'wrong-password'))).rejects.toThrow(
      new RegExp(`docker login ${registry.host} failed with exit code 1: .*unauthorized`, 'i'),
    );
    expect(standin.calls().map((c) => c.argv[0])).toEqual(['login']);
  });

  it('runs from dist with a real login, and the password never shows in the log', async () => {
    const standin = installDockerStandin({ realDocker: realDocker as string });
    const distConfig = mkdtempSync(join(dir, 'dist-config-'));
    const eventPath = join(dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify(pushMaster));
    const result = await runDist(join(import.meta.dirname, '..'), {
      cwd: dir,
      inputs: {
        image: `${registry.host}/team/app`,
        'registry-username': 'alice',
        'registry-password': PASSWORD,
      },
      env: {
        PATH: `${standin.dir}:${process.env.PATH}`,
        DOCKER_CONFIG: distConfig,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REF: 'refs/heads/master',
        GITHUB_SHA: sha,
        GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      },
    });
    expect(result.code).toBe(0);
    expect(result.log).toContain('Login Succeeded');
    expect(runnerView(result.log).visible).not.toContain(PASSWORD);
    expect(standin.calls()[0]?.stdin).toBe(PASSWORD);
    expect(standin.calls()[1]?.auths).toEqual([registry.host]);
    expect(result.outputs['image-ref']).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(loggedIn(distConfig)).toEqual([]);
  });
});
