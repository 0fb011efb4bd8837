import { describe, expect, it } from '@jest/globals';
import { readSession } from '../src/credentials.js';
import { isRetryableStsError, StsError, stsErrorCode } from '../src/sts.js';

/** Errors shaped as @aws-sdk/client-sts throws them (see login.test.ts for the real ones). */
const stsError = (Code: string, httpStatusCode: number) => ({
  name: Code,
  Code,
  message: 'm',
  $metadata: { httpStatusCode },
});

describe('isRetryableStsError', () => {
  it.each([
    stsError('Throttling', 400),
    stsError('ThrottlingException', 400),
    stsError('RequestLimitExceeded', 503),
    stsError('IDPCommunicationError', 400),
    stsError('InternalFailure', 500),
    stsError('Unknown', 502),
    { name: 'TimeoutError', code: 'ECONNRESET', $metadata: { attempts: 1 } },
  ])('retries %p', (error) => {
    expect(isRetryableStsError(error)).toBe(true);
  });

  it.each([
    stsError('InvalidIdentityToken', 400),
    stsError('AccessDenied', 403),
    stsError('ExpiredTokenException', 400),
    stsError('MalformedPolicyDocument', 400),
    stsError('IDPRejectedClaim', 403),
    stsError('ValidationError', 400),
    new TypeError('a bug, not the network'),
  ])('does not retry %p', (error) => {
    expect(isRetryableStsError(error)).toBe(false);
  });

  it("reads STS's code, not the SDK's class name", () => {
    expect(stsErrorCode({ name: 'InvalidIdentityTokenException', Code: 'InvalidIdentityToken' })).toBe(
      'InvalidIdentityToken',
    );
    expect(stsErrorCode({ name: 'Error', code: 'ECONNREFUSED' })).toBe('ECONNREFUSED');
  });

  it('builds a message with the code, status, STS message and what to check', () => {
    const error = new StsError('AccessDenied', 403, 1, 'Not authorized', 'arn:aws:iam::123456789012:role/r');
    expect(error.message).toMatch(/AccessDenied \(HTTP 403\): Not authorized\. To fix: .*trust policy/);
  });
});

describe('readSession', () => {
  const complete = {
    $metadata: {},
    Credentials: { AccessKeyId: 'ASIAX', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(0) },
    AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/r/s', AssumedRoleId: 'AROAX:s' },
  };

  it('reads the account from the assumed-role ARN and the expiry as ISO 8601', () => {
    expect(readSession(complete)).toMatchObject({
      accountId: '123456789012',
      expiration: '1970-01-01T00:00:00.000Z',
    });
  });

  it.each([
    ['no Credentials', { ...complete, Credentials: undefined }],
    ['no SessionToken', { ...complete, Credentials: { ...complete.Credentials, SessionToken: undefined } }],
    ['no AssumedRoleUser', { ...complete, AssumedRoleUser: undefined }],
  ])('refuses an answer with %s', (_name, output) => {
    expect(() => readSession(output)).toThrow('without complete Credentials');
  });
});
