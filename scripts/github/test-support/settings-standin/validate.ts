// The request bodies GitHub's REST documentation gives for environments, rulesets and Actions settings:
// the stand-in refuses what GitHub refuses (422, with the field named) instead of storing anything.

export class Unprocessable extends Error {}

type Json = Record<string, unknown>;

function fail(message: string): never {
  throw new Unprocessable(message);
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export function environmentBody(body: Json): void {
  const reviewers = body.reviewers;
  if (reviewers !== undefined && reviewers !== null) {
    if (!Array.isArray(reviewers)) fail('reviewers must be an array');
    if (reviewers.length > 6) fail('reviewers: at most 6');
    for (const r of reviewers) {
      if (!isObject(r) || (r.type !== 'User' && r.type !== 'Team') || typeof r.id !== 'number')
        fail('reviewers[]: expected {type: User|Team, id: integer}');
    }
  }
  const policy = body.deployment_branch_policy;
  if (policy !== undefined && policy !== null) {
    if (!isObject(policy) || typeof policy.protected_branches !== 'boolean')
      fail('deployment_branch_policy.protected_branches must be a boolean');
    if (typeof policy.custom_branch_policies !== 'boolean')
      fail('deployment_branch_policy.custom_branch_policies must be a boolean');
    if (policy.protected_branches && policy.custom_branch_policies)
      fail('deployment_branch_policy: protected_branches and custom_branch_policies cannot both be true');
  }
}

const RULE_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  deletion: [],
  creation: [],
  update: [],
  non_fast_forward: [],
  required_linear_history: [],
  required_signatures: [],
  pull_request: [
    'dismiss_stale_reviews_on_push',
    'require_code_owner_review',
    'require_last_push_approval',
    'required_approving_review_count',
    'required_review_thread_resolution',
  ],
  required_status_checks: ['required_status_checks', 'strict_required_status_checks_policy'],
};
const ACTOR_TYPES = ['Integration', 'OrganizationAdmin', 'RepositoryRole', 'Team', 'DeployKey'];

export function rulesetBody(body: Json): void {
  if (typeof body.name !== 'string' || body.name === '') fail('name is required');
  if (!['disabled', 'active', 'evaluate'].includes(String(body.enforcement)))
    fail('enforcement must be disabled, active or evaluate');
  if (body.target !== undefined && !['branch', 'tag', 'push'].includes(String(body.target)))
    fail('target must be branch, tag or push');
  const refName = isObject(body.conditions) ? body.conditions.ref_name : undefined;
  if (body.conditions !== undefined && (!isObject(refName) || !Array.isArray(refName.include)))
    fail('conditions.ref_name.include must be an array');
  for (const actor of (body.bypass_actors as unknown[] | undefined) ?? []) {
    if (!isObject(actor) || !ACTOR_TYPES.includes(String(actor.actor_type)))
      fail(`bypass_actors[].actor_type must be one of ${ACTOR_TYPES.join(', ')}`);
    if (actor.actor_type !== 'OrganizationAdmin' && typeof actor.actor_id !== 'number')
      fail('bypass_actors[].actor_id must be an integer');
    if (actor.bypass_mode !== undefined && !['always', 'pull_request'].includes(String(actor.bypass_mode)))
      fail('bypass_actors[].bypass_mode must be always or pull_request');
  }
  for (const rule of (body.rules as unknown[] | undefined) ?? []) {
    const required = isObject(rule) ? RULE_PARAMETERS[String(rule.type)] : undefined;
    if (!isObject(rule) || required === undefined) fail(`rules[]: unknown type ${JSON.stringify(rule)}`);
    const parameters = isObject(rule.parameters) ? rule.parameters : {};
    for (const key of required)
      if (parameters[key] === undefined) fail(`rules[${String(rule.type)}].parameters.${key} is required`);
  }
}

export function actionsPermissionsBody(body: Json): void {
  if (typeof body.enabled !== 'boolean') fail('enabled is required (boolean)');
  if (
    body.allowed_actions !== undefined &&
    !['all', 'local_only', 'selected'].includes(String(body.allowed_actions))
  )
    fail('allowed_actions must be all, local_only or selected');
}

export function workflowPermissionsBody(body: Json): void {
  if (
    body.default_workflow_permissions !== undefined &&
    !['read', 'write'].includes(String(body.default_workflow_permissions))
  )
    fail('default_workflow_permissions must be read or write');
  if (
    body.can_approve_pull_request_reviews !== undefined &&
    typeof body.can_approve_pull_request_reviews !== 'boolean'
  )
    fail('can_approve_pull_request_reviews must be a boolean');
}
