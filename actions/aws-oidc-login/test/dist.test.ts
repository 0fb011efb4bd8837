// The bundled dist/index.js, run as a runner runs it, against the two stand-ins.
// Build first: node scripts/actions/build.mjs aws-oidc-login (packaging.test.ts fails when it is stale).
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { runDist } from '../../test/helpers/run-dist.js';
import { runnerView } from '../../test/helpers/runner-log.js';
import { type OidcTokenEndpoint, startOidcTokenEndpoint } from '../test-support/oidc-token-endpoint.js';
import { type StsQueryApi, startStsQueryApi } from '../test-support/sts-query-api.js';

const actionDir = join(import.meta.dirname, '..');
const ROLE = 'arn:aws:iam::123456789012:role/deploy';
let oidc: OidcTokenEndpoint;
let sts: StsQueryApi;

beforeAll(async () => {
  oidc = await startOidcTokenEndpoint();
  sts = await startStsQueryApi({ verifyToken: (token) => oidc.verify(token) });
});
afterAll(async () => {
  await Promise.all([oidc.close(), sts.close()]);
});
beforeEach(() => {
  oidc.requests.length = 0;
  sts.requests.length = 0;
});

const runnerEnv = () => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
  GITHUB_REPOSITORY: 'octo-org/app',
  GITHUB_RUN_ID: '555',
  GITHUB_RUN_ATTEMPT: '1',
  // Shows core.debug lines too: the secrets must stay out of those as well.
  RUNNER_DEBUG: '1',
});

describe('dist/index.js', () => {
  it('logs in, exports the session and outputs, and never shows a token or key', async () => {
    const run = await runDist(actionDir, {
      inputs: { 'role-arn': ROLE, 'aws-region': 'eu-central-1', 'sts-endpoint': sts.endpoint },
      env: runnerEnv(),
    });
    expect(run.code).toBe(0);
    const token = oidc.issued.at(-1) ?? '';
    const granted = sts.granted.at(-1);
    expect(granted).toBeDefined();
    const { accessKeyId = '', secretAccessKey = '', sessionToken = '' } = granted ?? {};

    expect(run.env).toEqual({
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_SESSION_TOKEN: sessionToken,
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
    });
    expect(run.outputs).toEqual({
      'aws-account-id': '123456789012',
      'assumed-role-arn': 'arn:aws:sts::123456789012:assumed-role/deploy/octo-org-app-555-1',
      expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(sts.requests[0]?.params.WebIdentityToken).toBe(token);

    // The runner hides `::add-mask::` lines and every registered value; what is left must hold no secret.
    const { masks, visible } = runnerView(run.log);
    for (const secret of [token, accessKeyId, secretAccessKey, sessionToken]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(masks).toContain(secret);
      expect(visible.includes(secret)).toBe(false);
      expect(run.summary.includes(secret)).toBe(false);
    }
    expect(run.summary).toContain('arn:aws:sts::123456789012:assumed-role/deploy/octo-org-app-555-1');
  });

  it('fails with a message about id-token: write when the runner offers no OIDC token', async () => {
    const { ACTIONS_ID_TOKEN_REQUEST_URL: _url, ...env } = runnerEnv();
    const run = await runDist(actionDir, {
      inputs: { 'role-arn': ROLE, 'aws-region': 'eu-central-1', 'sts-endpoint': sts.endpoint },
      env,
    });
    expect(run.code).toBe(1);
    expect(run.log).toContain('::error::');
    expect(run.log).toContain('id-token: write');
    expect(run.env).toEqual({});
    expect(run.outputs).toEqual({});
    expect(sts.requests).toHaveLength(0);
  });

  it('fails on a malformed role ARN before any request', async () => {
    const run = await runDist(actionDir, {
      inputs: {
        'role-arn': 'arn:aws:iam::123:role/deploy',
        'aws-region': 'eu-central-1',
        'sts-endpoint': sts.endpoint,
      },
      env: runnerEnv(),
    });
    expect(run.code).toBe(1);
    expect(run.log).toMatch(/::error::.*'role-arn'/);
    expect(oidc.requests).toHaveLength(0);
    expect(sts.requests).toHaveLength(0);
  });

  it('fails on a refused call, quoting STS, without exporting anything', async () => {
    sts.failNext({
      code: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    });
    const run = await runDist(actionDir, {
      inputs: { 'role-arn': ROLE, 'aws-region': 'eu-central-1', 'sts-endpoint': sts.endpoint },
      env: runnerEnv(),
    });
    expect(run.code).toBe(1);
    expect(run.log).toMatch(
      /::error::.*AccessDenied.*Not authorized to perform sts:AssumeRoleWithWebIdentity/,
    );
    expect(run.env).toEqual({});
    expect(sts.requests).toHaveLength(1);
    const { visible } = runnerView(run.log);
    expect(visible.includes(oidc.issued.at(-1) ?? '')).toBe(false);
  });
});
