// promote() against a real registry, cross-checked with skopeo (an independent OCI client).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type PushedManifest,
  pushImage,
  pushIndex,
  registryTags,
  skopeoInspect,
  startRegistry,
  type TestRegistry,
} from '../../../scripts/lib/registry.js';
import { RegistryError } from '../../lib/oci-errors.js';
import { parseReference } from '../../lib/oci-reference.js';
import { digestOf, RegistryClient } from '../../lib/oci-registry.js';
import { DigestMismatchError, type ManifestStore, promote } from '../src/promote.js';

let registry: TestRegistry;
let image: PushedManifest;
let index: PushedManifest;
let list: PushedManifest;
const ref = (text: string) => parseReference(`${registry.host}/${text}`);

beforeAll(async () => {
  registry = await startRegistry();
  image = await pushImage(registry, 'team/app', 'sha-1111111');
  index = await pushIndex(registry, 'team/multi', 'sha-2222222');
  list = await pushIndex(registry, 'team/list', 'sha-3333333', { format: 'docker' });
});
afterAll(async () => {
  await registry?.stop();
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('promote', () => {
  it('adds tags to an image manifest: skopeo sees the same digest and the same bytes', async () => {
    const result = await promote(new RegistryClient(), ref('team/app:sha-1111111'), ['1.4.2', '1.4']);
    expect(result).toMatchObject({
      digest: image.digest,
      mediaType: image.mediaType,
      tags: [
        { tag: '1.4.2', previous: undefined },
        { tag: '1.4', previous: undefined },
      ],
    });
    const seen = await Promise.all(
      ['1.4.2', '1.4'].map(async (tag) => [
        (await skopeoInspect(`${registry.host}/team/app:${tag}`)).Digest,
        (await skopeoInspect(`${registry.host}/team/app:${tag}`, { raw: true })).equals(image.bytes),
      ]),
    );
    expect(seen).toEqual([
      [image.digest, true],
      [image.digest, true],
    ]);
    expect(await registryTags(registry, 'team/app')).toEqual(['1.4', '1.4.2', 'sha-1111111']);
  });

  it('adds tags to an OCI index resolved by digest, without touching the platform manifests', async () => {
    const result = await promote(new RegistryClient(), ref(`team/multi@${index.digest}`), ['2.0.0']);
    expect(result.digest).toBe(index.digest);
    const raw = await skopeoInspect(`${registry.host}/team/multi:2.0.0`, { raw: true });
    expect(digestOf(raw)).toBe(index.digest);
    expect(raw.equals(index.bytes)).toBe(true);
    // skopeo resolves the index to the linux/amd64 image; the index digest is what it reports.
    expect((await skopeoInspect(`${registry.host}/team/multi:2.0.0`)).Digest).toBe(index.digest);
  });

  it('adds tags to a Docker manifest list', async () => {
    await promote(new RegistryClient(), ref('team/list:sha-3333333'), ['3']);
    expect((await skopeoInspect(`${registry.host}/team/list:3`, { raw: true })).equals(list.bytes)).toBe(
      true,
    );
  });

  it('moves an existing tag and reports where it pointed; a re-run changes nothing', async () => {
    const other = await pushImage(registry, 'team/app', 'stable', { content: 'older build' });
    const first = await promote(new RegistryClient(), ref('team/app:sha-1111111'), ['stable']);
    expect(first.tags).toEqual([{ tag: 'stable', previous: other.digest }]);
    const again = await promote(new RegistryClient(), ref('team/app:sha-1111111'), ['stable']);
    expect(again.tags).toEqual([{ tag: 'stable', previous: image.digest }]);
    expect((await skopeoInspect(`${registry.host}/team/app:stable`)).Digest).toBe(image.digest);
  });

  it('fails on an unknown source tag or digest and adds nothing', async () => {
    const before = await registryTags(registry, 'team/app');
    for (const source of ['team/app:no-such-tag', `team/app@${digestOf(Buffer.from('no such manifest'))}`]) {
      const error = await failure(promote(new RegistryClient(), ref(source), ['must-not-exist']));
      expect(error).toBeInstanceOf(RegistryError);
      expect([(error as RegistryError).status, (error as RegistryError).code]).toEqual([
        404,
        'MANIFEST_UNKNOWN',
      ]);
      expect(error.message).toContain(`resolve ${registry.host}/${source} failed`);
    }
    expect(await registryTags(registry, 'team/app')).toEqual(before);
  });

  it('fails when the registry serves another digest for a tag after the PUT', async () => {
    const client = new RegistryClient();
    // A registry that converts manifests on write, seen through its answers.
    const converting: ManifestStore = {
      getManifest: (r) => client.getManifest(r),
      putManifest: async (r, m) => {
        await client.putManifest(r, m);
        return undefined;
      },
      headManifest: async (r) => {
        const found = await client.headManifest(r);
        return r.tag === 'converted' && found ? { ...found, digest: list.digest } : found;
      },
    };
    const error = await failure(promote(converting, ref('team/app:sha-1111111'), ['converted']));
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect(error.message).toContain(`is ${list.digest}, expected the source digest ${image.digest}`);
  });

  it('names the tags already added when a later tag fails', async () => {
    const client = new RegistryClient();
    const failing: ManifestStore = {
      getManifest: (r) => client.getManifest(r),
      headManifest: (r) => client.headManifest(r),
      putManifest: async (r, m) => {
        if (r.tag === 'p2')
          throw new RegistryError({
            operation: 'push p2',
            status: 403,
            errors: [{ code: 'DENIED', message: 'tag is immutable' }],
          });
        return client.putManifest(r, m);
      },
    };
    const error = await failure(promote(failing, ref('team/app:sha-1111111'), ['p1', 'p2', 'p3']));
    expect(error.message).toContain('DENIED: tag is immutable');
    expect(error.message).toContain('(tags already added: p1)');
    const tags = await registryTags(registry, 'team/app');
    expect([tags.includes('p1'), tags.includes('p2'), tags.includes('p3')]).toEqual([true, false, false]);
  });
});
