// IAM read as IAM wherever a policy is written: a `data "aws_iam_policy_document"`, `jsonencode({...})`,
// heredoc or literal JSON, a reference to any of those through `var.`/`local.`/`each.value`. Every form
// becomes the same statements, and actions are matched as IAM matches them (case-insensitive, `*` and `?`).
import { evaluate, hasUnknown, Unknown, type Value } from './expression.js';
import type { TfTree } from './hcl.js';
import {
  type Block,
  type Body,
  dataSources,
  forEachInstances,
  type Instance,
  indexKey,
  nested,
  record,
  resolve,
  resources,
  withEach,
} from './model.js';

export interface Principal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `"Principal": "*"`. */
  readonly type: string;
  readonly ids: readonly string[];
}

export interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface Statement {
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  /** Actions as written; with `notActions`, the actions it does NOT cover. */
  readonly actions: readonly string[];
  readonly notActions: boolean;
  readonly resources: readonly string[];
  readonly notResources: boolean;
  readonly principals: readonly Principal[];
  readonly notPrincipals: boolean;
  readonly conditions: readonly Condition[];
  /** Some part could not be read (a function call, an unknown variable): never read as safe. */
  readonly unknown: boolean;
}

export interface Policy {
  readonly statements: readonly Statement[];
  /** The policy (or part of it) is not known here. */
  readonly unknown: boolean;
  /** `document` for an aws_iam_policy_document, `json` for JSON in any form. */
  readonly form: 'document' | 'json';
}

const strings = (v: unknown): string[] =>
  v === undefined || v === null
    ? []
    : (Array.isArray(v) ? v : [v]).flatMap((x) => (Array.isArray(x) ? x : [x])).map(text);

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Unknown) return `\${${v.source}}`;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A list attribute of a document statement, each element resolved (`local.x` may be a whole list). */
function resolvedList(tree: TfTree, dir: string, v: unknown): string[] {
  const whole = resolve(tree, dir, v);
  const list = Array.isArray(whole) ? whole : whole === undefined ? (v === undefined ? [] : [v]) : [whole];
  return list.flatMap((x) => {
    const r = resolve(tree, dir, x);
    return Array.isArray(r) ? r.map(text) : [text(r ?? x)];
  });
}

/**
 * The statements of a `data "aws_iam_policy_document"` block; with an instance of its for_each, as that
 * instance's document (`each.value.queue` filled in).
 */
export function documentPolicy(tree: TfTree, doc: Block, instance?: Instance): Policy {
  const dir = doc.file.dir;
  const body = instance ? (withEach(doc.body, instance) as Body) : doc.body;
  const statements = nested(body, 'statement').map((s, i): Statement => {
    const principalBlocks = [...nested(s, 'principals'), ...nested(s, 'not_principals')];
    const principals = principalBlocks.map((p) => {
      const ids = resolvedList(tree, dir, p.identifiers);
      return { type: String(p.type ?? ''), ids };
    });
    const actions = resolvedList(tree, dir, s.actions ?? s.not_actions);
    const resources = resolvedList(tree, dir, s.resources ?? s.not_resources);
    const conditions = nested(s, 'condition').map((c) => ({
      test: String(c.test ?? ''),
      variable: String(c.variable ?? ''),
      values: resolvedList(tree, dir, c.values),
    }));
    const all = [...actions, ...resources];
    return {
      sid: typeof s.sid === 'string' ? s.sid : `#${i + 1}`,
      effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
      actions,
      notActions: 'not_actions' in s,
      resources,
      notResources: 'not_resources' in s,
      principals,
      notPrincipals: 'not_principals' in s,
      conditions,
      unknown: all.some((a) => /^\$\{(?!var\.|local\.|data\.|aws_)[^}]*\}$/.test(a)),
    };
  });
  const external = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];
  // A `dynamic "statement"` is a statement this reader does not see: never read the document as complete.
  const hidden = external.some((k) => k in body) || 'dynamic' in body;
  return { statements, unknown: hidden, form: 'document' };
}

