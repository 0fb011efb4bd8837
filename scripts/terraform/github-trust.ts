// Where GitHub Actions may assume a role: every statement, in a policy document or in an aws_iam_role's own
// assume_role_policy (jsonencode, heredoc, JSON), that trusts GitHub's OIDC provider. Both GitHub trust
// checks read the statements from here.
import type { TfTree } from './hcl.js';
import { type Block, dataSources, expression, interpolate, record, resolve, resources } from './model.js';
import { allows, documentPolicy, policyOf, type Statement } from './policy.js';

export const githubIssuer = 'token.actions.githubusercontent.com';

export interface GithubTrust {
  /** The block the finding names: the policy document, or the role with an inline policy. */
  readonly block: Block;
  readonly statement: Statement;
  /** Condition keys with `${local.x}` / `${var.x}` replaced where known. */
  readonly keys: readonly string[];
  /** `document` (a data source: CKV_AWS_358) or `role` (inline on aws_iam_role: CKV_AWS_393). */
  readonly on: 'document' | 'role';
}

/** True when the statement trusts GitHub's provider: by its principal, or by GitHub's condition keys. */
function trustsGithub(tree: TfTree, dir: string, st: Statement, keys: readonly string[]): boolean {
  const principal = st.principals.some((p) =>
    p.ids.some((id) => interpolate(tree, dir, id).includes(`oidc-provider/${githubIssuer}`)),
  );
  const claims = keys.some((k) => k.startsWith(githubIssuer));
  return principal || (claims && allows(st, 'sts:AssumeRoleWithWebIdentity'));
}

export function githubTrusts(tree: TfTree): GithubTrust[] {
  const out: GithubTrust[] = [];
  const add = (block: Block, statements: readonly Statement[], on: GithubTrust['on']) => {
    const dir = block.file.dir;
    for (const statement of statements) {
      const keys = statement.conditions.map((c) => interpolate(tree, dir, c.variable));
      if (trustsGithub(tree, dir, statement, keys)) out.push({ block, statement, keys, on });
    }
  };
  for (const doc of dataSources(tree, 'aws_iam_policy_document'))
    add(doc, documentPolicy(tree, doc).statements, 'document');
  for (const role of resources(tree, 'aws_iam_role')) {
    const policy = policyOf(tree, role.file.dir, role.body.assume_role_policy);
    // A role built from a document is judged on the document.
    if (policy?.form === 'json') add(role, policy.statements, 'role');
  }
  return out;
}

/**
 * Values of a condition of `block`, with `${var.x}`/`${local.x}` replaced where the tree knows them and a
 * whole `${each.value}` expanded over the block's for_each map.
 */
export function conditionValues(tree: TfTree, block: Block, values: readonly string[]): string[] {
  const dir = block.file.dir;
  return values.flatMap((v) => {
    if (v === expression('each.value')) {
      const map = record(resolve(tree, dir, block.body.for_each));
      if (map) return Object.values(map).map((x) => interpolate(tree, dir, String(x)));
    }
    const whole = resolve(tree, dir, v);
    return [typeof whole === 'string' ? interpolate(tree, dir, whole) : interpolate(tree, dir, v)];
  });
}
