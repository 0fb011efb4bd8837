import { describe, expect, it } from '@jest/globals';
import {
  formatReference,
  InvalidReferenceError,
  isLoopbackRegistry,
  isValidTag,
  manifestReference,
  parseReference,
  parseRepository,
  registryBaseUrl,
  withDigest,
  withTag,
} from '../oci-reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it.each([
    ['alpine', { registry: 'registry-1.docker.io', domain: 'docker.io', repository: 'library/alpine' }],
    ['alpine:3.20', { registry: 'registry-1.docker.io', repository: 'library/alpine', tag: '3.20' }],
    ['team/app:1.0', { registry: 'registry-1.docker.io', repository: 'team/app', tag: '1.0' }],
    ['docker.io/team/app', { registry: 'registry-1.docker.io', domain: 'docker.io', repository: 'team/app' }],
    ['index.docker.io/alpine', { registry: 'registry-1.docker.io', repository: 'library/alpine' }],
    ['registry-1.docker.io/x/y:z', { registry: 'registry-1.docker.io', repository: 'x/y', tag: 'z' }],
    [
      'ghcr.io/acme/inventory:sha-1a2b3c4',
      { registry: 'ghcr.io', domain: 'ghcr.io', repository: 'acme/inventory' },
    ],
    ['127.0.0.1:5000/team/app:v1', { registry: '127.0.0.1:5000', repository: 'team/app', tag: 'v1' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/a/b/c', { registry: 'localhost:5000', repository: 'a/b/c' }],
    ['[::1]:5000/app:1', { registry: '[::1]:5000', repository: 'app', tag: '1' }],
    ['Registry/app', { registry: 'Registry', repository: 'app' }],
    [
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/inventory@${DIGEST}`,
      { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', repository: 'inventory', digest: DIGEST },
    ],
    [`h.io/a_b/c.d/e__f/g-h--i:t@${DIGEST}`, { repository: 'a_b/c.d/e__f/g-h--i', tag: 't', digest: DIGEST }],
  ])('%s', (text, expected) => {
    expect(parseReference(text)).toMatchObject(expected);
  });

  it('omits tag and digest when absent, so a reference compares by value', () => {
    expect(parseReference('ghcr.io/a/b')).toEqual({
      registry: 'ghcr.io',
      domain: 'ghcr.io',
      repository: 'a/b',
    });
  });

  it.each([
    ['', 'without spaces'],
    [' alpine', 'without spaces'],
    ['ghcr.io/App/x', "path component 'App'"],
    ['ghcr.io/a/b:', "tag ''"],
    ['ghcr.io/a/b:-x', "tag '-x'"],
    [`ghcr.io/a/b:${'t'.repeat(129)}`, 'tag'],
    ['ghcr.io/a/b@sha256:abc', '64 lowercase hex'],
    [`ghcr.io/a/b@sha256:${'A'.repeat(64)}`, '64 lowercase hex'],
    [`ghcr.io/a/b@md5:${'a'.repeat(32)}`, 'sha256: or sha512:'],
    ['ghcr.io/', 'repository path is empty'],
    ['ghcr.io/a//b', "path component ''"],
    ['ghcr.io/a-/b', "path component 'a-'"],
    ['-bad.io/a', "'-bad.io' is not a valid registry host"],
    ['host.io:port/a', "'host.io:port' is not a valid registry host"],
    [`h.io/${'a'.repeat(260)}`, 'longer than 255'],
  ])('rejects %j (%s)', (text, reason) => {
    let error: unknown;
    try {
      parseReference(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidReferenceError);
    expect((error as InvalidReferenceError).reason).toContain(reason);
  });

  it('accepts sha512 digests', () => {
    expect(parseReference(`h.io/a@sha512:${'b'.repeat(128)}`).digest).toBe(`sha512:${'b'.repeat(128)}`);
  });
});

describe('helpers', () => {
  const ref = parseReference('alpine:3.20');

  it('formats canonically and round-trips', () => {
    expect(formatReference(ref)).toBe('docker.io/library/alpine:3.20');
    expect(parseReference(formatReference(ref))).toEqual(ref);
    expect(formatReference(parseReference(`127.0.0.1:5000/a:t@${DIGEST}`))).toBe(
      `127.0.0.1:5000/a:t@${DIGEST}`,
    );
  });

  it('swaps tag or digest and picks what a manifest request asks for', () => {
    expect(withTag(parseReference(`h.io/a@${DIGEST}`), 'v2')).toEqual(parseReference('h.io/a:v2'));
    expect(withDigest(ref, DIGEST)).toEqual(parseReference(`alpine@${DIGEST}`));
    expect(manifestReference(parseReference(`h.io/a:t@${DIGEST}`))).toBe(DIGEST);
    expect(manifestReference(ref)).toBe('3.20');
    expect(() => manifestReference(parseReference('h.io/a'))).toThrow(InvalidReferenceError);
  });

  it('parses repositories without tag or digest only', () => {
    expect(parseRepository('ghcr.io/a/b').repository).toBe('a/b');
    expect(() => parseRepository('ghcr.io/a/b:1')).toThrow('without :tag or @digest');
  });

  it.each([
    ['localhost', true],
    ['localhost:5000', true],
    ['127.0.0.1:5000', true],
    ['127.255.3.4', true],
    ['[::1]:5000', true],
    ['[::1]', true],
    ['127.0.0.1.nip.io', false],
    ['128.0.0.1:5000', false],
    ['127.0.0.256', false],
    ['ghcr.io', false],
    ['[::2]:5000', false],
  ])('%s is loopback: %s', (registry, loopback) => {
    expect(isLoopbackRegistry(registry)).toBe(loopback);
    expect(registryBaseUrl(registry)).toBe(`${loopback ? 'http' : 'https'}://${registry}`);
  });

  it.each([
    ['1.4.2', true],
    ['sha-1a2b3c4', true],
    ['_x', true],
    ['A_b-C.1', true],
    ['t'.repeat(128), true],
    ['t'.repeat(129), false],
    ['.x', false],
    ['-x', false],
    ['a/b', false],
    ['a:b', false],
    ['', false],
  ])('tag %j valid: %s', (tag, valid) => {
    expect(isValidTag(tag)).toBe(valid);
  });
});
