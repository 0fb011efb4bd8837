// A registry that redirects a write: fetch cannot replay the body it already sent (it failed with
// "Cannot perform ArrayBuffer.prototype.slice on a detached ArrayBuffer"), and the client retried that
// as a network error. A write is never followed across a redirect: refused at once, saying so.
import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { nodeFetch } from '../../image-promote/src/node-fetch.js';
import { type LoopbackServer, listenOnLoopback } from '../../test/helpers/loopback-server.js';
import { parseReference } from '../oci-reference.js';
import { digestOf, OCI_MANIFEST, RegistryClient } from '../oci-registry.js';

const bytes = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
const manifest = { digest: digestOf(bytes), mediaType: OCI_MANIFEST, bytes };
let elsewhere: LoopbackServer;
let registry: LoopbackServer;
const seen: { server: string; method: string; url: string }[] = [];

const record = (server: string) => (req: IncomingMessage, res: import('node:http').ServerResponse) => {
  seen.push({ server, method: req.method ?? '', url: req.url ?? '' });
  req.resume();
  req.on('end', () => {
    if (server === 'registry' && req.method === 'PUT') {
      res.writeHead(307, { location: `${elsewhere.url}${req.url}` });
    } else {
      res.writeHead(201, { 'docker-content-digest': manifest.digest });
    }
    res.end();
  });
};

beforeAll(async () => {
  elsewhere = await listenOnLoopback(createServer(record('elsewhere')));
  registry = await listenOnLoopback(createServer(record('registry')));
});
afterAll(async () => {
  await Promise.all([elsewhere.close(), registry.close()]);
});

describe.each([
  ['Node fetch', undefined],
  ['nodeFetch (image-promote)', nodeFetch as typeof fetch],
])('a redirected manifest PUT, with %s', (_name, fetchImpl) => {
  it('is refused at once, naming the redirect, and never re-sent anywhere', async () => {
    seen.length = 0;
    const client = new RegistryClient({
      retries: 2,
      retryDelayMs: 1,
      ...(fetchImpl && { fetch: fetchImpl }),
    });
    const target = parseReference(`${registry.host}/team/app:1.0`);
    const failure = await client.putManifest(target, manifest).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/redirect/i);
    expect(failure?.message).toContain(`${elsewhere.url}/v2/team/app/manifests/1.0`);
    expect(failure?.message).not.toMatch(/ArrayBuffer/);
    expect(seen).toEqual([{ server: 'registry', method: 'PUT', url: '/v2/team/app/manifests/1.0' }]);
  });
});
