// Argo CD rules, following its security guidance for app-of-apps: only the admin project may write to
// Argo CD's namespace (the root Applications live there); every other Application names a real project
// (never default) whose sources, destinations and cluster-scoped kinds allow exactly what the
// Application deploys, which the validator knows because it renders the Application's path too.

import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { type Finding, finding, type K8sObject, type RenderedObject, type Tree } from '../model.js';

/** The project whose Applications may write to Argo CD's own namespace. */
export const ADMIN_PROJECT = 'admin';
const HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';
/** Charts whose CRDs exceed client-side apply's annotation limit. */
const SERVER_SIDE_APPLY_CHARTS = ['kube-prometheus-stack'];
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** Kinds that have no namespace. */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'APIService',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ClusterSecretStore',
  'ClusterIssuer',
]);

type Spec<T> = T extends { spec: infer S } ? S : never;
type ProjectSpec = Spec<IAppProject>;
type AppSpec = Spec<IApplication>;

const glob = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);
const groupOf = (apiVersion: string): string =>
  apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';

/**
 * Rules `argocd/*` for a tree. `trees` are all rendered trees (by repo-relative dir), for the
 * Applications whose source is a path in this repository.
 */
export function argocdFindings(tree: Tree, trees: Map<string, Tree>): Finding[] {
  const out: Finding[] = [];
  const add = (item: RenderedObject, rule: string, message: string) =>
    out.push(finding(tree, item, `argocd/${rule}`, message));
  const apps = tree.objects.filter((o) => o.object.kind === 'Application');
  const projects = new Map(
    tree.objects.filter((o) => o.object.kind === 'AppProject').map((o) => [o.object.metadata?.name ?? '', o]),
  );
  const argocdNamespace = apps[0]?.object.metadata?.namespace ?? 'argocd';

  for (const [name, item] of projects) {
    const spec = (item.object.spec ?? {}) as ProjectSpec;
    if ((spec.sourceRepos ?? []).length === 0 || spec.sourceRepos?.some((r) => r.includes('*')))
      add(item, 'project-sources', 'sourceRepos must list exact repositories (no wildcard)');
    if (!Array.isArray(spec.clusterResourceWhitelist))
      add(
        item,
        'project-cluster-resources',
        'clusterResourceWhitelist must be explicit (an empty list allows none)',
      );
    if (spec.orphanedResources?.warn !== true)
      add(item, 'project-orphans', 'orphanedResources.warn must be true');
    for (const d of spec.destinations ?? []) {
      if (!d.namespace || d.namespace.includes('*'))
        add(item, 'project-destinations', 'destinations must name each namespace (no wildcard)');
      else if (d.namespace === argocdNamespace && name !== ADMIN_PROJECT)
        add(
          item,
          'argocd-namespace',
          `only project "${ADMIN_PROJECT}" may deploy to Argo CD's namespace "${argocdNamespace}"`,
        );
    }
    if (name === 'prod' && (spec.syncWindows ?? []).length === 0)
      add(item, 'sync-window', 'project prod must have a sync window');
  }

  for (const item of apps) {
    const spec = (item.object.spec ?? {}) as AppSpec;
    const project = spec.project;
    if (!project || project === 'default') {
      add(
        item,
        'default-project',
        'Applications must not use project "default": name a project with explicit limits',
      );
      continue;
    }
    const destination = spec.destination ?? {};
    const namespace = destination.namespace ?? '';
    if (namespace === argocdNamespace && project !== ADMIN_PROJECT)
      add(
        item,
        'argocd-namespace',
        `only project "${ADMIN_PROJECT}" may deploy to Argo CD's namespace "${argocdNamespace}"`,
      );
    const projectItem = projects.get(project);
    if (!projectItem) {
      add(item, 'project-unknown', `project "${project}" is not defined in this tree`);
      continue;
    }
    const projectSpec = (projectItem.object.spec ?? {}) as ProjectSpec;
    const allowed = (ns: string) =>
      (projectSpec.destinations ?? []).some(
        (d) =>
          glob(d.namespace ?? '', ns) && glob(d.server ?? '*', destination.server ?? destination.name ?? ''),
      );
    if (!allowed(namespace))
      add(item, 'destination', `destination namespace "${namespace}" is not allowed by project "${project}"`);
    out.push(...sourceFindings(tree, item, spec, projectSpec));
    out.push(...syncFindings(tree, item, spec));
    const path = spec.source?.path;
    if (spec.source && path !== undefined) {
      const child = trees.get(path.replace(/\/+$/, ''));
      if (!child)
        add(item, 'child-path', `source path "${path}" is not a kustomization under the GitOps root`);
      else out.push(...childFindings(tree, item, child, namespace, projectSpec, allowed));
    }
  }

  const root = apps.find((a) => (a.object.spec as AppSpec | undefined)?.project === ADMIN_PROJECT);
  if (root) {
    const cm = tree.objects.find(
      (o) => o.object.kind === 'ConfigMap' && o.object.metadata?.name === 'argocd-cm',
    );
    const data = (cm?.object.data ?? {}) as Record<string, string>;
    if (!data[HEALTH_KEY]?.includes('obj.status.health'))
      out.push({
        file: root.file,
        rule: 'argocd/health-check',
        message: `an app-of-apps tree must ship argocd-cm with ${HEALTH_KEY} (removed from Argo CD's defaults in 1.8), or its sync waves do not wait`,
        tree: tree.dir,
      });
  }
  return out;
}

