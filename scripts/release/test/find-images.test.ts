// The release finds the image main built from the tagged commit's source, on a real git history and a
// real registry; a service never built from that source fails the release with both commits named.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pushImage, startRegistry, type TestRegistry } from '../../lib/registry.js';
import { findReleaseImages, NeverBuiltError, outputLines } from '../find-images.js';

/** The services this synthetic history has (the repository may declare more). */
const services = ['inventory', 'pricing'];
let registry: TestRegistry;
let dir: string;
const git = (...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
    encoding: 'utf8',
  }).trim();
const commit = (file: string, text: string) => {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), text);
  git('add', '-A');
  git('commit', '-q', '-m', file);
  return git('rev-parse', 'HEAD');
};

beforeAll(async () => {
  registry = await startRegistry();
  dir = mkdtempSync(join(tmpdir(), 'find-images-'));
  git('init', '-q', '-b', 'main');
});
afterAll(async () => {
  await registry.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('findReleaseImages', () => {
  it('takes the build of the last commit that changed each service, and fails clearly for one never built', async () => {
    const inventoryBuilt = commit('services/inventory/a.ts', '1');
    const pricingBuilt = commit('services/pricing/a.ts', '1');
    const docs = commit('docs/readme.md', 'only docs'); // changes no image
    const repo = `${registry.host}/shop`;
    // What main pushed: inventory at its commit, pricing at the next (a push with both commits builds at its head).
    const inventory = await pushImage(registry, 'shop/inventory', `sha-${inventoryBuilt.slice(0, 7)}`);
    const pricing = await pushImage(registry, 'shop/pricing', `sha-${docs.slice(0, 7)}`);

    const images = await findReleaseImages({ gitDir: dir, commit: docs, registry: repo, services });
    expect(images).toEqual([
      expect.objectContaining({
        service: 'inventory',
        ref: `${repo}/inventory@${inventory.digest}`,
        builtFrom: inventoryBuilt,
      }),
      expect.objectContaining({
        service: 'pricing',
        ref: `${repo}/pricing@${pricing.digest}`,
        builtFrom: docs,
      }),
    ]);
    expect(outputLines(images)).toContain(
      `images<<PINS_EOF\ninventory=${repo}/inventory@${inventory.digest}\n`,
    );
    expect(pricingBuilt).not.toBe(docs);

    const changed = commit('services/pricing/a.ts', '2'); // a new pricing source main never built
    const failure = await findReleaseImages({ gitDir: dir, commit: changed, registry: repo, services }).catch(
      (e) => e,
    );
    expect(failure).toBeInstanceOf(NeverBuiltError);
    expect(failure.message).toContain(`pricing: no image ${repo}/pricing:sha-<commit>`);
    expect(failure.message).toContain('never rebuilds');
    expect(failure.message).not.toContain('inventory:');
  });
});
