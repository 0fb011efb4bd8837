// The OCI client against a real registry (docker-registry on loopback), no auth.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type PushedManifest,
  pushImage,
  pushIndex,
  registryTags,
  startRegistry,
  type TestRegistry,
} from '../../../scripts/lib/registry.js';
import { freePort } from '../../../services/lib/test-support/processes.js';
import { listenOnLoopback } from '../../test/helpers/loopback-server.js';
import { RegistryError } from '../oci-errors.js';
import { parseReference, withDigest, withTag } from '../oci-reference.js';
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  digestOf,
  OCI_INDEX,
  OCI_MANIFEST,
  RegistryClient,
} from '../oci-registry.js';
import { registryFailure } from './registry-failure.js';

let registry: TestRegistry;
const pushed: Record<string, PushedManifest> = {};
const ref = (text: string) => parseReference(`${registry.host}/${text}`);

beforeAll(async () => {
  registry = await startRegistry();
  pushed.oci = await pushImage(registry, 'team/app', 'oci');
  pushed.docker = await pushImage(registry, 'team/app', 'docker', { format: 'docker' });
  pushed.index = await pushIndex(registry, 'team/app', 'index');
  pushed.list = await pushIndex(registry, 'team/app', 'list', { format: 'docker' });
});
afterAll(async () => {
  await registry?.stop();
});

/** Records the requests a client makes, passing them on to the real registry. */
function recordingFetch(): {
  fetch: typeof fetch;
  requests: { method: string; url: string; accept: string }[];
} {
  const requests: { method: string; url: string; accept: string }[] = [];
  return {
    requests,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      requests.push({
        method: init?.method ?? 'GET',
        url: String(input),
        accept: headers.get('accept') ?? '',
      });
      return fetch(input, init);
    },
  };
}

describe('getManifest', () => {
  it.each([
    ['oci', OCI_MANIFEST],
    ['docker', DOCKER_MANIFEST],
    ['index', OCI_INDEX],
    ['list', DOCKER_MANIFEST_LIST],
  ])('returns the %s manifest byte for byte with its media type and digest', async (tag, mediaType) => {
    const expected = pushed[tag] as PushedManifest;
    const manifest = await new RegistryClient().getManifest(ref(`team/app:${tag}`));
    expect(manifest.mediaType).toBe(mediaType);
    expect(manifest.digest).toBe(expected.digest);
    expect(manifest.bytes.equals(expected.bytes)).toBe(true);
  });

  it('resolves by digest (the digest wins over a tag) and speaks plain HTTP to loopback', async () => {
    const { fetch, requests } = recordingFetch();
    const index = pushed.index as PushedManifest;
    const manifest = await new RegistryClient({ fetch }).getManifest(ref(`team/app:oci@${index.digest}`));
    expect(manifest.digest).toBe(index.digest);
    expect(requests).toEqual([
      {
        method: 'GET',
        url: `http://${registry.host}/v2/team/app/manifests/${index.digest}`,
        accept: [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST].join(', '),
      },
    ]);
  });

  it('speaks plain HTTP to a registry on [::1] too', async () => {
    const ipv6 = await startRegistry({ address: '::1' });
    try {
      const pushed6 = await pushImage(ipv6, 'team/app', 'v6');
      expect(ipv6.host).toMatch(/^\[::1\]:\d+$/);
      const manifest = await new RegistryClient().getManifest(parseReference(`${ipv6.host}/team/app:v6`));
      expect(manifest.digest).toBe(pushed6.digest);
    } finally {
      await ipv6.stop();
    }
  });

  it('fails with the registry code for an unknown tag, digest or repository', async () => {
    const client = new RegistryClient();
    const unknownDigest = digestOf(Buffer.from('nothing'));
    for (const [text, code] of [
      ['team/app:missing', 'MANIFEST_UNKNOWN'],
      [`team/app@${unknownDigest}`, 'MANIFEST_UNKNOWN'],
      // distribution 2.8 answers MANIFEST_UNKNOWN for a repository it has never seen, too.
      ['team/none:1', 'MANIFEST_UNKNOWN'],
    ] as const) {
      const error = await registryFailure(client.getManifest(ref(text)));
      expect(error).toBeInstanceOf(RegistryError);
      expect([text, (error as RegistryError).status, (error as RegistryError).code]).toEqual([
        text,
        404,
        code,
      ]);
      expect((error as Error).message).toContain(code);
    }
  });

  it('rejects bytes that do not hash to the Docker-Content-Digest (a proxy that rewrites JSON)', async () => {
    const reformatting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const text = await response.text();
      return new Response(JSON.stringify(JSON.parse(text)), {
        status: response.status,
        headers: response.headers,
      });
    };
    const error = await registryFailure(
      new RegistryClient({ fetch: reformatting }).getManifest(ref('team/app:oci')),
    );
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toContain(`not the Docker-Content-Digest ${pushed.oci?.digest}`);
  });

  it('rejects bytes that do not hash to the requested digest even without Docker-Content-Digest', async () => {
    const stripping: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const headers = new Headers(response.headers);
      headers.delete('docker-content-digest');
      const bytes = Buffer.concat([Buffer.from(await response.arrayBuffer()), Buffer.from(' ')]);
      return new Response(bytes, { status: response.status, headers });
    };
    const error = await registryFailure(
      new RegistryClient({ fetch: stripping }).getManifest(ref(`team/app@${pushed.oci?.digest}`)),
    );
    expect((error as Error).message).toContain(`not the requested digest ${pushed.oci?.digest}`);
  });
});

