// The image input's grammar and the registry each name logs in to.
import { describe, expect, it } from '@jest/globals';
import { hasAwsCredentials } from '../src/ecr.js';
import { parseEcrHost, parseImage } from '../src/repository.js';

describe('parseImage', () => {
  it.each([
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/inventory',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      'inventory',
    ],
    ['docker.io/org/app', 'docker.io', 'app'],
    ['org/app', 'docker.io', 'app'],
    ['app', 'docker.io', 'app'],
    ['127.0.0.1:5000/app', '127.0.0.1:5000', 'app'],
    ['localhost:5000/a/b__c/d-e.f', 'localhost:5000', 'd-e.f'],
    ['ghcr.io/acme/platform/pricing', 'ghcr.io', 'pricing'],
  ])('%s logs in to %s, title %s', (name, registry, basename) => {
    expect(parseImage(name)).toEqual({ name, registry, basename });
  });

  it.each([
    'Org/App',
    'docker.io/org/app:1.0',
    `org/app@sha256:${'a'.repeat(64)}`,
    'bad_host.example.com:5000/app',
    'org//app',
    'ghcr.io/',
    'app--',
  ])('rejects %s with a reason', (name) => {
    expect(parseImage(name)).toEqual(expect.any(String));
  });
});

describe('parseEcrHost', () => {
  it.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', { accountId: '123456789012', region: 'eu-west-1' }],
    [
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-gov-west-1' },
    ],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', { accountId: '123456789012', region: 'cn-north-1' }],
    ['public.ecr.aws', undefined],
    ['12345.dkr.ecr.eu-west-1.amazonaws.com', undefined],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example', undefined],
    ['docker.io', undefined],
  ])('%s', (host, expected) => {
    expect(parseEcrHost(host)).toEqual(expected);
  });
});

describe('hasAwsCredentials', () => {
  it.each([
    [{ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' }, true],
    [{ AWS_ACCESS_KEY_ID: 'AKID' }, false],
    [{ AWS_ROLE_ARN: 'arn:aws:iam::1:role/x', AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token' }, true],
    [{ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials' }, true],
    [{ AWS_PROFILE: 'ci' }, true],
    [{}, false],
  ])('%j → %s', (env, expected) => {
    expect(hasAwsCredentials(env)).toBe(expected);
  });
});