function jsonPrincipals(p: Value | undefined): Principal[] {
  if (p === undefined) return [];
  if (typeof p === 'string' || p instanceof Unknown || Array.isArray(p)) {
    const ids = strings(p);
    return [{ type: ids.includes('*') ? '*' : 'AWS', ids }];
  }
  if (p === null || typeof p !== 'object') return [{ type: '?', ids: strings(p) }];
  return Object.entries(p).map(([type, ids]) => ({ type, ids: strings(ids) }));
}

/** The statements of a policy in IAM's JSON form (already parsed). */
export function jsonPolicy(value: Value): Policy {
  const doc =
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Unknown)
      ? value
      : undefined;
  const raw = doc?.Statement;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const statements = list.map((s, i): Statement => {
    const o = (
      s !== null && typeof s === 'object' && !Array.isArray(s) && !(s instanceof Unknown) ? s : {}
    ) as Record<string, Value>;
    const conditions: Condition[] = [];
    const cond = o.Condition;
    if (cond && typeof cond === 'object' && !Array.isArray(cond) && !(cond instanceof Unknown)) {
      for (const [test, byKey] of Object.entries(cond)) {
        if (byKey && typeof byKey === 'object' && !Array.isArray(byKey) && !(byKey instanceof Unknown)) {
          for (const [variable, values] of Object.entries(byKey))
            conditions.push({ test, variable, values: strings(values) });
        }
      }
    }
    return {
      sid: typeof o.Sid === 'string' && o.Sid !== '' ? o.Sid : `#${i + 1}`,
      effect: o.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: strings(o.Action ?? o.NotAction),
      notActions: 'NotAction' in o,
      resources: strings(o.Resource ?? o.NotResource),
      notResources: 'NotResource' in o,
      principals: jsonPrincipals(o.Principal ?? o.NotPrincipal),
      notPrincipals: 'NotPrincipal' in o,
      conditions,
      unknown: hasUnknown(s) || typeof s !== 'object',
    };
  });
  return { statements, unknown: doc === undefined || hasUnknown(value), form: 'json' };
}

/** Turns a value the tree resolved into an evaluator value (undefined: unknown). */
function toValue(v: unknown, source: string): Value {
  if (v === undefined) return new Unknown(source);
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => toValue(x, source));
  if (typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toValue(x, source)]));
  return new Unknown(source);
}

const documentReference = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)(?:\[([^\]]*)\])?\.json\}$/;

/**
 * The policy an attribute holds (`policy`, `assume_role_policy`), in directory `dir`; `instance` is the
 * block's for_each entry when known (`each.value...`, and `data....document[each.key].json` read as that
 * document's instance). Undefined when the attribute is absent.
 */
export function policyOf(
  tree: TfTree,
  dir: string,
  value: unknown,
  instance?: Instance,
  depth = 0,
): Policy | undefined {
  if (value === undefined || value === null) return undefined;
  if (depth > 8) return { statements: [], unknown: true, form: 'json' };
  if (typeof value !== 'string') return jsonPolicy(toValue(value, 'value'));
  const source = value.trim();
  const eachRef = /^\$\{each\.value((?:\.[A-Za-z0-9_-]+)*)\}$/.exec(source);
  if (eachRef) {
    let v: unknown = instance?.value;
    for (const key of (eachRef[1] ?? '').split('.').filter(Boolean)) v = record(v)?.[key];
    return v === undefined
      ? { statements: [], unknown: true, form: 'json' }
      : policyOf(tree, dir, v, undefined, depth + 1);
  }
  const doc = documentReference.exec(source);
  if (doc) {
    const block = dataSources(tree, 'aws_iam_policy_document').find(
      (d) => d.file.dir === dir && d.name === doc[1],
    );
    if (!block) return { statements: [], unknown: true, form: 'document' };
    // `[each.key]` (or a literal key): that instance of the document, when its for_each is known.
    const key = doc[2] === undefined ? undefined : indexKey(doc[2], instance);
    const of = key === undefined ? undefined : forEachInstances(tree, block)?.find((i) => i.key === key);
    return documentPolicy(tree, block, of);
  }
  if (/^\$\{(var|local)\.[A-Za-z0-9_.-]+\}$/.test(source)) {
    const resolved = resolve(tree, dir, source);
    return resolved === undefined || resolved === source
      ? { statements: [], unknown: true, form: 'json' }
      : policyOf(tree, dir, resolved, instance, depth + 1);
  }
  if (source.startsWith('${jsonencode(')) {
    try {
      return jsonPolicy(evaluate(source, (path) => toValue(resolve(tree, dir, `\${${path}}`), path)));
    } catch {
      return { statements: [], unknown: true, form: 'json' };
    }
  }
  if (source.startsWith('{')) {
    try {
      return jsonPolicy(JSON.parse(source) as Value);
    } catch {
      // Trailing commas and the like: the HCL object reader takes JSON's syntax too.
      try {
        return jsonPolicy(evaluate(source, (path) => new Unknown(path)));
      } catch {
        return { statements: [], unknown: true, form: 'json' };
      }
    }
  }
  return { statements: [], unknown: true, form: 'json' };
}

