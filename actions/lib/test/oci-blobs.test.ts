// The blob calls against a real registry (docker-registry on loopback, no auth): check, upload, mount
// across repositories with the upload fallback, read back verified. One stand-in server plays a registry
// whose upload location points at another host, which must not be followed.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startRegistry, type TestRegistry } from '../../../scripts/lib/registry.js';
import { listenOnLoopback } from '../../test/helpers/loopback-server.js';
import { ensureBlob, getBlob, hasBlob, mountBlob, uploadBlob } from '../oci-blobs.js';
import { RegistryError } from '../oci-errors.js';
import { parseRepository } from '../oci-reference.js';
import { digestOf, RegistryClient } from '../oci-registry.js';

let registry: TestRegistry;
const client = new RegistryClient({ retries: 0 });
const repo = (name: string) => parseRepository(`${registry.host}/${name}`);

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

describe('blobs', () => {
  it('uploads a blob in one piece, finds it, and reads it back verified', async () => {
    const bytes = randomBytes(100_000);
    const digest = digestOf(bytes);
    expect(await hasBlob(client, repo('blobs/a'), digest)).toBe(false);
    expect(await uploadBlob(client, repo('blobs/a'), bytes)).toBe(digest);
    expect(await hasBlob(client, repo('blobs/a'), digest)).toBe(true);
    expect((await getBlob(client, repo('blobs/a'), digest)).equals(bytes)).toBe(true);
  });

  it('mounts from a repository that has the blob, and uploads into the session when the source lacks it', async () => {
    const bytes = randomBytes(5_000);
    const digest = digestOf(bytes);
    await uploadBlob(client, repo('blobs/source'), bytes);
    expect(await mountBlob(client, repo('blobs/mounted'), digest, 'blobs/source')).toBe('mounted');
    expect(await hasBlob(client, repo('blobs/mounted'), digest)).toBe(true);

    let read = 0;
    const source = {
      mountFrom: 'blobs/empty',
      bytes: () => {
        read++;
        return bytes;
      },
    };
    expect(await ensureBlob(client, repo('blobs/fallback'), digest, source)).toBe('uploaded');
    expect(read).toBe(1);
    expect(await ensureBlob(client, repo('blobs/fallback'), digest, source)).toBe('present');
    expect(read).toBe(1);
  });

  it('refuses bytes that do not hash to the digest asked for', async () => {
    const bytes = randomBytes(1_000);
    const other = digestOf(randomBytes(1_000));
    await expect(ensureBlob(client, repo('blobs/wrong'), other, { bytes: () => bytes })).rejects.toThrow(
      /hashes to sha256:[0-9a-f]{64}: refusing to push it/,
    );
    expect(await hasBlob(client, repo('blobs/wrong'), other)).toBe(false);
    await expect(getBlob(client, repo('blobs/a'), other)).rejects.toThrow(RegistryError);
  });

  it('does not follow an upload location on another host', async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.writeHead(202, { location: 'http://127.0.0.2:9/v2/app/blobs/uploads/x' }).end();
    });
    const standIn = await listenOnLoopback(server);
    try {
      const attempt = uploadBlob(client, parseRepository(`${standIn.host}/app`), Buffer.from('x'));
      await expect(attempt).rejects.toThrow(
        /upload location http:\/\/127\.0\.0\.2:9\/v2\/app\/blobs\/uploads\/x/,
      );
      expect(requests).toEqual(['POST /v2/app/blobs/uploads/']);
    } finally {
      await standIn.close();
    }
  });
});
