// The bundle builder knows no service: a small Node HTTP service this test writes in a temp folder (a
// TypeScript entry importing a second module, an included folder and an included file) is built by the
// action's own run() into a real docker-registry, pulled and run by podman as the platform runs images
// (read-only root, uid 65532, host network) and answers /health from inside the container. A second build
// gives the same digest. Bad inputs fail naming the input, and nothing reaches the registry.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildLocalBase } from '../../../scripts/images/local-base.js';
import {
  podman,
  podmanUnavailable,
  type RunningContainer,
  runImage,
  temporaryStorage,
} from '../../../scripts/lib/podman.js';
import {
  freePort,
  registryTags,
  skopeoInspect,
  startRegistry,
  type TestRegistry,
} from '../../../scripts/lib/registry.js';
import { InputError } from '../../lib/inputs.js';
import { type Deps, run } from '../src/main.js';
import { contextFor, example } from './helpers/payloads.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const pushMain = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false);
const CREATED = 1_790_000_000;

const skopeo = async (args: string[]) =>
  (await promisify(execFile)('skopeo', ['inspect', '--tls-verify=false', ...args])).stdout;

const unavailable = await podmanUnavailable();
if (unavailable !== undefined) {
  if (process.env.CI === 'true') throw new Error(`${unavailable} (CI=true: failing instead of skipping)`);
  console.warn(`SKIPPED the podman run of a service unknown to the action: ${unavailable}`);
}
const withPodman = unavailable === undefined ? it : it.skip;

/** The service: what any Node service is to the builder, an entry file and files beside its bundle. */
const FILES: Record<string, string> = {
  'package.json': '{ "name": "hello", "private": true, "type": "module" }\n',
  'src/server.ts': `import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { health, type Health } from './health.js';

const here: string = import.meta.dirname;
const greeting = readFileSync(join(here, 'static', 'greeting.txt'), 'utf8').trim();
const version = readFileSync(join(here, 'VERSION'), 'utf8').trim();
function writable(path: string): boolean {
  try {
    writeFileSync(path, 'x');
    return true;
  } catch {
    return false;
  }
}
const server = createServer((request, response) => {
  if (request.url !== '/health') return void response.writeHead(404).end();
  const body: Health = health({ greeting, version, files: readdirSync(here).sort(), appWritable: writable(join(here, 'probe')) });
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`,
  'src/health.ts': `export interface Health { status: 'ok'; uid: number | undefined; nodeEnv: string | undefined; cwd: string; [key: string]: unknown }
export function health(extra: Record<string, unknown>): Health {
  return { status: 'ok', uid: process.getuid?.(), nodeEnv: process.env.NODE_ENV, cwd: process.cwd(), ...extra };
}
`,
  'static/greeting.txt': 'hello from an included folder\n',
  VERSION: '1.2.3\n',
  'test/server.test.ts': 'throw new Error("tests never reach the image");\n',
  'main.js': '// a stale build output: never a thing to include over the bundle\n',
};

let dir: string;
let service: string;
let registry: TestRegistry;
let base: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bundle-any-service-'));
  process.env.GITHUB_OUTPUT = join(dir, 'output');
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary');
  writeFileSync(process.env.GITHUB_OUTPUT, '');
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
  service = join(dir, 'workspace', 'hello');
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(service, path)), { recursive: true });
    writeFileSync(join(service, path), content);
  }
  // What `npm install --save-dev esbuild` gives the service: the builder runs the service's own esbuild.
  const esbuild = dirname(createRequire(join(repoRoot, 'package.json')).resolve('esbuild/package.json'));
  mkdirSync(join(service, 'node_modules'), { recursive: true });
  symlinkSync(esbuild, join(service, 'node_modules', 'esbuild'), 'dir');
  registry = await startRegistry();
  base = (await buildLocalBase(registry.host)).reference;
}, 120_000);

