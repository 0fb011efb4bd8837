// Rules about a deployable tree as a whole: every namespace with pods has a default-deny NetworkPolicy,
// no Secret carries data, no placeholder is left unfilled, and in prod every image is pinned by digest
// and every Deployment is covered by a PodDisruptionBudget.
import { type Finding, finding, type K8sObject, list, record, type Tree } from '../model.js';
import { allContainers, podTemplate } from '../pods.js';
import { imageReferenceFindings } from './workload.js';

/** The placeholder the bases carry until an environment's aws.env replaces it. */
export const PLACEHOLDER = 'from-aws-env';
const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** Whether a tree deploys to prod (a path segment `prod`). */
export function isProd(tree: Tree): boolean {
  return tree.dir.split('/').includes('prod');
}

/** Rule `secret-data`, for every tree: secrets come from External Secrets, never from git. */
export function secretFindings(tree: Tree): Finding[] {
  return tree.objects
    .filter(
      (o) => o.object.kind === 'Secret' && (hasEntries(o.object.data) || hasEntries(o.object.stringData)),
    )
    .map((o) =>
      finding(tree, o, 'secret-data', 'a Secret with data is a secret in git: use an ExternalSecret instead'),
    );
}

function hasEntries(value: unknown): boolean {
  return Object.keys(record(value) ?? {}).length > 0;
}

/** Rules for a tree that is deployed as it stands (no other kustomization includes it). */
export function deployableFindings(tree: Tree): Finding[] {
  const out: Finding[] = [];
  for (const item of tree.objects) {
    out.push(...imageReferenceFindings(tree, item));
    const text = JSON.stringify(item.object);
    if (text.includes(PLACEHOLDER))
      out.push(
        finding(
          tree,
          item,
          'unfilled-value',
          `still holds the placeholder "${PLACEHOLDER}": the environment's aws.env must replace it`,
        ),
      );
  }
  out.push(...networkPolicyFindings(tree));
  if (isProd(tree)) out.push(...prodFindings(tree));
  return out;
}

/** Rule `network-policy`: each namespace that runs pods has a default deny for both directions. */
function networkPolicyFindings(tree: Tree): Finding[] {
  const denied = new Set(
    tree.objects
      .filter(({ object }) => {
        const spec = record(object.spec);
        const selector = record(spec?.podSelector);
        const types = list(spec?.policyTypes);
        return (
          object.kind === 'NetworkPolicy' &&
          selector !== undefined &&
          Object.keys(selector).length === 0 &&
          types.includes('Ingress') &&
          types.includes('Egress')
        );
      })
      .map(({ object }) => object.metadata?.namespace ?? 'default'),
  );
  const out: Finding[] = [];
  const reported = new Set<string>();
  for (const item of tree.objects) {
    if (!podTemplate(item.object)) continue;
    const ns = item.object.metadata?.namespace ?? 'default';
    if (denied.has(ns) || reported.has(ns)) continue;
    reported.add(ns);
    out.push(
      finding(
        tree,
        item,
        'network-policy',
        `namespace "${ns}" has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress)`,
      ),
    );
  }
  return out;
}

function prodFindings(tree: Tree): Finding[] {
  const out: Finding[] = [];
  const pdbs = tree.objects.filter((o) => o.object.kind === 'PodDisruptionBudget');
  for (const item of tree.objects) {
    const pod = podTemplate(item.object);
    if (!pod) continue;
    for (const c of allContainers(pod.spec))
      if (!DIGEST.test(c.image ?? ''))
        out.push(
          finding(
            tree,
            item,
            'prod-digest',
            `container "${c.name}" image "${c.image}" is not pinned by digest (@sha256:…)`,
          ),
        );
    if (item.object.kind === 'Deployment' && !pdbs.some((p) => selects(p.object, item.object, pod.labels)))
      out.push(finding(tree, item, 'prod-pdb', "no PodDisruptionBudget selects this Deployment's pods"));
  }
  return out;
}

function selects(pdb: K8sObject, workload: K8sObject, labels: Record<string, string>): boolean {
  if ((pdb.metadata?.namespace ?? 'default') !== (workload.metadata?.namespace ?? 'default')) return false;
  const selector = record(record(pdb.spec)?.selector);
  const match = record(selector?.matchLabels) ?? {};
  if (!selector || list(selector.matchExpressions).length > 0 || Object.keys(match).length === 0)
    return false;
  return Object.entries(match).every(([k, v]) => labels[k] === v);
}
