// The permissions of each aws_iam_role of the tree, per for_each key: its inline_policy blocks, the
// aws_iam_role_policy resources naming it, and the aws_iam_policy documents attached to it. What a role
// may do to IAM is judged on these, with unconditional Deny statements taken away.
import type { TfTree } from './hcl.js';
import {
  type Block,
  expression,
  forEachInstances,
  type Instance,
  indexKey,
  nested,
  resources,
  withEach,
} from './model.js';
import { allows, matches, type Policy, policyOf, type Statement } from './policy.js';

export interface RoleGrant {
  readonly role: Block;
  /** The for_each key, when the role has one. */
  readonly key?: string;
  /** The role's name as written, with `${each.key}` replaced (`${var.name}-github-terraform`). */
  readonly name: string;
  readonly statements: readonly Statement[];
  /** True when any attached policy could not be read. */
  readonly unknown: boolean;
}

const roleRef = /aws_iam_role\.([A-Za-z0-9_-]+)(?:\[([^\]]+)\])?\./;

/** The instances of a block's for_each, or one instance-less entry when it has none (or it is unknown). */
function instancesOf(tree: TfTree, block: Block): (Instance | undefined)[] {
  return forEachInstances(tree, block) ?? [undefined];
}

/**
 * The policies `block` (a role policy or an attachment) gives, per instance, to the role it names and the
 * key of that role it names (`aws_iam_role.this[each.value.service]` for the instance's service).
 */
function grantsOf(
  tree: TfTree,
  block: Block,
  policyFor: (instance: Instance | undefined) => Policy | undefined,
) {
  const ref = roleRef.exec(String(block.body.role ?? ''));
  if (!ref) return [];
  return instancesOf(tree, block).map((instance) => ({
    role: ref[1] as string,
    key: ref[2] === undefined ? undefined : indexKey(ref[2], instance),
    // An index this reader cannot follow reaches some instance it does not know: every one, to be safe.
    anyKey: ref[2] !== undefined && indexKey(ref[2], instance) === undefined,
    policy: policyFor(instance),
  }));
}

export function roleGrants(tree: TfTree): RoleGrant[] {
  const attached: {
    dir: string;
    role: string;
    key: string | undefined;
    anyKey: boolean;
    policy: Policy | undefined;
  }[] = [];
  for (const p of resources(tree, 'aws_iam_role_policy'))
    for (const g of grantsOf(tree, p, (instance) => policyOf(tree, p.file.dir, p.body.policy, instance)))
      attached.push({ dir: p.file.dir, ...g });
  for (const a of resources(tree, 'aws_iam_role_policy_attachment'))
    for (const g of grantsOf(tree, a, () => {
      const name = /aws_iam_policy\.([A-Za-z0-9_-]+)\.arn/.exec(String(a.body.policy_arn ?? ''))?.[1];
      const policy = resources(tree, 'aws_iam_policy').find(
        (x) => x.file.dir === a.file.dir && x.name === name,
      );
      // An AWS managed policy (PowerUserAccess) is not read here: the other checks judge what is written.
      return policy
        ? policyOf(tree, policy.file.dir, policy.body.policy)
        : { statements: [], unknown: false, form: 'json' };
    }))
      attached.push({ dir: a.file.dir, ...g });

  const out: RoleGrant[] = [];
  for (const role of resources(tree, 'aws_iam_role')) {
    const dir = role.file.dir;
    for (const instance of instancesOf(tree, role)) {
      const key = instance?.key;
      const body = instance ? (withEach(role.body, instance) as typeof role.body) : role.body;
      const policies = [
        ...nested(body, 'inline_policy').map((i) => policyOf(tree, dir, i.policy, instance)),
        ...attached
          .filter(
            (g) =>
              g.dir === dir &&
              g.role === role.name &&
              (g.anyKey || g.key === undefined || key === undefined || g.key === key),
          )
          .map((g) => g.policy),
      ];
      const name = String(role.body.name ?? role.body.name_prefix ?? role.name).replaceAll(
        expression('each.key'),
        key ?? expression('each.key'),
      );
      out.push({
        role,
        ...(key !== undefined && { key }),
        name,
        statements: policies.flatMap((p) => p?.statements ?? []),
        unknown: policies.some((p) => !p || p.unknown),
      });
    }
  }
  return out;
}

/** The role-name part of an IAM resource pattern (`arn:...:role/${var.name}-*` → `${var.name}-*`), or `*`. */
function rolePart(resource: string): string | undefined {
  if (resource === '*') return '*';
  const at = resource.indexOf(':role/');
  if (at === -1) return /^arn:[^:]*:iam::[^:]*:\*$/.test(resource) ? '*' : undefined;
  const path = resource.slice(at + ':role/'.length);
  // A role's path does not change its name: `role/*` and `role/team/*` both reach `team/<name>`.
  return path.includes('/') && !path.startsWith('*') ? path.slice(path.lastIndexOf('/') + 1) : path;
}

/** True when the pattern reaches a role named `name` (`${...}` written alike on both sides). */
export function reachesRole(resource: string, name: string): boolean {
  const part = rolePart(resource);
  return part !== undefined && matches(part, name);
}

/**
 * True when the statements allow `action` on the role named `name`: an Allow reaches it, no unconditional
 * Deny does. `boundaryOnly` Allows (on a condition requiring a permissions boundary) count only when
 * `countBounded` is set.
 */
export function allowsOnRole(
  statements: readonly Statement[],
  action: string,
  name: string,
  countBounded = true,
): boolean {
  const reaches = (s: Statement) =>
    s.notResources
      ? !s.resources.some((r) => reachesRole(r, name))
      : s.resources.some((r) => reachesRole(r, name));
  const denied = statements.some(
    (s) => s.effect === 'Deny' && s.conditions.length === 0 && denies(s, action) && reaches(s),
  );
  if (denied) return false;
  return statements.some(
    (s) =>
      s.principals.length === 0 && allows(s, action) && reaches(s) && (countBounded || !requiresBoundary(s)),
  );
}

function denies(s: Statement, action: string): boolean {
  const hit = s.actions.some((a) => matches(a, action));
  return s.notActions ? !hit : hit;
}

/** An Allow that holds only when the target carries a given permissions boundary. */
export function requiresBoundary(s: Statement): boolean {
  return s.conditions.some((c) => /^iam:PermissionsBoundary$/i.test(c.variable) && c.values.length > 0);
}
