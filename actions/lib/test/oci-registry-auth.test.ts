// Authentication against real registries: distribution 2.8 with htpasswd (Basic) and with token auth
// (Bearer: a token service on loopback signs JWTs with an x5c certificate the registry trusts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  basicAuthorization,
  type PushedManifest,
  pushImage,
  registryTags,
  startRegistry,
  type TestRegistry,
} from '../../../scripts/lib/registry.js';
import { startTokenServer, type TokenServer, writeHtpasswd } from '../../test/helpers/registry-auth.js';
import { RegistryAuth } from '../oci-auth.js';
import { RegistryError } from '../oci-errors.js';
import { parseReference, withTag } from '../oci-reference.js';
import { RegistryClient } from '../oci-registry.js';
import { registryFailure } from './registry-failure.js';

const dir = mkdtempSync(join(tmpdir(), 'oci-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Basic (htpasswd)', () => {
  let registry: TestRegistry;
  let image: PushedManifest;
  const admin = basicAuthorization('alice', 'alice-secret');
  beforeAll(async () => {
    registry = await startRegistry({
      auth: { htpasswd: { path: writeHtpasswd(dir, { alice: 'alice-secret' }) } },
    });
    image = await pushImage(registry, 'team/app', '1.0', { authorization: admin });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('answers the Basic challenge with the credentials, then sends them up front', async () => {
    const requests: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      requests.push(`${init?.method} ${response.status}`);
      return response;
    };
    const secrets: string[] = [];
    const client = new RegistryClient({
      credentials: { username: 'alice', password: 'alice-secret' },
      fetch: recording,
      onSecret: (secret) => secrets.push(secret),
    });
    const manifest = await client.getManifest(parseReference(`${registry.host}/team/app:1.0`));
    expect(manifest.digest).toBe(image.digest);
    expect(
      await client.putManifest(withTag(parseReference(`${registry.host}/team/app`), '1'), manifest),
    ).toBe(image.digest);
    expect(requests).toEqual(['GET 401', 'GET 200', 'PUT 201']);
    expect(secrets).toContain(admin.slice('Basic '.length));
    expect(await registryTags(registry, 'team/app', admin)).toEqual(['1', '1.0']);
  });

  it('quotes UNAUTHORIZED for a wrong password', async () => {
    const error = await registryFailure(
      new RegistryClient({ credentials: { username: 'alice', password: 'wrong' } }).getManifest(
        parseReference(`${registry.host}/team/app:1.0`),
      ),
    );
    expect(error).toBeInstanceOf(RegistryError);
    expect([error.status, error.code]).toEqual([401, 'UNAUTHORIZED']);
    expect(error.message).toContain('registry-password');
  });

  it('asks for credentials when it has none', async () => {
    const error = await registryFailure(
      new RegistryClient().getManifest(parseReference(`${registry.host}/team/app:1.0`)),
    );
    expect([error.status, error.code]).toEqual([401, 'UNAUTHORIZED']);
    expect(error.message).toContain('Set registry-username and registry-password');
  });
});

describe('Bearer (token service)', () => {
  let tokens: TokenServer;
  let registry: TestRegistry;
  let image: PushedManifest;
  const bob = { username: 'bob', password: 'bob-secret' };
  beforeAll(async () => {
    tokens = await startTokenServer({
      dir,
      users: {
        bob: { password: bob.password, push: true },
        reader: { password: 'reader-secret', push: false },
      },
      anonymousPull: true,
    });
    registry = await startRegistry({ auth: { token: tokens } });
    const token = tokens.mint([{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }]);
    image = await pushImage(registry, 'team/app', '1.0', { authorization: `Bearer ${token}` });
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });
  const seen = () => tokens.requests.splice(0);

  it('gets pull then pull,push tokens from the realm with basic credentials, and caches them per scope', async () => {
    seen();
    const secrets: string[] = [];
    const client = new RegistryClient({ credentials: bob, onSecret: (secret) => secrets.push(secret) });
    const source = parseReference(`${registry.host}/team/app:1.0`);
    const manifest = await client.getManifest(source);
    expect(manifest.digest).toBe(image.digest);
    for (const tag of ['a', 'b']) {
      const target = withTag(source, tag);
      expect(await client.putManifest(target, manifest)).toBe(image.digest);
      expect((await client.headManifest(target))?.digest).toBe(image.digest);
    }
    expect(seen()).toEqual([
      { service: tokens.service, scopes: ['repository:team/app:pull'], user: 'bob', status: 200 },
      { service: tokens.service, scopes: ['repository:team/app:pull,push'], user: 'bob', status: 200 },
    ]);
    // Every token was handed to onSecret (for core.setSecret) before use.
    expect(secrets.filter((s) => s.split('.').length === 3)).toHaveLength(2);
    const token = tokens.mint([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    expect(await registryTags(registry, 'team/app', `Bearer ${token}`)).toEqual(['1.0', 'a', 'b']);
  });

  it('pulls anonymously when the token service allows it, and takes access_token', async () => {
    const anonymous = await startTokenServer({
      dir: mkdtempSync(join(dir, 'anon-')),
      users: {},
      field: 'access_token',
      anonymousPull: true,
    });
    const other = await startRegistry({ auth: { token: anonymous } });
    try {
      const token = anonymous.mint([{ type: 'repository', name: 'pub/app', actions: ['pull', 'push'] }]);
      const pushed = await pushImage(other, 'pub/app', 'v1', { authorization: `Bearer ${token}` });
      const manifest = await new RegistryClient().getManifest(parseReference(`${other.host}/pub/app:v1`));
      expect(manifest.digest).toBe(pushed.digest);
      expect(anonymous.requests.map((r) => [r.user, r.scopes])).toEqual([
        [undefined, ['repository:pub/app:pull']],
      ]);
    } finally {
      await other.stop();
      await anonymous.stop();
    }
  });

  it('reports the registry code when the token lacks push (insufficient_scope)', async () => {
    seen();
    const client = new RegistryClient({ credentials: { username: 'reader', password: 'reader-secret' } });
    const source = parseReference(`${registry.host}/team/app:1.0`);
    const manifest = await client.getManifest(source);
    const error = await registryFailure(client.putManifest(withTag(source, 'nope'), manifest));
    expect([error.status, error.code]).toEqual([401, 'UNAUTHORIZED']);
    // The registry lists the missing actions in Go map order.
    expect(error.message).toMatch(/not granted repository:team\/app:(pull,push|push,pull)/);
    expect(seen().map((r) => r.scopes[0])).toEqual([
      'repository:team/app:pull',
      'repository:team/app:pull,push',
    ]);
    expect(
      await new RegistryClient({ credentials: bob }).headManifest(withTag(source, 'nope')),
    ).toBeUndefined();
  });

  it("quotes the token service's refusal of a wrong password", async () => {
    const error = await registryFailure(
      new RegistryClient({ credentials: { username: 'bob', password: 'wrong' } }).getManifest(
        parseReference(`${registry.host}/team/app:1.0`),
      ),
    );
    expect(error.status).toBe(401);
    expect(error.message).toContain(`token request to ${tokens.realm}`);
    expect(error.message).toContain('incorrect username or password');
    expect(error.message).toContain('registry-username and registry-password');
  });

  it('fetches a new token shortly before the cached one expires', async () => {
    let now = 1_000_000;
    const auth = new RegistryAuth({ credentials: bob, now: () => now });
    const challenge = `Bearer realm="${tokens.realm}",service="${tokens.service}"`;
    const scope = 'repository:team/app:pull';
    seen();
    const first = await auth.respond(registry.host, challenge, scope, 'resolve');
    expect(await auth.authorization(registry.host, scope)).toBe(first);
    now += 269_000; // the service said expires_in 300; renewal starts at 90 % of it
    expect(await auth.authorization(registry.host, scope)).toBe(first);
    now += 2_000;
    expect(await auth.authorization(registry.host, scope)).not.toBe(first);
    expect(seen()).toHaveLength(2);
  });

  it('renews a cached token the registry rejects (invalid_token)', async () => {
    let tamper = false;
    const statuses: string[] = [];
    const tampering: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      const auth = headers.get('authorization');
      // Once: spoil the signature of the cached token, as a rotated signing key would.
      if (tamper && auth?.startsWith('Bearer ')) {
        headers.set('authorization', `${auth.slice(0, -4)}AAAA`);
        tamper = false;
      }
      const response = await fetch(input, { ...init, headers });
      statuses.push(`${String(input).includes('/token') ? 'token' : 'registry'} ${response.status}`);
      return response;
    };
    const client = new RegistryClient({ credentials: bob, fetch: tampering });
    const source = parseReference(`${registry.host}/team/app:1.0`);
    await client.getManifest(source);
    statuses.splice(0);
    tamper = true;
    expect((await client.getManifest(source)).digest).toBe(image.digest);
    expect(statuses).toEqual(['registry 401', 'token 200', 'registry 200']);
  });
});
