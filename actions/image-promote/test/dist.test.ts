// The bundled action run as a runner runs it (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) against real
// registries with Basic and Bearer auth, cross-checked with skopeo. Build first: node scripts/actions/build.mjs image-promote
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  basicAuthorization,
  type PushedManifest,
  pushImage,
  pushIndex,
  registryTags,
  skopeoInspect,
  startRegistry,
  type TestRegistry,
} from '../../../scripts/lib/registry.js';
import { type LoopbackServer, listenOnLoopback } from '../../test/helpers/loopback-server.js';
import { startTokenServer, type TokenServer, writeHtpasswd } from '../../test/helpers/registry-auth.js';
import { runDist } from '../../test/helpers/run-dist.js';
import { runnerView } from '../../test/helpers/runner-log.js';

const actionDir = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'image-promote-'));
const PASSWORD = 'Pa55-w0rd-that-must-never-show';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('with a Basic (htpasswd) registry', () => {
  let registry: TestRegistry;
  let image: PushedManifest;
  const admin = basicAuthorization('ci', PASSWORD);
  beforeAll(async () => {
    registry = await startRegistry({ auth: { htpasswd: { path: writeHtpasswd(dir, { ci: PASSWORD }) } } });
    image = await pushImage(registry, 'team/inventory', 'sha-1a2b3c4', { authorization: admin });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('adds the tags, outputs the digest, summarises, and never shows the password', async () => {
    const source = `${registry.host}/team/inventory:sha-1a2b3c4`;
    const run = await runDist(actionDir, {
      inputs: { source, tags: '1.4.2\n1.4', 'registry-username': 'ci', 'registry-password': PASSWORD },
    });
    expect([run.code, run.outputs]).toEqual([0, { digest: image.digest }]);
    for (const text of [source, image.digest, '<code>1.4.2</code>', '<code>1.4</code>', 'new tag']) {
      expect(run.summary).toContain(text);
    }
    const { visible, masks: masked } = runnerView(run.log);
    for (const secret of [PASSWORD, admin.slice('Basic '.length)]) {
      expect(masked).toContain(secret);
      expect(visible).not.toContain(secret);
      expect(run.summary).not.toContain(secret);
    }
    for (const tag of ['1.4.2', '1.4']) {
      const seen = await skopeoInspect(`${registry.host}/team/inventory:${tag}`, { creds: `ci:${PASSWORD}` });
      expect(seen.Digest).toBe(image.digest);
    }
  });

  it('fails with the registry code for a wrong password, and adds nothing', async () => {
    const before = await registryTags(registry, 'team/inventory', admin);
    const wrong = 'not-the-password-123';
    const run = await runDist(actionDir, {
      inputs: {
        source: `${registry.host}/team/inventory:sha-1a2b3c4`,
        tags: 'bad-creds',
        'registry-username': 'ci',
        'registry-password': wrong,
      },
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({});
    expect(run.log).toContain('UNAUTHORIZED');
    const { visible, masks: masked } = runnerView(run.log);
    expect(masked).toContain(wrong);
    expect(visible).not.toContain(wrong);
    expect(await registryTags(registry, 'team/inventory', admin)).toEqual(before);
  });

  it('fails clearly on a source that does not exist, and adds nothing', async () => {
    const before = await registryTags(registry, 'team/inventory', admin);
    const run = await runDist(actionDir, {
      inputs: {
        source: `${registry.host}/team/inventory:sha-0000000`,
        tags: '9.9.9',
        'registry-username': 'ci',
        'registry-password': PASSWORD,
      },
    });
    expect(run.code).toBe(1);
    expect(run.log).toContain(
      `resolve ${registry.host}/team/inventory:sha-0000000 failed (HTTP 404, MANIFEST_UNKNOWN`,
    );
    expect(await registryTags(registry, 'team/inventory', admin)).toEqual(before);
  });
});

describe('with a Bearer (token service) registry', () => {
  let tokens: TokenServer;
  let registry: TestRegistry;
  let index: PushedManifest;
  beforeAll(async () => {
    tokens = await startTokenServer({ dir, users: { deployer: { password: PASSWORD, push: true } } });
    registry = await startRegistry({ auth: { token: tokens } });
    const token = tokens.mint([{ type: 'repository', name: 'team/pricing', actions: ['pull', 'push'] }]);
    index = await pushIndex(registry, 'team/pricing', 'sha-7654321', { authorization: `Bearer ${token}` });
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  it('promotes an index by digest with tokens for pull then pull,push, none of them in the log', async () => {
    const run = await runDist(actionDir, {
      inputs: {
        source: `${registry.host}/team/pricing@${index.digest}`,
        tags: '2.0.0',
        'registry-username': 'deployer',
        'registry-password': PASSWORD,
      },
    });
    expect([run.code, run.outputs]).toEqual([0, { digest: index.digest }]);
    expect(tokens.requests.map((r) => [r.user, r.scopes, r.status])).toEqual([
      ['deployer', ['repository:team/pricing:pull'], 200],
      ['deployer', ['repository:team/pricing:pull,push'], 200],
    ]);
    const { visible, masks: masked } = runnerView(run.log);
    expect(tokens.issued).toHaveLength(2);
    for (const secret of [PASSWORD, ...tokens.issued]) {
      expect(masked).toContain(secret);
      expect(visible).not.toContain(secret);
      expect(run.summary).not.toContain(secret);
    }
    // skopeo runs the token flow on its own and sees the same bytes under the new tag.
    const raw = await skopeoInspect(`${registry.host}/team/pricing:2.0.0`, {
      raw: true,
      creds: `deployer:${PASSWORD}`,
    });
    expect(raw.equals(index.bytes)).toBe(true);
  });
});

describe('with invalid inputs', () => {
  // Stands where a registry would: any connection to it means the action talked before validating.
  let tripwire: LoopbackServer;
  let connections = 0;
  let host = '';
  beforeAll(async () => {
    const server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"errors":[{"code":"NAME_UNKNOWN","message":"tripwire"}]}');
    });
    server.on('connection', () => connections++);
    tripwire = await listenOnLoopback(server);
    host = tripwire.host;
  });
  afterAll(() => tripwire.close());

  it('the tripwire counts a run that does reach the registry', async () => {
    const run = await runDist(actionDir, { inputs: { source: `${host}/team/app:1`, tags: '1.0' } });
    expect(run.code).toBe(1);
    expect(connections).toBeGreaterThan(0);
  });

  it('fails naming the bad input without contacting the registry', async () => {
    const cases = [
      [{ source: '', tags: '1.0' }, "Input 'source' is required"],
      [{ source: 'ghcr.io/Team/app:1', tags: '1.0' }, "Invalid input 'source'"],
      [{ source: 'team/app', tags: '1.0' }, "Invalid input 'source'"],
      [{ tags: '1.0, bad/tag' }, "Invalid input 'tags'"],
      [{ tags: '' }, "Input 'tags' is required"],
      [{ tags: '1.0', 'registry-password': PASSWORD }, "Input 'registry-username' is required"],
    ] as const;
    const before = connections;
    // In parallel: each is a cold start of the bundle, and they share nothing.
    const runs = await Promise.all(
      cases.map(([inputs]) => runDist(actionDir, { inputs: { source: `${host}/team/app:1`, ...inputs } })),
    );
    for (const [i, run] of runs.entries()) {
      const [inputs, named] = cases[i] ?? [];
      expect([inputs, run.code, run.outputs, run.log.includes(named ?? '?')]).toEqual([inputs, 1, {}, true]);
      expect(runnerView(run.log).visible).not.toContain(PASSWORD);
    }
    expect(connections - before).toBe(0);
  });
});