/** Each policy a block holds in `attribute`, once per for_each entry when it reads `each.value`. */
export function policiesOfBlock(tree: TfTree, block: Block, attribute: string): Policy[] {
  const value = block.body[attribute];
  if (value === undefined) return [];
  const dir = block.file.dir;
  if (typeof value === 'string' && value.includes('each.value')) {
    const instances = forEachInstances(tree, block);
    if (instances) return instances.flatMap((instance) => policyOf(tree, dir, value, instance) ?? []);
  }
  const policy = policyOf(tree, dir, value);
  return policy ? [policy] : [];
}

/** IAM's pattern match: case-insensitive, `*` any run, `?` one character. */
export function matches(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(value);
}

/** True when an Allow statement grants `action` (through a wildcard, or a NotAction that leaves it in). */
export function allows(st: Statement, action: string): boolean {
  if (st.effect !== 'Allow') return false;
  const hit = st.actions.some((a) => matches(a, action));
  return st.notActions ? !hit : hit;
}

/** True when the statement's resources take in every resource (`*`, or a NotResource). */
export function unrestricted(st: Statement): boolean {
  return st.notResources || st.resources.includes('*');
}

/** A Deny statement whose condition is Bool aws:SecureTransport = false. */
export function deniesInsecureTransport(policy: Policy): boolean {
  return policy.statements.some(
    (s) =>
      s.effect === 'Deny' &&
      s.conditions.some(
        (c) =>
          c.test === 'Bool' &&
          c.variable === 'aws:SecureTransport' &&
          JSON.stringify(c.values) === '["false"]',
      ),
  );
}

/** A wildcard in an IAM action or resource (`*`, `sqs:*`, `arn:...:*`), outside `${}` interpolations. */
export function hasWildcard(value: string): boolean {
  return value.replace(/\$\{[^}]*\}/g, '').includes('*');
}

export type { Body };

/** An identity policy of the tree and where it is written. */
export interface IdentityPolicy {
  readonly block: Block;
  readonly policy: Policy;
  /** `document` (a data source) or `resource` (JSON written on the policy resource or role itself). */
  readonly on: 'document' | 'resource';
}

const policyResources = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
  'aws_ssoadmin_permission_set_inline_policy',
];

/**
 * Every policy document, and every policy written as JSON on a policy resource or in a role's
 * inline_policy block. A resource built from a document is judged on the document, once.
 */
export function identityPolicies(tree: TfTree): IdentityPolicy[] {
  const out: IdentityPolicy[] = dataSources(tree, 'aws_iam_policy_document').map((block) => ({
    block,
    policy: documentPolicy(tree, block),
    on: 'document',
  }));
  const json = (block: Block, policies: readonly Policy[]) => {
    for (const policy of policies) if (policy.form === 'json') out.push({ block, policy, on: 'resource' });
  };
  for (const type of policyResources)
    for (const block of resources(tree, type))
      json(block, [
        ...policiesOfBlock(tree, block, 'policy'),
        ...policiesOfBlock(tree, block, 'inline_policy'),
      ]);
  for (const role of resources(tree, 'aws_iam_role'))
    for (const inline of nested(role.body, 'inline_policy')) {
      const p = policyOf(tree, role.file.dir, inline.policy);
      if (p) json(role, [p]);
    }
  return out;
}
