import { describe, expect, it } from '@jest/globals';
import { readSession } from '../src/credentials.js';
import { NetworkError } from '../src/http.js';
import { isRetryableStsError, regionalEndpoint, StsCallError, StsError, stsErrorCode } from '../src/sts.js';
import { decodeXmlText, xmlLeaf } from '../src/xml.js';

/** Errors as callSts throws them (see login.test.ts for the real ones, from the STS stand-in). */
const stsError = (code: string, status: number) => new StsCallError(code, status, 'm');

describe('isRetryableStsError', () => {
  it.each([
    stsError('Throttling', 400),
    stsError('ThrottlingException', 400),
    stsError('RequestLimitExceeded', 503),
    stsError('IDPCommunicationError', 400),
    stsError('InternalFailure', 500),
    stsError('HttpError', 502),
    new NetworkError('ECONNRESET', 'socket hang up'),
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

  it("reads STS's code, and Node's for a call without an answer", () => {
    expect(stsErrorCode(stsError('InvalidIdentityToken', 400))).toBe('InvalidIdentityToken');
    expect(stsErrorCode(new NetworkError('ECONNREFUSED', 'refused'))).toBe('ECONNREFUSED');
  });

  it('builds a message with the code, status, STS message and what to check', () => {
    const error = new StsError('AccessDenied', 403, 1, 'Not authorized', 'arn:aws:iam::123456789012:role/r');
    expect(error.message).toMatch(/AccessDenied \(HTTP 403\): Not authorized\. To fix: .*trust policy/);
  });
});

describe('regionalEndpoint', () => {
  it.each([
    ['eu-west-1', 'https://sts.eu-west-1.amazonaws.com/'],
    ['us-gov-west-1', 'https://sts.us-gov-west-1.amazonaws.com/'],
    ['cn-north-1', 'https://sts.cn-north-1.amazonaws.com.cn/'],
    ['us-iso-east-1', 'https://sts.us-iso-east-1.c2s.ic.gov/'],
    ['us-isob-east-1', 'https://sts.us-isob-east-1.sc2s.sgov.gov/'],
    ['eusc-de-east-1', 'https://sts.eusc-de-east-1.amazonaws.eu/'],
  ])('%s -> %s', (region, url) => {
    expect(regionalEndpoint(region).href).toBe(url);
  });
});

describe('xmlLeaf', () => {
  const doc = `<?xml version="1.0"?>
<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>repo:o/r:ref:refs/heads/a&amp;b&#x3c;&#60;</SubjectFromWebIdentityToken>
    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>
    <Credentials><sts:SessionToken xmlns:sts="x"><![CDATA[a<b]]>c</sts:SessionToken></Credentials>
  </AssumeRoleWithWebIdentityResult>
</AssumeRoleWithWebIdentityResponse>`;

  it('reads a leaf, decoding entities and character references', () => {
    expect(xmlLeaf(doc, 'SubjectFromWebIdentityToken')).toBe('repo:o/r:ref:refs/heads/a&b<<');
    expect(xmlLeaf(doc, 'Arn')).toBe('arn:aws:sts::123456789012:assumed-role/r/s');
  });

  it('unwraps CDATA and accepts a namespace prefix', () => {
    expect(xmlLeaf(doc, 'SessionToken')).toBe('a<bc');
  });

  it('is undefined for an absent element or one with children', () => {
    expect(xmlLeaf(doc, 'Expiration')).toBeUndefined();
    expect(xmlLeaf(doc, 'Credentials')).toBeUndefined();
  });

  it('leaves unknown entities and impossible references as they are', () => {
    expect(decodeXmlText('&nbsp; &#x110000; &#9;')).toBe('&nbsp; &#x110000; \t');
  });
});

describe('readSession', () => {
  const complete = {
    accessKeyId: 'ASIAX',
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: '1970-01-01T00:00:00Z',
    assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/r/s',
    subject: 'repo:o/r:ref:refs/heads/main',
  };

  it('reads the account from the assumed-role ARN and the expiry as ISO 8601', () => {
    expect(readSession(complete)).toMatchObject({
      accountId: '123456789012',
      expiration: '1970-01-01T00:00:00.000Z',
    });
  });

  it.each([
    ['no access key', { ...complete, accessKeyId: undefined }],
    ['no SessionToken', { ...complete, sessionToken: undefined }],
    ['no AssumedRoleUser', { ...complete, assumedRoleArn: undefined }],
    ['an expiry that is not a date', { ...complete, expiration: 'soon' }],
  ])('refuses an answer with %s', (_name, output) => {
    expect(() => readSession(output)).toThrow('without complete Credentials');
  });
});
