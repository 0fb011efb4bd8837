import { afterEach, describe, expect, it } from '@jest/globals';
import { InputError } from '../../lib/inputs.js';
import { accountIdOf, parseRoleArn } from '../src/arn.js';
import { readSettings } from '../src/inputs.js';
import { defaultSessionName, SESSION_NAME } from '../src/session-name.js';
import { type InProcessRun, prepareRun } from './runner.js';

describe('parseRoleArn', () => {
  it.each([
    [
      'arn:aws:iam::123456789012:role/deploy',
      { partition: 'aws', accountId: '123456789012', path: '', name: 'deploy' },
    ],
    [
      'arn:aws:iam::123456789012:role/ci/gh/deploy',
      { partition: 'aws', accountId: '123456789012', path: 'ci/gh', name: 'deploy' },
    ],
    [
      'arn:aws-cn:iam::123456789012:role/a.b@c=d,e+f-g_h',
      { partition: 'aws-cn', accountId: '123456789012', path: '', name: 'a.b@c=d,e+f-g_h' },
    ],
    [
      'arn:aws-us-gov:iam::000000000000:role/x',
      { partition: 'aws-us-gov', accountId: '000000000000', path: '', name: 'x' },
    ],
    [
      'arn:aws-iso-b:iam::123456789012:role/x',
      { partition: 'aws-iso-b', accountId: '123456789012', path: '', name: 'x' },
    ],
  ])('parses %s', (arn, expected) => {
    expect(parseRoleArn(arn)).toEqual(expected);
  });

  it.each([
    'arn:aws:iam::12345678901:role/deploy', // 11 digits
    'arn:aws:iam::1234567890123:role/deploy', // 13 digits
    'arn:aws:iam:eu-west-1:123456789012:role/deploy', // IAM has no region
    'arn:aws:iam::123456789012:user/deploy',
    'arn:aws:sts::123456789012:assumed-role/deploy/session',
    'arn:aws:iam::123456789012:role/',
    'arn:aws:iam::123456789012:role/has space',
    `arn:aws:iam::123456789012:role/${'x'.repeat(65)}`,
    'arn:azure:iam::123456789012:role/deploy',
    ' arn:aws:iam::123456789012:role/deploy',
    'deploy',
    '',
  ])('rejects %p', (arn) => {
    expect(parseRoleArn(arn)).toBeUndefined();
  });
});

describe('accountIdOf', () => {
  it('reads the account of an assumed-role ARN', () => {
    expect(accountIdOf('arn:aws:sts::123456789012:assumed-role/deploy/session')).toBe('123456789012');
    expect(accountIdOf('arn:aws-cn:sts::210987654321:assumed-role/r/s')).toBe('210987654321');
  });
  it('is undefined without an account', () => {
    expect(accountIdOf('arn:aws:s3:::bucket')).toBeUndefined();
    expect(accountIdOf('nonsense')).toBeUndefined();
  });
});

describe('defaultSessionName', () => {
  it('joins repository, run id and attempt', () => {
    expect(
      defaultSessionName({
        GITHUB_REPOSITORY: 'octo-org/app',
        GITHUB_RUN_ID: '12345678901',
        GITHUB_RUN_ATTEMPT: '3',
      }),
    ).toBe('octo-org-app-12345678901-3');
  });

  it('replaces what STS rejects and keeps what it accepts', () => {
    expect(defaultSessionName({ GITHUB_REPOSITORY: 'my org/app (β)#1', GITHUB_RUN_ID: '7' })).toBe(
      'my-org-app-----1-7',
    );
    expect(defaultSessionName({ GITHUB_REPOSITORY: 'o/a.b_c@d=e,f+g' })).toBe('o-a.b_c@d=e,f+g');
  });

  it('cuts the repository, never the run id and attempt, to stay within 64 characters', () => {
    const name = defaultSessionName({
      GITHUB_REPOSITORY: `octo-org/${'a'.repeat(100)}`,
      GITHUB_RUN_ID: '12345678901',
      GITHUB_RUN_ATTEMPT: '12',
    });
    expect(name).toHaveLength(64);
    expect(name.endsWith('-12345678901-12')).toBe(true);
    expect(name.startsWith('octo-org-aaa')).toBe(true);
  });

  it('falls back to a fixed name outside Actions', () => {
    expect(defaultSessionName({})).toBe('GitHubActions');
    expect(defaultSessionName({ GITHUB_REPOSITORY: 'x' })).toBe('GitHubActions');
  });

  it.each([
    {},
    { GITHUB_REPOSITORY: 'a/b' },
    { GITHUB_RUN_ID: '1' },
    { GITHUB_REPOSITORY: '€€€/€€€', GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '1' },
    { GITHUB_REPOSITORY: 'o/'.repeat(80), GITHUB_RUN_ID: '9'.repeat(80), GITHUB_RUN_ATTEMPT: '1' },
  ])('always satisfies STS (%p)', (env) => {
    expect(defaultSessionName(env)).toMatch(SESSION_NAME);
  });
});