afterAll(async () => {
  process.env = savedEnv;
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function deps(inputs: Record<string, string>): Deps {
  return {
    input: (name) => inputs[name] ?? '',
    context: contextFor('push', pushMain, 'refs/heads/master', String(pushMain.after)),
    env: { RUNNER_TEMP: dir, SOURCE_DATE_EPOCH: String(CREATED) },
    docker: {
      run: async () => {
        throw new Error('the bundle builder must not run docker');
      },
    },
    ecr: () => {
      throw new Error('no ECR here');
    },
    clock: () => new Date('2030-01-01T00:00:00Z'),
    // The workspace: working-directory is relative to it, as on a runner.
    cwd: join(dir, 'workspace'),
  };
}

const bundleInputs = (port: number, repository: string) => ({
  image: `${registry.host}/${repository}`,
  builder: 'bundle',
  base,
  'working-directory': 'hello',
  entry: 'src/server.ts',
  port: String(port),
  include: 'static\nVERSION',
});

describe('the bundle builder on a service it has never heard of', () => {
  withPodman(
    'builds it, and podman runs it read-only as 65532: /health answers from the bundle and its files',
    async () => {
      const port = await freePort();
      const first = await run(deps(bundleInputs(port, 'unknown/hello')));
      const second = await run(deps(bundleInputs(port, 'unknown/hello')));
      expect(second.digest).toBe(first.digest);

      const config = JSON.parse(await skopeo(['--config', `docker://${first.imageRef}`])) as {
        config: Record<string, unknown>;
      };
      expect(config.config).toMatchObject({
        User: '65532:65532',
        ExposedPorts: { [`${port}/tcp`]: {} },
        WorkingDir: '/app',
        Entrypoint: ['/nodejs/bin/node', '--enable-source-maps', '/app/main.js'],
      });
      expect(config.config.Env).toEqual(expect.arrayContaining([`PORT=${port}`, 'NODE_ENV=production']));
      const manifest = JSON.parse((await skopeoInspect(first.imageRef, { raw: true })).toString()) as {
        annotations: Record<string, string>;
      };
      expect(manifest.annotations['org.opencontainers.image.base.digest']).toBe(base.split('@')[1]);

      const storage = temporaryStorage();
      let container: RunningContainer | undefined;
      try {
        await podman(['pull', '--quiet', first.imageRef], { storage });
        container = runImage(first.imageRef, { storage });
        const running = container;
        const body = await eventuallyHealthy(`http://127.0.0.1:${port}/health`, running);
        expect(body).toEqual({
          status: 'ok',
          uid: 65532,
          nodeEnv: 'production',
          cwd: '/app',
          greeting: 'hello from an included folder',
          version: '1.2.3',
          // Only what runs: the bundle, its map and the included paths (no src, test or node_modules).
          files: ['VERSION', 'main.js', 'main.js.map', 'static'],
          appWritable: false,
        });
        const stopped = await running.stop(10);
        expect(stopped.exitCode).toBe(0);
      } finally {
        await container?.stop(1);
        storage.remove();
      }
    },
    180_000,
  );

  it.each([
    [
      { entry: 'src/missing.ts' },
      /Invalid input 'entry': expected an existing TypeScript or JavaScript file/,
    ],
    [{ entry: 'static/greeting.txt' }, /Invalid input 'entry': expected an existing TypeScript/],
    [{ entry: '../hello/src/server.ts' }, /Invalid input 'entry': .* inside it, got '\.\.\/hello/],
    [{ port: '0' }, /Invalid input 'port': expected an integer from 1 to 65535, got '0'/],
    [{ port: '65536' }, /Invalid input 'port': expected an integer from 1 to 65535/],
    [{ port: '8080/tcp' }, /Invalid input 'port': expected an integer from 1 to 65535, got '8080\/tcp'/],
    [{ include: 'static, assets' }, /Invalid input 'include': expected existing files or folders.*'assets'/],
    [{ include: '/etc/passwd' }, /Invalid input 'include': .* inside it, got '\/etc\/passwd'/],
    [
      { include: 'static,main.js' },
      /Invalid input 'include': expected paths other than main.js and main.js.map/,
    ],
    [{ 'working-directory': 'goodbye' }, /Invalid input 'working-directory': expected an existing directory/],
  ])('refuses %j naming the input, and pushes nothing', async (bad, message) => {
    const attempt = run(deps({ ...bundleInputs(8080, 'refused/hello'), ...bad }));
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(message);
    expect(await registryTags(registry, 'refused/hello')).toEqual([]);
  });

  it("fails when the service's folder has no esbuild, and pushes nothing", async () => {
    const bare = join(dir, 'workspace', 'bare');
    mkdirSync(join(bare, 'src'), { recursive: true });
    writeFileSync(join(bare, 'src', 'main.js'), 'console.log("hi");\n');
    const inputs = {
      ...bundleInputs(8080, 'refused/bare'),
      'working-directory': 'bare',
      entry: 'src/main.js',
    };
    await expect(run(deps({ ...inputs, include: '' }))).rejects.toThrow(
      /esbuild is not installed for .*bare: the bundle builder runs the service's own esbuild/,
    );
    expect(await registryTags(registry, 'refused/bare')).toEqual([]);
  });

  it('refuses a link inside an included folder, and pushes nothing', async () => {
    symlinkSync('/etc/passwd', join(service, 'static', 'passwd'));
    try {
      await expect(run(deps(bundleInputs(8080, 'refused/link')))).rejects.toThrow(
        /include holds 'static\/passwd', which is not a regular file or folder/,
      );
      expect(await registryTags(registry, 'refused/link')).toEqual([]);
    } finally {
      rmSync(join(service, 'static', 'passwd'));
    }
  });
});

async function eventuallyHealthy(url: string, container: RunningContainer): Promise<unknown> {
  let exited = false;
  void container.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !exited) {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
    if (response?.status === 200) return response.json();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} never answered 200:\n${container.logs()}`);
}
