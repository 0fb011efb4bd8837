// The README's quick start and trust policy are the real thing: run them against the stand-ins.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { defaultDeps, run } from '../src/main.js';
import { type OidcTokenEndpoint, startOidcTokenEndpoint } from '../test-support/oidc-token-endpoint.js';
import { type StsQueryApi, startStsQueryApi } from '../test-support/sts-query-api.js';
import { type InProcessRun, prepareRun } from './runner.js';

const dir = join(import.meta.dirname, '..');
const readme = readFileSync(join(dir, 'README.md'), 'utf8');
const block = (lang: string) => new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1] ?? '';

interface Workflow {
  jobs: Record<
    string,
    { permissions: Record<string, string>; steps: { uses?: string; with?: Record<string, string> }[] }
  >;
}
interface TrustPolicy {
  Statement: {
    Principal: { Federated: string };
    Action: string;
    Condition: { StringEquals: Record<string, string> };
  }[];
}
const workflow = parse(block('yaml')) as Workflow;
const job = Object.values(workflow.jobs)[0];
const step = job?.steps.find((s) => s.uses?.includes('/actions/aws-oidc-login@'));
const policy = JSON.parse(block('json')) as TrustPolicy;
const statement = policy.Statement[0];
const metadata = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
};

describe('README quick start', () => {
  it('grants id-token: write and passes only real inputs, all required ones included', () => {
    expect(job?.permissions['id-token']).toBe('write');
    const given = Object.keys(step?.with ?? {});
    for (const name of given) expect(Object.keys(metadata.inputs)).toContain(name);
    for (const [name, input] of Object.entries(metadata.inputs))
      if (input.required) expect(given).toContain(name);
  });

  it("shows a trust policy for GitHub's provider whose aud is the action's default audience", () => {
    expect(statement?.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statement?.Principal.Federated).toMatch(/:oidc-provider\/token\.actions\.githubusercontent\.com$/);
    expect(statement?.Condition.StringEquals['token.actions.githubusercontent.com:aud']).toBe(
      metadata.inputs.audience?.default,
    );
  });

  describe('run against the stand-ins with that trust policy', () => {
    let oidc: OidcTokenEndpoint;
    let sts: StsQueryApi;
    let runner: InProcessRun | undefined;
    const conditions = statement?.Condition.StringEquals ?? {};
    beforeAll(async () => {
      oidc = await startOidcTokenEndpoint({ subject: 'repo:octo-org/app:ref:refs/heads/main' });
      sts = await startStsQueryApi({
        verifyToken: (token) => oidc.verify(token),
        trust: {
          audience: conditions['token.actions.githubusercontent.com:aud'] ?? '',
          subject: conditions['token.actions.githubusercontent.com:sub'] ?? '',
        },
      });
    });
    afterAll(async () => {
      await Promise.all([oidc.close(), sts.close()]);
    });
    afterEach(() => runner?.restore());
    const env = () => ({
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
    });

    it('logs in from main', async () => {
      runner = prepareRun({ ...step?.with, 'sts-endpoint': sts.endpoint }, env());
      const result = await run(defaultDeps);
      expect(result.session.accountId).toBe('123456789012');
      expect(runner.outputs()['assumed-role-arn']).toMatch(
        /^arn:aws:sts::123456789012:assumed-role\/github-deploy\//,
      );
    });

    it('is refused from another branch', async () => {
      const other = await startOidcTokenEndpoint({ subject: 'repo:octo-org/app:ref:refs/heads/feature' });
      const refusing = await startStsQueryApi({
        verifyToken: (token) => other.verify(token),
        trust: {
          audience: 'sts.amazonaws.com',
          subject: conditions['token.actions.githubusercontent.com:sub'] ?? '',
        },
      });
      try {
        runner = prepareRun(
          { ...step?.with, 'sts-endpoint': refusing.endpoint },
          {
            ACTIONS_ID_TOKEN_REQUEST_URL: other.requestUrl,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: other.requestToken,
          },
        );
        await expect(run(defaultDeps)).rejects.toThrow('AccessDenied');
        expect(refusing.requests).toHaveLength(1);
      } finally {
        await Promise.all([other.close(), refusing.close()]);
      }
    });
  });
});