function sourceFindings(tree: Tree, item: RenderedObject, spec: AppSpec, project: ProjectSpec): Finding[] {
  const out: Finding[] = [];
  const source = spec.source;
  if (!source)
    return [
      finding(tree, item, 'argocd/source', 'spec.source is required (one source per Application here)'),
    ];
  if (!(project.sourceRepos ?? []).includes(source.repoURL))
    out.push(
      finding(
        tree,
        item,
        'argocd/source-repo',
        `repoURL ${source.repoURL} is not in project "${spec.project}"'s sourceRepos`,
      ),
    );
  if (source.chart !== undefined) {
    if (!EXACT_VERSION.test(source.targetRevision ?? ''))
      out.push(
        finding(
          tree,
          item,
          'argocd/chart-pinned',
          `chart ${source.chart} must be pinned to an exact version, not "${source.targetRevision ?? ''}"`,
        ),
      );
    if (
      SERVER_SIDE_APPLY_CHARTS.includes(source.chart) &&
      !spec.syncPolicy?.syncOptions?.includes('ServerSideApply=true')
    )
      out.push(
        finding(
          tree,
          item,
          'argocd/server-side-apply',
          `chart ${source.chart} has CRDs too large for client-side apply: add syncOptions ServerSideApply=true`,
        ),
      );
  }
  return out;
}

function syncFindings(tree: Tree, item: RenderedObject, spec: AppSpec): Finding[] {
  const automated = spec.syncPolicy?.automated;
  if (spec.project === 'prod' && automated)
    return [
      finding(
        tree,
        item,
        'argocd/sync-policy',
        'prod Applications sync by hand: remove syncPolicy.automated',
      ),
    ];
  if (spec.project === 'dev' && (automated?.prune !== true || automated.selfHeal !== true))
    return [
      finding(
        tree,
        item,
        'argocd/sync-policy',
        'dev Applications sync automatically: set syncPolicy.automated prune and selfHeal',
      ),
    ];
  return [];
}

/** What the child Application deploys must fit its project: cluster-scoped kinds and namespaces. */
function childFindings(
  tree: Tree,
  item: RenderedObject,
  child: Tree,
  defaultNamespace: string,
  project: ProjectSpec,
  allowed: (ns: string) => boolean,
): Finding[] {
  const out: Finding[] = [];
  const whitelist = project.clusterResourceWhitelist ?? [];
  for (const { object } of child.objects) {
    if (isClusterScoped(object)) {
      const group = groupOf(object.apiVersion);
      if (!whitelist.some((w) => glob(w.group, group) && glob(w.kind, object.kind)))
        out.push(
          finding(
            tree,
            item,
            'argocd/cluster-scoped',
            `deploys cluster-scoped ${object.kind} "${object.metadata?.name}" (from ${child.dir}), which project "${(item.object.spec as AppSpec).project}" does not whitelist`,
          ),
        );
    } else {
      const ns = object.metadata?.namespace ?? defaultNamespace;
      if (!allowed(ns))
        out.push(
          finding(
            tree,
            item,
            'argocd/namespace-allowed',
            `deploys ${object.kind} "${object.metadata?.name}" into namespace "${ns}" (from ${child.dir}), which project "${(item.object.spec as AppSpec).project}" does not allow`,
          ),
        );
    }
  }
  return out;
}

function isClusterScoped(object: K8sObject): boolean {
  return CLUSTER_SCOPED.has(object.kind);
}
