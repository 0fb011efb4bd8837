// Each rehearsal runs green on this commit, for real: bundle-built images pushed to a real docker-registry
// and run by podman until /ready, the dev bump landing on a bare remote, the release promoting the same
// digests and validating the prod tree. Two main rehearsals of one commit give the same digests.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parseReference } from '../../../actions/lib/oci-reference.js';
import { RegistryClient } from '../../../actions/lib/oci-registry.js';
import { overlayDir, overlayKustomizationFile } from '../../gitops/layout.js';
import { startRegistry } from '../../lib/registry.js';
import type { RehearsalOptions } from '../context.js';
import { REPO_ROOT } from '../environment.js';
import { type MainResult, rehearseMain } from '../main-flow.js';
import { rehearsePr } from '../pr-flow.js';
import { rehearseRelease } from '../release-flow.js';

const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-test-'));
const log: string[] = [];
// Other work may commit while this file runs: every rehearsal here is of the commit HEAD was at the start.
const commit = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const options: RehearsalOptions = {
  stateDir,
  commit,
  repository: 'example/delivery-platform',
  smoke: true,
  write: (line) => log.push(line),
};
const explain = () => `\n${log.join('\n')}`;
/** Fails with the whole rehearsal output when it did not pass. */
const expectGreen = (result: { ok: boolean }) => {
  if (!result.ok) throw new Error(`the rehearsal failed:${explain()}`);
};
const stateOf = (result: { progress: { results: { name: string; state: string }[] } }, name: string) =>
  result.progress.results.find((s) => s.name === name)?.state;

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('npm run pipeline', () => {
  let first: MainResult;

  it('main, cold: builds, pushes, runs both images until /ready, and pins them in dev with one commit', async () => {
    first = await rehearseMain(options);
    expectGreen(first);
    for (const service of ['inventory', 'pricing', 'storefront'] as const) {
      expect(first.images[service]).toMatch(new RegExp(`/shop/${service}@sha256:[0-9a-f]{64}$`));
      expect(stateOf(first, `image-publish ${service}`)).toBe('ok');
    }
    // The workflow's own build-script step ran before image-publish: the storefront's page was built.
    expect(stateOf(first, 'build script storefront')).toBe('ok');
    expect(stateOf(first, 'build script inventory')).toBe('unchanged');
    expect(stateOf(first, 'podman run until /ready (rehearsal only)')).toBe('ok');
    expect(stateOf(first, `trivy-gate inventory`)).toMatch(/^(absent|ok)$/);
    const dev = execFileSync(
      'git',
      ['-C', join(stateDir, 'remote.git'), 'show', `main:${overlayKustomizationFile('dev')}`],
      { encoding: 'utf8' },
    );
    for (const ref of Object.values(first.images)) expect(dev).toContain(ref?.split('@')[1]);
    expect(log.join('\n')).toMatch(/\| inventory +\| 127\.0\.0\.1:\d+\/shop\/inventory@sha256:/);
  }, 240_000);

  it('main again on the same commit: the same digests, nothing new pushed, no GitOps commit', async () => {
    const again = await rehearseMain({ ...options, smoke: false });
    expectGreen(again);
    expect(again.images).toEqual(first.images);
    expect(stateOf(again, 'image-publish inventory')).toBe('unchanged');
    expect(stateOf(again, `gitops-bump ${overlayDir('dev')}`)).toBe('unchanged');
    expect(again.gitopsCommit).toBeUndefined();
  }, 120_000);

  it('release: promotes those digests to X.Y.Z, opens the prod pull request, validates the prod tree', async () => {
    const result = await rehearseRelease({ ...options, tag: 'v1.4.2' });
    expectGreen(result);
    expect(Object.fromEntries(result.images.map((i) => [i.service, i.ref]))).toEqual(first.images);
    expect(result.pullRequestUrl).toBe('https://github.com/example/delivery-platform/pull/1');
    expect(stateOf(result, 'validate the prod tree of the bump commit')).toBe('ok');
    // The registry, read back on its own: the new tag names the digest main built.
    const registry = await startRegistry({
      port: JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')).port,
      storageDir: join(stateDir, 'registry'),
    });
    try {
      const inventory = first.images.inventory as string;
      const tagged = inventory.replace(/@sha256:.*$/, ':1.4.2');
      const head = await new RegistryClient().headManifest(parseReference(tagged));
      expect(head?.digest).toBe(inventory.split('@')[1]);
    } finally {
      await registry.stop();
    }
  }, 120_000);

  // The podman run of the PR's images is the main rehearsal's (above): --no-smoke here keeps the file short.
  it('pr: every check job the rehearsal can run passes, and both images build', async () => {
    const result = await rehearsePr({ ...options, smoke: false });
    expectGreen(result);
    expect(result.images.pricing).toMatch(/\/pricing@sha256:[0-9a-f]{64}$/);
    expect(stateOf(result, 'tests with coverage')).toBe('skipped');
  }, 240_000);

  it('the CLI exits non-zero and names the stage when one fails', async () => {
    const cli = promisify(execFile)(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [
        join(REPO_ROOT, 'scripts', 'pipeline', 'rehearse.ts'),
        'release',
        'v1.2',
        '--state',
        stateDir,
        '--commit',
        commit,
      ],
      { cwd: REPO_ROOT },
    );
    const failure = (await cli.then(
      () => undefined,
      (e) => e,
    )) as { code: number; stdout: string } | undefined;
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/^release version\s+failed\s+[\d.]+ s\s+tag v1\.2 is not vX\.Y\.Z$/m);
    expect(failure?.stdout).toContain('FAILED: release version');
  }, 60_000);
});
