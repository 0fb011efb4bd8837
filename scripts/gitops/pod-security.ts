// Pod Security Admission's checks as GitOps checks: one per PSA check (k8s.io/pod-security-admission
// policy/check_*.go), each mirroring the newest version of its PSA counterpart, with PSA's reason and detail
// wording, so a finding reads like the API server's own refusal. Like PSA, a pod is checked at the level its
// namespace enforces (`pod-security.kubernetes.io/enforce` on a Namespace of the same tree); where the tree
// declares none, at `restricted`, the project's standard (stricter than PSA's own default, privileged). At
// `restricted`, PSA runs the baseline checks too, except those a restricted check replaces.
import { type Check, defineCheck } from '../checks/check.js';
import { perObject, type TreeSubject } from './checks/subject.js';
import type { K8sObject, Tree } from './model.js';
import { type PodTemplate, podTemplate } from './pods.js';

export type Level = 'privileged' | 'baseline' | 'restricted';

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/** A PSA refusal: its ForbiddenReason and ForbiddenDetail. */
export interface Refusal {
  readonly reason: string;
  readonly detail: string;
}

export interface PodSecurityCheckSpec {
  readonly id: string;
  /** PSA's check id, e.g. `capabilities_restricted`. */
  readonly psaCheck: string;
  readonly level: 'baseline' | 'restricted';
  readonly summary: string;
  /** For a baseline check: the restricted PSA check that replaces it at `restricted` (PSA's OverrideCheckIDs). */
  readonly replacedAtRestrictedBy?: string;
  /** PSA's check of one pod: a refusal, or undefined when it allows the pod. */
  check(pod: PodTemplate): Refusal | undefined;
}

/** The checks made with {@link podSecurityCheck}: what "refused for pod security" means (the PSA bench too). */
const made = new WeakSet<Check<never>>();
export const isPodSecurityCheck = (check: Check<never>): boolean => made.has(check);

/** Our baseline check id → the PSA id of the restricted check that replaces it at `restricted`. */
export const replacedAtRestricted = new Map<string, string>();

export function podSecurityCheck(spec: PodSecurityCheckSpec): Check<TreeSubject> {
  const check = defineCheck<TreeSubject>({
    id: spec.id,
    summary: spec.summary,
    standsFor: [spec.psaCheck],
    run: (subject) =>
      perObject(subject, function* (item) {
        const pod = podTemplate(item.object);
        if (!pod) return;
        const level = namespaceLevel(subject.tree, item.object);
        if (!applies(spec, level)) return;
        const refusal = spec.check(pod);
        if (refusal) yield `violates PodSecurity "${level}:latest": ${refusal.reason} (${refusal.detail})`;
      }),
  });
  made.add(check as Check<never>);
  if (spec.replacedAtRestrictedBy) replacedAtRestricted.set(spec.id, spec.replacedAtRestrictedBy);
  return check;
}

function applies(spec: PodSecurityCheckSpec, level: Level): boolean {
  if (level === 'privileged') return false;
  if (spec.level === 'restricted') return level === 'restricted';
  return level === 'baseline' || spec.replacedAtRestrictedBy === undefined;
}

const levels = new WeakMap<Tree, Map<string, Level>>();

/** The level PSA enforces on the object's namespace, as declared in the tree; `restricted` when undeclared. */
export function namespaceLevel(tree: Tree, object: K8sObject): Level {
  let byName = levels.get(tree);
  if (!byName) {
    byName = new Map();
    for (const { object: o } of tree.objects)
      if (o.kind === 'Namespace' && o.metadata?.name) byName.set(o.metadata.name, levelOf(o));
    levels.set(tree, byName);
  }
  return byName.get(object.metadata?.namespace ?? 'default') ?? 'restricted';
}

/** A Namespace's enforced level; PSA evaluates an unparsable label as `restricted`. */
function levelOf(namespace: K8sObject): Level {
  const value = namespace.metadata?.labels?.[ENFORCE_LABEL];
  return value === 'privileged' || value === 'baseline' ? value : 'restricted';
}

/** PSA's pluralize. */
export const plural = (singular: string, plural: string, count: number): string =>
  count === 1 ? singular : plural;

/** PSA's joinQuote: `"a", "b"`. */
export const joinQuote = (items: readonly string[]): string => items.map((i) => `"${i}"`).join(', ');

/** `container "a"` / `containers "a", "b"`. */
export const containersPhrase = (names: readonly string[]): string =>
  `${plural('container', 'containers', names.length)} ${joinQuote(names)}`;

/** Sorted distinct values, as PSA's sets.List(). */
export const sortedSet = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** PSA relaxes some checks for pods in a user namespace (`hostUsers: false`), from v1.35. */
export const inUserNamespace = (pod: PodTemplate): boolean => pod.spec.hostUsers === false;

/** PSA exempts Windows pods (`spec.os.name: windows`) from some restricted checks, from v1.25. */
export const isWindows = (pod: PodTemplate): boolean => pod.spec.os?.name === 'windows';