describe('putManifest, headManifest, listTags', () => {
  it('puts the same bytes under a new tag; the registry reports the same digest', async () => {
    const client = new RegistryClient();
    const index = await client.getManifest(ref('team/app:index'));
    const target = withTag(ref('team/app'), 'put-1');
    expect(await client.headManifest(target)).toBeUndefined();
    expect(await client.putManifest(target, index)).toBe(index.digest);
    expect(await client.headManifest(target)).toEqual({ digest: index.digest, mediaType: OCI_INDEX });
    expect((await client.getManifest(target)).bytes.equals(index.bytes)).toBe(true);
    expect(await client.listTags(ref('team/app'))).toContain('put-1');
    expect(await registryTags(registry, 'team/app')).toContain('put-1');
  });

  it('heads by digest', async () => {
    const digest = pushed.docker?.digest ?? '';
    expect(await new RegistryClient().headManifest(withDigest(ref('team/app'), digest))).toEqual({
      digest,
      mediaType: DOCKER_MANIFEST,
    });
  });

  it('quotes the registry when it refuses a manifest', async () => {
    const client = new RegistryClient();
    const manifest = await client.getManifest(ref('team/app:oci'));
    // Into another repository, the manifest's blobs are unknown: the registry says so.
    const error = await registryFailure(client.putManifest(withTag(ref('team/other'), 'x'), manifest));
    expect([error.status, error.code]).toEqual([400, 'MANIFEST_BLOB_UNKNOWN']);
    expect(await registryTags(registry, 'team/other')).toEqual([]);
  });
});

describe('transport failures', () => {
  it('retries network errors, then fails naming the operation and the cause', async () => {
    const port = await freePort(); // nothing listens there: connection refused
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const error = await registryFailure(
      new RegistryClient({ fetch: counting, retries: 2, retryDelayMs: 1 }).getManifest(
        parseReference(`127.0.0.1:${port}/team/app:1`),
      ),
    );
    expect(error.status).toBeUndefined();
    expect(error.message).toContain(
      `resolve 127.0.0.1:${port}/team/app:1 failed (no response, fetch failed: ECONNREFUSED connect ECONNREFUSED`,
    );
    expect(calls).toBe(3);
  });

  it('gives up on a registry that never answers, at the deadline', async () => {
    // Accepts connections and says nothing.
    const silent = await listenOnLoopback(createServer(() => {}));
    try {
      const error = await registryFailure(
        new RegistryClient({ timeoutMs: 200, retries: 0 }).getManifest(parseReference(`${silent.host}/a:1`)),
      );
      expect(error.message).toContain('no answer within 200 ms');
    } finally {
      await silent.close();
    }
  });

  it('gives up on a manifest body that stalls, at the deadline', async () => {
    const stalling = await listenOnLoopback(
      createServer((_request, response) => {
        response.writeHead(200, { 'content-type': OCI_MANIFEST, 'content-length': '100' });
        response.write('{"schemaVersion":');
      }),
    );
    try {
      const error = await registryFailure(
        new RegistryClient({ timeoutMs: 300, retries: 0 }).getManifest(
          parseReference(`${stalling.host}/a:1`),
        ),
      );
      expect([error.status, error.message.includes('the manifest body was cut off')]).toEqual([200, true]);
    } finally {
      await stalling.close();
    }
  });

  it('retries 503 answers and succeeds when the registry recovers', async () => {
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1)
        return new Response('{"errors":[{"code":"UNAVAILABLE","message":"busy"}]}', { status: 503 });
      return fetch(input, init);
    };
    const manifest = await new RegistryClient({ fetch: flaky, retryDelayMs: 1 }).getManifest(
      ref('team/app:oci'),
    );
    expect([calls, manifest.digest]).toEqual([2, pushed.oci?.digest]);
  });

  it('gives up on a persistent 503 with the registry code', async () => {
    const down: typeof fetch = async () =>
      new Response('{"errors":[{"code":"UNAVAILABLE","message":"maintenance"}]}', { status: 503 });
    const error = await registryFailure(
      new RegistryClient({ fetch: down, retries: 1, retryDelayMs: 1 }).getManifest(ref('team/app:oci')),
    );
    expect([error.status, error.code]).toEqual([503, 'UNAVAILABLE']);
  });
});
