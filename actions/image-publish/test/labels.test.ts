// OCI labels: which repository URL, which version, and an RFC 3339 creation time from the injected clock.
import { describe, expect, it } from '@jest/globals';
import { ociLabels, sourceUrl } from '../src/labels.js';
import { contextFor, example } from './helpers/payloads.js';

const push = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false);
const context = contextFor('push', push, 'refs/heads/master', String(push.after));

describe('sourceUrl', () => {
  it("takes the payload's repository.html_url", () => {
    expect(sourceUrl(context, { GITHUB_REPOSITORY: 'other/repo' })).toBe(
      'https://github.com/Codertocat/Hello-World',
    );
  });

  it('falls back to GITHUB_SERVER_URL/GITHUB_REPOSITORY when the payload has no repository', () => {
    const bare = contextFor('schedule', {}, 'refs/heads/main', String(push.after));
    expect(
      sourceUrl(bare, { GITHUB_REPOSITORY: 'acme/shop', GITHUB_SERVER_URL: 'https://ghe.example.com' }),
    ).toBe('https://ghe.example.com/acme/shop');
    expect(sourceUrl(bare, { GITHUB_REPOSITORY: 'acme/shop' })).toBe('https://github.com/acme/shop');
    expect(sourceUrl(bare, {})).toBeUndefined();
  });
});

describe('ociLabels', () => {
  it('labels title, source, revision, version and created', () => {
    const labels = ociLabels({
      context,
      sourceUrl: 'https://github.com/Codertocat/Hello-World',
      version: '1.2.3',
      title: 'inventory',
      now: new Date(Date.UTC(2026, 10, 24, 1, 2, 3, 4)),
    });
    expect(labels).toEqual({
      'org.opencontainers.image.title': 'inventory',
      'org.opencontainers.image.source': 'https://github.com/Codertocat/Hello-World',
      'org.opencontainers.image.revision': '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      'org.opencontainers.image.version': '1.2.3',
      'org.opencontainers.image.created': '2026-11-24T01:02:03.004Z',
    });
  });

  it('leaves the source label out when the repository URL is unknown', () => {
    const labels = ociLabels({ context, sourceUrl: undefined, version: 'v', title: 't', now: new Date(0) });
    expect(Object.keys(labels)).not.toContain('org.opencontainers.image.source');
  });
});