describe('readSettings', () => {
  let step: InProcessRun | undefined;
  afterEach(() => step?.restore());
  const read = (inputs: Record<string, string>, env: Record<string, string> = {}) => {
    step = prepareRun(inputs, env);
    return readSettings();
  };
  const required = { 'role-arn': 'arn:aws:iam::123456789012:role/deploy', 'aws-region': 'eu-west-1' };

  it('applies the documented defaults', () => {
    expect(read(required, { GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5', GITHUB_RUN_ATTEMPT: '1' })).toEqual(
      {
        roleArn: 'arn:aws:iam::123456789012:role/deploy',
        role: { partition: 'aws', accountId: '123456789012', path: '', name: 'deploy' },
        region: 'eu-west-1',
        audience: 'sts.amazonaws.com',
        roleSessionName: 'o-r-5-1',
        durationSeconds: 3600,
        stsEndpoint: undefined,
        retries: 3,
      },
    );
  });

  it('reads every input', () => {
    expect(
      read({
        ...required,
        'aws-region': 'us-gov-west-1',
        audience: 'https://github.com/octo-org',
        'role-session-name': 'deploy-42',
        'duration-seconds': '43200',
        'sts-endpoint': 'https://sts.us-gov-west-1.amazonaws.com',
        retries: '0',
      }),
    ).toMatchObject({
      region: 'us-gov-west-1',
      audience: 'https://github.com/octo-org',
      roleSessionName: 'deploy-42',
      durationSeconds: 43200,
      stsEndpoint: 'https://sts.us-gov-west-1.amazonaws.com',
      retries: 0,
    });
  });

  it.each(['us-east-1', 'cn-north-1', 'us-isob-east-1', 'eusc-de-east-1', 'ap-southeast-4', 'il-central-1'])(
    'accepts region %s',
    (region) => {
      expect(read({ ...required, 'aws-region': region }).region).toBe(region);
    },
  );

  // The OIDC token is posted to sts-endpoint: it must never cross a network in clear, nor carry
  // credentials, nor have a query or fragment merged silently into STS's form POST.
  it.each([
    'http://sts.example.com',
    'http://sts.eu-west-1.amazonaws.com',
    'http://10.0.0.5:4566',
    'http://127.0.0.1.nip.io',
    'https://user:secret@sts.eu-west-1.amazonaws.com',
    'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity',
    'https://sts.eu-west-1.amazonaws.com/#top',
    'https://sts.eu-west-1.amazonaws.com?',
    'ws://127.0.0.1:4566',
  ])('refuses sts-endpoint %s', (endpoint) => {
    expect(() => read({ ...required, 'sts-endpoint': endpoint })).toThrow(
      /Invalid input 'sts-endpoint': expected an https:\/\/ URL/,
    );
  });

  it('never echoes the credentials of an sts-endpoint', () => {
    expect(() => read({ ...required, 'sts-endpoint': 'https://user:secret@sts.example.com' })).toThrow(
      /redacted/,
    );
    expect(() => read({ ...required, 'sts-endpoint': 'https://user:secret@sts.example.com' })).not.toThrow(
      /secret@/,
    );
  });

  it.each([
    'https://sts.eu-west-1.amazonaws.com',
    'https://vpce-0123-abcd.sts.eu-west-1.vpce.amazonaws.com/',
    'http://127.0.0.1:4566',
    'http://localhost:8080',
    'http://[::1]:9000/',
  ])('accepts sts-endpoint %s (https, or http on loopback)', (endpoint) => {
    expect(read({ ...required, 'sts-endpoint': endpoint }).stsEndpoint).toBe(endpoint);
  });

  it.each<[string, Record<string, string>]>([
    ['role-arn', { 'role-arn': '' }],
    ['role-arn', { 'role-arn': 'arn:aws:iam::123456789012:policy/deploy' }],
    ['aws-region', { 'aws-region': '' }],
    ['aws-region', { 'aws-region': 'US-EAST-1' }],
    ['aws-region', { 'aws-region': 'us-east-1a' }],
    ['aws-region', { 'aws-region': 'global' }],
    ['audience', { audience: 'two words' }],
    ['role-session-name', { 'role-session-name': 'x' }],
    ['role-session-name', { 'role-session-name': 'y'.repeat(65) }],
    ['role-session-name', { 'role-session-name': 'a/b' }],
    ['duration-seconds', { 'duration-seconds': '899' }],
    ['duration-seconds', { 'duration-seconds': '43201' }],
    ['duration-seconds', { 'duration-seconds': '1h' }],
    ['sts-endpoint', { 'sts-endpoint': 'ftp://sts.example.com' }],
    ['sts-endpoint', { 'sts-endpoint': 'not a url' }],
    ['retries', { retries: '11' }],
    ['retries', { retries: '-1' }],
  ])('rejects a bad %s, naming it', (input, inputs) => {
    expect(() => read({ ...required, ...inputs })).toThrow(InputError);
    expect(() => read({ ...required, ...inputs })).toThrow(`'${input}'`);
  });
});
