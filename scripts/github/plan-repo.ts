// The repository's own settings: the environments (reviewers, the only refs that may deploy), the ruleset
// on main (a pull request with code-owner review, the required check, the GitHub App as the only bypass),
// and the Actions settings (a read-only GITHUB_TOKEN by default that cannot approve pull requests).
import type { Api, Call } from './api.js';
import { covers } from './api.js';
import type { EnvironmentSetting } from './catalogue.js';
import { SetupError } from './values.js';

export interface Reviewer {
  readonly type: 'User' | 'Team';
  readonly id: number;
}

/** Logins and org/team names to the ids GitHub's environment API takes. */
export async function resolveReviewers(api: Api, names: readonly string[]): Promise<Reviewer[]> {
  const reviewers: Reviewer[] = [];
  for (const name of names) {
    const [org, team] = name.split('/');
    const path = team === undefined ? `/users/${name}` : `/orgs/${org}/teams/${team}`;
    const found = await api.get<{ id: number }>(path);
    if (found === undefined) throw new SetupError(`reviewer ${name}: ${path} not found`);
    reviewers.push({ type: team === undefined ? 'User' : 'Team', id: found.id });
  }
  return reviewers;
}

/** The App's id (a ruleset's bypass actor names it), checked against the Client ID the workflows use. */
export async function resolveApp(api: Api, slug: string, clientId: string): Promise<number> {
  const app = await api.get<{ id: number; client_id?: string }>(`/apps/${slug}`);
  if (app === undefined) throw new SetupError(`GitHub App ${slug}: /apps/${slug} not found`);
  if (app.client_id !== undefined && app.client_id !== clientId)
    throw new SetupError(
      `GitHub App ${slug} has Client ID ${app.client_id}, the init values say ${clientId}`,
    );
  return app.id;
}

interface CurrentEnvironment {
  protection_rules?: { type: string; reviewers?: { type: string; reviewer: { id: number } }[] }[];
  deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
}

function sameReviewers(current: CurrentEnvironment, wanted: readonly Reviewer[]): boolean {
  const have = (current.protection_rules ?? [])
    .flatMap((r) => r.reviewers ?? [])
    .map((r) => `${r.type}:${r.reviewer.id}`)
    .sort();
  return JSON.stringify(have) === JSON.stringify(wanted.map((r) => `${r.type}:${r.id}`).sort());
}

export async function planEnvironment(
  api: Api,
  repo: string,
  setting: EnvironmentSetting,
  reviewers: readonly Reviewer[],
): Promise<Call[]> {
  const path = `/repos/${repo}/environments/${encodeURIComponent(setting.name)}`;
  const want = setting.reviewed ? reviewers : [];
  const body = {
    reviewers: want.map((r) => ({ type: r.type, id: r.id })),
    deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
  };
  const current = await api.get<CurrentEnvironment>(path);
  const calls: Call[] = [];
  if (
    current === undefined ||
    !sameReviewers(current, want) ||
    !covers(current.deployment_branch_policy, body.deployment_branch_policy)
  ) {
    calls.push({
      method: 'PUT',
      path,
      shown: body,
      body: async () => body,
      what: `environment ${setting.name}: ${current === undefined ? 'created' : 'updated'}`,
    });
  }
  const policies =
    current === undefined
      ? []
      : ((
          await api.get<{ branch_policies: { id: number; name: string; type?: string }[] }>(
            `${path}/deployment-branch-policies`,
          )
        )?.branch_policies ?? []);
  const key = (p: { name: string; type?: string }) => `${p.type ?? 'branch'}:${p.name}`;
  const wantKeys = new Set(setting.refs.map(key));
  for (const ref of setting.refs) {
    if (policies.some((p) => key(p) === key(ref))) continue;
    calls.push({
      method: 'POST',
      path: `${path}/deployment-branch-policies`,
      shown: { ...ref },
      body: async () => ({ ...ref }),
      what: `environment ${setting.name}: may deploy from ${ref.type} ${ref.name}`,
    });
  }
  for (const policy of policies.filter((p) => !wantKeys.has(key(p)))) {
    calls.push({
      method: 'DELETE',
      path: `${path}/deployment-branch-policies/${policy.id}`,
      what: `environment ${setting.name}: no longer deploys from ${policy.type ?? 'branch'} ${policy.name}`,
    });
  }
  return calls;
}

