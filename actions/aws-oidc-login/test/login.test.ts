// run() against two stand-ins on 127.0.0.1: GitHub's OIDC token endpoint and STS's Query API.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type Deps, defaultDeps, run } from '../src/main.js';
import { type OidcTokenEndpoint, startOidcTokenEndpoint } from '../test-support/oidc-token-endpoint.js';
import { type ForcedReply, type StsQueryApi, startStsQueryApi } from '../test-support/sts-query-api.js';
import { type InProcessRun, prepareRun } from './runner.js';

const ROLE = 'arn:aws:iam::123456789012:role/ci/deploy';
let oidc: OidcTokenEndpoint;
let sts: StsQueryApi;
let step: InProcessRun | undefined;
let sleeps: number[];
let deps: Deps;

beforeAll(async () => {
  oidc = await startOidcTokenEndpoint({ subject: 'repo:octo-org/app:ref:refs/heads/main' });
  sts = await startStsQueryApi({ verifyToken: (token) => oidc.verify(token), maxSessionDuration: 7200 });
});
afterAll(async () => {
  await Promise.all([oidc.close(), sts.close()]);
});
beforeEach(() => {
  oidc.requests.length = 0;
  oidc.delayMs = 0;
  sts.requests.length = 0;
  sts.connections.length = 0;
  sts.trust.subject = 'repo:octo-org/app:*';
  sleeps = [];
  deps = {
    ...defaultDeps,
    backoff: { baseMs: 1000, maxMs: 15_000, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
  };
});
afterEach(() => step?.restore());

/** Prepares a run with the stand-ins as the runner's OIDC endpoint and the `sts-endpoint`. */
function prepare(
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = {},
): InProcessRun {
  step = prepareRun(
    { 'role-arn': ROLE, 'aws-region': 'eu-west-1', 'sts-endpoint': sts.endpoint, ...inputs },
    {
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
      GITHUB_REPOSITORY: 'octo-org/app',
      GITHUB_RUN_ID: '9876543210',
      GITHUB_RUN_ATTEMPT: '2',
      ...env,
    },
  );
  return step;
}

describe('a successful login', () => {
  it('asks for a token with the audience, assumes the role with it, exports and outputs the session', async () => {
    const runner = prepare({ 'duration-seconds': '1800' });
    const result = await run(deps);

    expect(oidc.requests).toHaveLength(1);
    expect(oidc.requests[0]).toMatchObject({
      method: 'GET',
      audience: 'sts.amazonaws.com',
      authorization: `Bearer ${oidc.requestToken}`,
    });
    expect(sts.requests).toHaveLength(1);
    expect(sts.requests[0]?.params).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: 'octo-org-app-9876543210-2',
      WebIdentityToken: oidc.issued[0],
      DurationSeconds: '1800',
    });

    const granted = sts.granted[0];
    expect(runner.env()).toEqual({
      AWS_ACCESS_KEY_ID: granted?.accessKeyId,
      AWS_SECRET_ACCESS_KEY: granted?.secretAccessKey,
      AWS_SESSION_TOKEN: granted?.sessionToken,
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
    const outputs = runner.outputs();
    expect(outputs).toEqual({
      'aws-account-id': '123456789012',
      'assumed-role-arn': 'arn:aws:sts::123456789012:assumed-role/deploy/octo-org-app-9876543210-2',
      expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
    });
    const lifetime = Date.parse(outputs.expiration ?? '') - Date.now();
    expect(lifetime).toBeGreaterThan(1700_000);
    expect(lifetime).toBeLessThanOrEqual(1800_000);
    expect(result.stsCalls).toBe(1);
    expect(runner.summary()).toContain('arn:aws:sts::123456789012:assumed-role/deploy/');
  });

  it('still logs in where there is no job summary file (a local rehearsal)', async () => {
    const runner = prepare({}, { GITHUB_STEP_SUMMARY: undefined });
    await expect(run(deps)).resolves.toBeDefined();
    expect(runner.env().AWS_SESSION_TOKEN).toBe(sts.granted.at(-1)?.sessionToken);
  });

  it('sends a given role-session-name as is', async () => {
    prepare({ 'role-session-name': 'release@v1.2.3' });
    await run(deps);
    expect(sts.requests[0]?.params.RoleSessionName).toBe('release@v1.2.3');
  });

  it('never signs the STS call, even with stale AWS credentials and a missing profile in the environment', async () => {
    prepare(
      {},
      {
        AWS_ACCESS_KEY_ID: 'AKIAOLDOLDOLDOLDOLDO',
        AWS_SECRET_ACCESS_KEY: 'old-secret',
        AWS_SESSION_TOKEN: 'old-token',
        AWS_PROFILE: 'no-such-profile',
        AWS_AUTH_SCHEME_PREFERENCE: 'sigv4a,sigv4',
      },
    );
    await run(deps);
    const headers = sts.requests[0]?.headers ?? {};
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-amz-security-token']).toBeUndefined();
    expect(headers['x-amz-date']).toBeUndefined();
  });
});

describe("STS's connection", () => {
  it('is opened while the token request is in flight, and the STS call uses it', async () => {
    prepare();
    oidc.delayMs = 150; // a token service that takes its time, as GitHub's may
    await run(deps);
    const answeredAt = oidc.requests[0]?.answeredAt ?? 0;
    expect(sts.connections).toHaveLength(1);
    expect(sts.connections[0]?.at).toBeLessThan(answeredAt);
    expect(sts.requests.map((r) => r.port)).toEqual([sts.connections[0]?.port]);
  });

  it('serves one call only: a retry after a dropped connection connects anew', async () => {
    prepare();
    sts.failNext({ drop: true });
    await run(deps);
    expect(sts.requests).toHaveLength(2);
    expect(sts.connections).toHaveLength(2);
    expect(new Set(sts.requests.map((r) => r.port)).size).toBe(2);
  });

  it('is not opened when the runner offers no token', async () => {
    prepare({}, { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined });
    await expect(run(deps)).rejects.toThrow('id-token: write');
    expect(sts.connections).toHaveLength(0);
  });

  it('failing early changes nothing: the call connects itself and reports the refusal', async () => {
    const closed = await startStsQueryApi({ verifyToken: () => undefined });
    await closed.close();
    prepare({ 'sts-endpoint': closed.endpoint, retries: '1' });
    await expect(run(deps)).rejects.toThrow(
      /ECONNREFUSED.*after 2 attempt|after 2 attempt\(s\): ECONNREFUSED/,
    );
  });
});

describe('retries', () => {
  it('retries two throttles with growing, jittered waits, then succeeds on the third STS call', async () => {
    const runner = prepare();
    sts.failNext(
      { code: 'Throttling', message: 'Rate exceeded' },
      { code: 'Throttling', message: 'Rate exceeded' },
    );
    const result = await run(deps);
    expect(sts.requests).toHaveLength(3);
    expect(result.stsCalls).toBe(3);
    expect(sleeps).toEqual([500, 1000]); // full jitter: random (0.5) × the 1 s and 2 s ceilings
    expect(runner.env().AWS_ACCESS_KEY_ID).toBe(sts.granted.at(-1)?.accessKeyId);
    expect(oidc.requests).toHaveLength(1);
  });

  it.each<[string, ForcedReply]>([
    ['ThrottlingException', { code: 'ThrottlingException' }],
    ['RequestLimitExceeded (503)', { code: 'RequestLimitExceeded' }],
    ['IDPCommunicationError', { code: 'IDPCommunicationError' }],
    ['InternalFailure (500)', { code: 'InternalFailure' }],
    ['ServiceUnavailable (503)', { code: 'ServiceUnavailable' }],
    ['a dropped connection', { drop: true }],
  ])('retries %s', async (_name, reply) => {
    prepare();
    sts.failNext(reply);
    await run(deps);
    expect(sts.requests).toHaveLength(2);
  });

  it('fails with the last STS error once the retries are spent', async () => {
    const runner = prepare({ retries: '2' });
    sts.failNext(
      ...Array.from({ length: 3 }, () => ({ code: 'ThrottlingException', message: 'Rate exceeded' })),
    );
    await expect(run(deps)).rejects.toThrow(/ThrottlingException \(HTTP 400\): Rate exceeded/);
    expect(sts.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(runner.env()).toEqual({});
    expect(runner.outputs()).toEqual({});
  });

  it('makes exactly one call with retries 0: the SDK does not retry on its own', async () => {
    prepare({ retries: '0' });
    sts.failNext({ code: 'ServiceUnavailable' });
    await expect(run(deps)).rejects.toThrow(/ServiceUnavailable/);
    expect(sts.requests).toHaveLength(1);
  });

  it.each([
    'InvalidIdentityToken',
    'AccessDenied',
    'ExpiredTokenException',
    'MalformedPolicyDocument',
    'IDPRejectedClaim',
    'PackedPolicyTooLarge',
    'RegionDisabledException',
  ])('fails at once on %s, quoting the code and the message', async (code) => {
    prepare();
    sts.failNext({ code, message: `stand-in says no (${code})` });
    await expect(run(deps)).rejects.toThrow(`${code} (HTTP `);
    await expect(run(deps)).resolves.toBeDefined(); // the stand-in only refused once
    expect(sts.requests).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it('quotes STS message for a refused call', async () => {
    prepare();
    sts.failNext({
      code: 'InvalidIdentityToken',
      message: 'No OpenIDConnect provider found in your account',
    });
    await expect(run(deps)).rejects.toThrow(
      /InvalidIdentityToken \(HTTP 400\): No OpenIDConnect provider found in your account\. To fix: .*OIDC provider/,
    );
  });
});

describe('what STS checks', () => {
  it('gets AccessDenied (403) when the trust policy does not match the token subject', async () => {
    prepare();
    sts.trust.subject = 'repo:octo-org/app:environment:production';
    await expect(run(deps)).rejects.toThrow(/AccessDenied \(HTTP 403\): Not authorized.*trust policy/);
    expect(sts.requests).toHaveLength(1);
  });

  it('gets InvalidIdentityToken when the audience input is not the one the role trusts', async () => {
    prepare({ audience: 'https://github.com/octo-org' });
    await expect(run(deps)).rejects.toThrow(/InvalidIdentityToken \(HTTP 400\): Incorrect token audience/);
    expect(oidc.requests[0]?.audience).toBe('https://github.com/octo-org');
    expect(sts.requests).toHaveLength(1);
  });

  it("gets ValidationError when duration-seconds exceeds the role's maximum session duration", async () => {
    prepare({ 'duration-seconds': '43200' });
    await expect(run(deps)).rejects.toThrow(/ValidationError.*MaxSessionDuration/);
    expect(sts.requests[0]?.params.DurationSeconds).toBe('43200');
    expect(sts.requests).toHaveLength(1);
  });
});

describe('failures before STS', () => {
  it.each([
    ['role-arn', { 'role-arn': 'arn:aws:iam::12345678901:role/deploy' }],
    ['role-arn', { 'role-arn': 'arn:aws:iam::123456789012:user/deploy' }],
    ['role-arn', { 'role-arn': 'deploy' }],
    ['aws-region', { 'aws-region': 'eu-west-1a' }],
    ['aws-region', { 'aws-region': 'Europe' }],
    ['role-session-name', { 'role-session-name': 'has space' }],
    ['duration-seconds', { 'duration-seconds': '600' }],
    ['retries', { retries: 'many' }],
    ['sts-endpoint', { 'sts-endpoint': 'sts.eu-west-1.amazonaws.com' }],
  ])('rejects a bad %s without any request', async (input, inputs) => {
    prepare(inputs);
    await expect(run(deps)).rejects.toThrow(`'${input}'`);
    expect(oidc.requests).toHaveLength(0);
    expect(sts.requests).toHaveLength(0);
  });

  it('says the workflow lacks id-token: write when the runner offers no token', async () => {
    prepare({}, { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined });
    await expect(run(deps)).rejects.toThrow('permissions: id-token: write');
    expect(sts.requests).toHaveLength(0);
  });

  it('fails before STS when the token endpoint answers something that is not a JWT', async () => {
    prepare();
    await expect(run({ ...deps, getIdToken: async () => 'not-a-jwt' })).rejects.toThrow('not a JWT');
    expect(sts.requests).toHaveLength(0);
  });

  it('fails, pointing at id-token: write, when the token endpoint refuses the request token', async () => {
    prepare({}, { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-runtime-token' });
    await expect(run(deps)).rejects.toThrow(/403[\s\S]*id-token: write/);
    expect(oidc.requests).toHaveLength(1);
    expect(sts.requests).toHaveLength(0);
  });
});
