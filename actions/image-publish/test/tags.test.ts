// Tag computation from real webhook payloads (@octokit/webhooks-examples). Where an example's ref does not
// cover a case (no semver tag, no feature branch), the test adapts only `ref` and says so in the row.
import { describe, expect, it } from '@jest/globals';
import { computeTags, type EventContext, sanitizeTag, semverTags } from '../src/tags.js';
import { contextFor, example } from './helpers/payloads.js';

const pushBranch = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false);
const pushTag = example('push', (p) => p.ref === 'refs/tags/simple-tag' && p.deleted === false);
const pushDelete = example('push', (p) => p.deleted === true);
const prOpened = example('pull_request', (p) => p.action === 'opened');
const prSync = example('pull_request', (p) => p.action === 'synchronize');
const release = example('release', (p) => p.action === 'published');
const dispatch = example('workflow_dispatch');

const pushSha = String(pushBranch.after); // 6113728f…, GITHUB_SHA of a push is the payload's `after`
const prHead = String((prOpened.pull_request as { head: { sha: string } }).head.sha);
// The release example carries no commit SHA; GITHUB_SHA would be the tagged commit. Any full SHA will do.
const releaseSha = 'c0ffee0000000000000000000000000000000000';
const releaseTag = String((release.release as { tag_name: string }).tag_name);

const cases: [string, EventContext, string[], string][] = [
  [
    'push to the default branch',
    contextFor('push', pushBranch, 'refs/heads/master', pushSha),
    ['master', 'latest', 'sha-6113728'],
    'master',
  ],
  [
    'push to another branch (ref adapted)',
    contextFor('push', pushBranch, 'refs/heads/feature/x', pushSha),
    ['feature-x', 'sha-6113728'],
    'feature-x',
  ],
  [
    'push to a branch named latest (ref adapted)',
    contextFor('push', pushBranch, 'refs/heads/latest', pushSha),
    ['branch-latest', 'sha-6113728'],
    'branch-latest',
  ],
  [
    'push of a non-semver tag',
    contextFor('push', pushTag, 'refs/tags/simple-tag', pushSha),
    ['simple-tag', 'sha-6113728'],
    'simple-tag',
  ],
  [
    'push of tag v1.2.3 (ref adapted)',
    contextFor('push', pushTag, 'refs/tags/v1.2.3', pushSha),
    ['1.2.3', '1.2', '1', 'sha-6113728'],
    '1.2.3',
  ],
  [
    'push of tag v1.2.3-rc.1 (ref adapted)',
    contextFor('push', pushTag, 'refs/tags/v1.2.3-rc.1', pushSha),
    ['1.2.3-rc.1', 'sha-6113728'],
    '1.2.3-rc.1',
  ],
  [
    'pull request opened',
    contextFor('pull_request', prOpened, 'refs/pull/2/merge', prHead),
    ['pr-2', 'sha-ec26c3e'],
    'pr-2',
  ],
  [
    'pull request synchronize',
    contextFor('pull_request', prSync, 'refs/pull/2/merge', prHead),
    ['pr-2', 'sha-ec26c3e'],
    'pr-2',
  ],
  [
    'pull_request_target',
    contextFor('pull_request_target', prOpened, 'refs/heads/master', prHead),
    ['pr-2', 'sha-ec26c3e'],
    'pr-2',
  ],
  [
    'release published (tag 0.0.1)',
    contextFor('release', release, `refs/tags/${releaseTag}`, releaseSha),
    ['0.0.1', '0.0', '0', 'sha-c0ffee0'],
    '0.0.1',
  ],
  [
    'workflow_dispatch on the default branch',
    contextFor('workflow_dispatch', dispatch, String(dispatch.ref), pushSha),
    ['main', 'sha-6113728'],
    'main',
  ],
];

describe('computeTags', () => {
  it.each(cases)('%s', (_name, context, tags, version) => {
    expect(computeTags(context)).toEqual({ tags, version });
  });

  it('never tags latest outside a push to the default branch', () => {
    for (const [, context] of cases) {
      const isDefaultPush =
        context.eventName === 'push' &&
        context.ref === `refs/heads/${context.payload.repository?.default_branch}`;
      expect(computeTags(context).tags.includes('latest')).toBe(isDefaultPush);
    }
  });

  it('with immutableOnly keeps only the tags that name one build (ECR IMMUTABLE refuses to move the rest)', () => {
    const immutable = (context: EventContext) => computeTags(context, { immutableOnly: true }).tags;
    expect(immutable(contextFor('push', pushBranch, 'refs/heads/master', pushSha))).toEqual(['sha-6113728']);
    expect(immutable(contextFor('pull_request', prOpened, 'refs/pull/2/merge', prHead))).toEqual([
      `sha-${prHead.slice(0, 7)}`,
    ]);
    expect(immutable(contextFor('push', pushBranch, 'refs/tags/v1.2.3', pushSha))).toEqual([
      '1.2.3',
      'sha-6113728',
    ]);
    expect(immutable(contextFor('push', pushTag, 'refs/tags/simple-tag', pushSha))).toEqual([
      'simple-tag',
      'sha-6113728',
    ]);
  });

  it('refuses a push that deleted its ref', () => {
    expect(() => computeTags(contextFor('push', pushDelete, String(pushDelete.ref), pushSha))).toThrow(
      /deleted/,
    );
  });

  it('refuses a context without a full commit SHA', () => {
    expect(() => computeTags(contextFor('push', pushBranch, 'refs/heads/master', ''))).toThrow(/GITHUB_SHA/);
    expect(() => computeTags(contextFor('push', pushBranch, 'refs/heads/master', '6113728'))).toThrow(
      /GITHUB_SHA/,
    );
  });

  it('gives only the sha tag for an event without a branch or tag ref', () => {
    expect(computeTags(contextFor('schedule', {}, '', pushSha))).toEqual({
      tags: ['sha-6113728'],
      version: 'sha-6113728',
    });
  });
});

describe('sanitizeTag', () => {
  it.each([
    ['feature/x', 'feature-x'],
    ['dependabot/npm_and_yarn/semver-7.8.6', 'dependabot-npm_and_yarn-semver-7.8.6'],
    ['.hidden', 'hidden'],
    ['-dash', 'dash'],
    ['Fix/Ünïcode branch', 'Fix--n-code-branch'],
  ])('%s', (name, tag) => {
    expect(sanitizeTag(name)).toBe(tag);
  });

  it("cuts a long name to Docker's 128 characters", () => {
    expect(sanitizeTag(`feature/${'a'.repeat(200)}`)).toBe(`feature-${'a'.repeat(120)}`);
  });

  it('refuses a name with nothing valid left', () => {
    expect(() => sanitizeTag('...')).toThrow(/cannot be made into a Docker tag/);
  });
});

describe('semverTags', () => {
  it.each([
    ['v1.2.3', ['1.2.3', '1.2', '1']],
    ['1.2.3', ['1.2.3', '1.2', '1']],
    ['v0.4.0', ['0.4.0', '0.4', '0']],
    ['v2.0.0-rc.1', ['2.0.0-rc.1']],
    ['v1.2.3+build.5', ['1.2.3_build.5']],
    ['v1.2', null],
    ['release-1', null],
    ['version1.2.3', null],
  ])('%s', (name, tags) => {
    expect(semverTags(name)).toEqual(tags);
  });
});