/** The ruleset on main: what the trunk-based flow asks of every change, and who alone may bypass it. */
export function mainRuleset(
  appId: number,
  requiredCheck: string,
  approvals: number,
): Record<string, unknown> {
  return {
    name: 'main',
    target: 'branch',
    enforcement: 'active',
    conditions: { ref_name: { include: ['refs/heads/main'], exclude: [] } },
    // The App's dev bump commits land on main directly; GITHUB_TOKEN and people get no bypass.
    bypass_actors: [{ actor_id: appId, actor_type: 'Integration', bypass_mode: 'always' }],
    rules: [
      { type: 'deletion' },
      { type: 'non_fast_forward' },
      {
        type: 'pull_request',
        parameters: {
          required_approving_review_count: approvals,
          dismiss_stale_reviews_on_push: true,
          require_code_owner_review: true,
          require_last_push_approval: false,
          required_review_thread_resolution: true,
        },
      },
      {
        type: 'required_status_checks',
        parameters: {
          strict_required_status_checks_policy: false,
          required_status_checks: [{ context: requiredCheck }],
        },
      },
    ],
  };
}

/**
 * Release tags: a tag runs the release workflow of its own commit, so only release managers may create, move
 * or delete `v*` tags: repository admins and the reviewers' teams (a ruleset cannot name a user), never the App.
 */
export function tagRuleset(reviewers: readonly Reviewer[]): Record<string, unknown> {
  return {
    name: 'release tags',
    target: 'tag',
    enforcement: 'active',
    conditions: { ref_name: { include: ['refs/tags/v*'], exclude: [] } },
    bypass_actors: [
      // 5: the repository's admin role.
      { actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' },
      ...reviewers
        .filter((r) => r.type === 'Team')
        .map((r) => ({ actor_id: r.id, actor_type: 'Team', bypass_mode: 'always' })),
    ],
    rules: [{ type: 'creation' }, { type: 'update' }, { type: 'deletion' }],
  };
}

export async function planRuleset(api: Api, repo: string, ruleset: Record<string, unknown>): Promise<Call[]> {
  const list =
    (await api.get<{ id: number; name: string; target?: string }[]>(`/repos/${repo}/rulesets`)) ?? [];
  const found = list.find((r) => r.name === ruleset.name && (r.target ?? 'branch') === ruleset.target);
  const what = `ruleset ${String(ruleset.name)}`;
  if (found === undefined) {
    return [
      {
        method: 'POST',
        path: `/repos/${repo}/rulesets`,
        shown: ruleset,
        body: async () => ruleset,
        what: `${what}: created`,
      },
    ];
  }
  const path = `/repos/${repo}/rulesets/${found.id}`;
  if (covers(await api.get(path), ruleset)) return [];
  return [{ method: 'PUT', path, shown: ruleset, body: async () => ruleset, what: `${what}: updated` }];
}

/** Actions on, and a GITHUB_TOKEN that only reads unless a job asks, and never approves a pull request. */
export async function planActions(api: Api, repo: string): Promise<Call[]> {
  const calls: Call[] = [];
  const settings: [string, Record<string, unknown>, string][] = [
    [`/repos/${repo}/actions/permissions`, { enabled: true, allowed_actions: 'all' }, 'Actions: enabled'],
    [
      `/repos/${repo}/actions/permissions/workflow`,
      { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false },
      'Actions: GITHUB_TOKEN reads by default and cannot approve pull requests',
    ],
  ];
  for (const [path, body, what] of settings) {
    if (covers(await api.get(path), body)) continue;
    calls.push({ method: 'PUT', path, shown: body, body: async () => body, what });
  }
  return calls;
}
