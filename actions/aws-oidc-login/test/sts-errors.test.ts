import { describe, expect, it } from '@jest/globals';
import { readSession } from '../src/credentials.js';
import { backoffDelay, withRetries } from '../src/retry.js';
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

describe('backoffDelay', () => {
  const backoff = { baseMs: 1000, maxMs: 15_000 };
  it('doubles, keeps at least half of each step, and caps', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { ...backoff, random: () => 0 }))).toEqual([
      500, 1000, 2000, 4000, 7500, 7500,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { ...backoff, random: () => 0.999999 }))).toEqual([
      1000, 2000, 4000, 8000, 15_000, 15_000,
    ]);
  });
});

describe('withRetries', () => {
  const options = (retries: number, sleeps: number[]) => ({
    retries,
    isRetryable: (error: unknown) => (error as Error).message === 'again',
    backoff: { baseMs: 100, maxMs: 1000, random: () => 0, sleep: async (ms: number) => void sleeps.push(ms) },
  });

  it('calls until success', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw new Error('again');
        return 'ok';
      },
      options(5, sleeps),
    );
    expect([result, calls, sleeps]).toEqual(['ok', 3, [50, 100]]);
  });

  it('stops after retries + 1 calls with the last error', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new Error('again');
        },
        options(2, sleeps),
      ),
    ).rejects.toThrow('again');
    expect([calls, sleeps.length]).toEqual([3, 2]);
  });

  it('stops at once on an error that is not retryable', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new Error('final');
        },
        options(5, sleeps),
      ),
    ).rejects.toThrow('final');
    expect([calls, sleeps.length]).toEqual([1, 0]);
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
