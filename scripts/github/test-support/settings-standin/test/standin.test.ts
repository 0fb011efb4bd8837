// The stand-in answers as GitHub's REST documentation says, status codes included: what github:setup's
// tests prove against it holds only if it refuses what GitHub refuses.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sodium from 'libsodium-wrappers';
import { type GitHubSettingsStandin, startGitHubSettingsStandin } from '../server.js';

let standin: GitHubSettingsStandin;
const TOKEN = 'ghs_standin';

async function call(method: string, path: string, body?: unknown, token = TOKEN) {
  const response = await fetch(`${standin.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

beforeAll(async () => {
  standin = await startGitHubSettingsStandin({ repository: 'o/r', token: TOKEN });
});
afterAll(() => standin.stop());

describe('GitHub settings stand-in', () => {
  it('answers 401 without the token and 404 for another repository', async () => {
    expect((await call('GET', '/repos/o/r/actions/variables', undefined, 'nope')).status).toBe(401);
    expect((await call('GET', '/repos/o/other/actions/variables')).status).toBe(404);
  });

  it('creates a variable once (201, then 409), updates it with PATCH (204), 404 for one that is absent', async () => {
    expect((await call('POST', '/repos/o/r/actions/variables', { name: 'A', value: '1' })).status).toBe(201);
    expect((await call('POST', '/repos/o/r/actions/variables', { name: 'A', value: '2' })).status).toBe(409);
    expect((await call('PATCH', '/repos/o/r/actions/variables/A', { name: 'A', value: '2' })).status).toBe(
      204,
    );
    expect((await call('GET', '/repos/o/r/actions/variables/A')).json).toMatchObject({
      name: 'A',
      value: '2',
    });
    expect((await call('PATCH', '/repos/o/r/actions/variables/B', { value: 'x' })).status).toBe(404);
    expect(
      (await call('POST', '/repos/o/r/environments/none/variables', { name: 'A', value: '1' })).status,
    ).toBe(404);
  });

  it('takes a secret only as a sealed box for its own key, and never returns the value', async () => {
    await sodium.ready;
    const key = (await call('GET', '/repos/o/r/actions/secrets/public-key')).json as {
      key_id: string;
      key: string;
    };
    const sealed = sodium.to_base64(
      sodium.crypto_box_seal('s3cret', sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL)),
      sodium.base64_variants.ORIGINAL,
    );
    const put = (body: unknown) => call('PUT', '/repos/o/r/actions/secrets/S', body);
    expect((await put({ encrypted_value: sealed, key_id: 'other' })).status).toBe(422);
    expect((await put({ encrypted_value: 'bm90IGEgYm94', key_id: key.key_id })).status).toBe(422);
    expect((await put({ encrypted_value: sealed, key_id: key.key_id })).status).toBe(201);
    expect((await put({ encrypted_value: sealed, key_id: key.key_id })).status).toBe(204);
    const read = await call('GET', '/repos/o/r/actions/secrets/S');
    expect(Object.keys(read.json ?? {}).sort()).toEqual(['created_at', 'name', 'updated_at']);
    expect(standin.secret('S')).toBe('s3cret');
  });

  it('keeps deployment branch policies only under custom_branch_policies, refusing a repeated one (303)', async () => {
    const path = '/repos/o/r/environments/prod';
    expect(
      (
        await call('PUT', path, {
          deployment_branch_policy: { protected_branches: true, custom_branch_policies: true },
        })
      ).status,
    ).toBe(422);
    expect((await call('PUT', path, { deployment_branch_policy: null })).status).toBe(200);
    expect(
      (await call('POST', `${path}/deployment-branch-policies`, { name: 'v*', type: 'tag' })).status,
    ).toBe(404);
    await call('PUT', path, {
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    expect(
      (await call('POST', `${path}/deployment-branch-policies`, { name: 'v*', type: 'tag' })).status,
    ).toBe(200);
    expect(
      (await call('POST', `${path}/deployment-branch-policies`, { name: 'v*', type: 'tag' })).status,
    ).toBe(303);
    expect((await call('PUT', path, { reviewers: [{ type: 'Robot', id: 1 }] })).status).toBe(422);
  });

  it('refuses a ruleset GitHub would refuse (422 naming the field)', async () => {
    const base = { name: 'main', enforcement: 'active', target: 'branch' };
    const bad = await call('POST', '/repos/o/r/rulesets', {
      ...base,
      rules: [{ type: 'pull_request', parameters: { required_approving_review_count: 1 } }],
    });
    expect(bad.status).toBe(422);
    expect(bad.json?.message).toMatch(/dismiss_stale_reviews_on_push is required/);
    const app = await call('POST', '/repos/o/r/rulesets', {
      ...base,
      bypass_actors: [{ actor_id: 1, actor_type: 'App', bypass_mode: 'always' }],
    });
    expect(app.status).toBe(422);
    expect((await call('POST', '/repos/o/r/rulesets', base)).status).toBe(201);
    expect((await call('POST', '/repos/o/r/rulesets', base)).status).toBe(422);
    const list = (await call('GET', '/repos/o/r/rulesets')).json as unknown as Record<string, unknown>[];
    expect(list.map((r) => [r.name, 'rules' in r])).toEqual([['main', false]]);
  });
});
