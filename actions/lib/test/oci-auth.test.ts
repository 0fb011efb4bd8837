import { describe, expect, it } from '@jest/globals';
import { parseChallenges, RegistryAuth, repositoryScope } from '../oci-auth.js';
import { registryFailure } from './registry-failure.js';

describe('parseChallenges', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/alpine:pull',
          },
        },
      ],
    ],
    [
      // GHCR and distribution put pull,push inside the quotes; the comma must not split the parameter.
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull,push",error="insufficient_scope"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://ghcr.io/token',
            service: 'ghcr.io',
            scope: 'repository:a/b:pull,push',
            error: 'insufficient_scope',
          },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    ['basic', [{ scheme: 'basic', params: {} }]],
    ['BASIC Realm=unquoted', [{ scheme: 'basic', params: { realm: 'unquoted' } }]],
    [
      'Bearer realm = "x" , service = "a \\"quoted\\" b"',
      [{ scheme: 'bearer', params: { realm: 'x', service: 'a "quoted" b' } }],
    ],
    [
      'Basic realm="a", Bearer realm="https://t/token",service="s"',
      [
        { scheme: 'basic', params: { realm: 'a' } },
        { scheme: 'bearer', params: { realm: 'https://t/token', service: 's' } },
      ],
    ],
    ['', []],
  ])('%s', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });
});

describe('repositoryScope', () => {
  it('asks for pull to read and pull,push to tag', () => {
    expect(repositoryScope('team/app', 'pull')).toBe('repository:team/app:pull');
    expect(repositoryScope('team/app', 'pull,push')).toBe('repository:team/app:pull,push');
  });
});

describe('RegistryAuth refuses to send credentials where they could leak', () => {
  const neverCalled: typeof fetch = async () => {
    throw new Error('no request may be sent');
  };
  const auth = () => new RegistryAuth({ credentials: { username: 'u', password: 'p' }, fetch: neverCalled });

  it.each([
    ['Bearer realm="http://auth.example.com/token",service="s"', 'is not HTTPS'],
    ['Bearer realm="not a url",service="s"', 'is not a URL'],
  ])('%s', async (header, message) => {
    const error = await registryFailure(
      auth().respond('registry.example.com', header, 'repository:a:pull', 'resolve registry.example.com/a:1'),
    );
    expect(error.message).toContain(message);
  });

  it('fails on a 401 without a challenge it understands', async () => {
    const error = await registryFailure(
      auth().respond('r.example.com', 'Negotiate', 'repository:a:pull', 'resolve'),
    );
    expect([error.status, error.message.includes("'Negotiate'")]).toEqual([401, true]);
  });

  it('answers Basic with the credentials and hands the value to onSecret', async () => {
    const secrets: string[] = [];
    const basic = new RegistryAuth({
      credentials: { username: 'u', password: 'p' },
      onSecret: (s) => secrets.push(s),
    });
    const header = await basic.respond('r.example.com', 'Basic realm="r"', 'repository:a:pull', 'resolve');
    expect(header).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(secrets).toEqual([Buffer.from('u:p').toString('base64')]);
    expect(await basic.authorization('r.example.com', 'repository:b:pull,push')).toBe(header);
  });
});
