// What the Argo CD checks read from a rendered tree: its Applications and AppProjects, Argo CD's namespace,
// and Argo CD's own answers to "does this project allow that destination / repository / kind". Computed
// once per tree. The checks apply to deployable trees only: a building block is checked where it is included.
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import type { Problem } from '../../checks/finding.js';
import { objectProblem, type TreeSubject } from '../checks/subject.js';
import type { RenderedObject, Tree } from '../model.js';
import { pathMatch, projectMatch } from './glob.js';

type Spec<T> = T extends { spec: infer S } ? S : never;
export type ProjectSpec = Spec<IAppProject>;
export type AppSpec = Spec<IApplication>;
export type AppDestination = AppSpec['destination'];

/** The project whose Applications may write to Argo CD's own namespace (the roots of app-of-apps). */
export const ADMIN_PROJECT = 'admin';

export interface ArgoApp {
  readonly item: RenderedObject;
  readonly name: string;
  readonly spec: AppSpec;
}

export interface ArgoProject {
  readonly item: RenderedObject;
  readonly name: string;
  readonly spec: ProjectSpec;
}

export interface ArgoTree {
  readonly apps: readonly ArgoApp[];
  readonly projects: ReadonlyMap<string, ArgoProject>;
  /** The namespace the tree's Applications live in (where Argo CD runs). @defaultValue `argocd` */
  readonly argocdNamespace: string;
}

const cache = new WeakMap<Tree, ArgoTree>();

/** The tree's Argo CD objects, or undefined for a building block (checked where it is included). */
export function argoTree(subject: TreeSubject): ArgoTree | undefined {
  if (!subject.deployable) return undefined;
  let found = cache.get(subject.tree);
  if (!found) {
    const of = (kind: string) => subject.tree.objects.filter((o) => o.object.kind === kind);
    const apps = of('Application').map((item) => ({
      item,
      name: item.object.metadata?.name ?? '',
      spec: (item.object.spec ?? {}) as AppSpec,
    }));
    const projects = new Map(
      of('AppProject').map((item) => {
        const name = item.object.metadata?.name ?? '';
        return [name, { item, name, spec: (item.object.spec ?? {}) as ProjectSpec }] as const;
      }),
    );
    found = { apps, projects, argocdNamespace: apps[0]?.item.object.metadata?.namespace ?? 'argocd' };
    cache.set(subject.tree, found);
  }
  return found;
}

/** The Application's project, when it names one other than `default` that the tree defines. */
export function projectOf(argo: ArgoTree, app: ArgoApp): ArgoProject | undefined {
  const name = app.spec.project;
  return name && name !== 'default' ? argo.projects.get(name) : undefined;
}

/**
 * Argo CD's `isDestinationMatched`: some destination matches server (or name) and namespace, and no deny
 * pattern (`!…`) refuses them.
 */
export function destinationAllowed(project: ProjectSpec, destination: AppDestination, namespace: string) {
  let matched = false;
  for (const item of project.destinations ?? []) {
    const pattern = (p: string | undefined) => p ?? '';
    const nameMatched = !!destination.name && projectMatch(pattern(item.name), destination.name);
    const serverMatched = !!destination.server && projectMatch(pattern(item.server), destination.server);
    const namespaceMatched = projectMatch(pattern(item.namespace), namespace);
    if ((serverMatched || nameMatched) && namespaceMatched) matched = true;
    else if (
      (!nameMatched && pattern(item.name).startsWith('!')) ||
      (!serverMatched && pattern(item.server).startsWith('!') && namespaceMatched)
    )
      return false;
    else if (!namespaceMatched && pattern(item.namespace).startsWith('!') && serverMatched) return false;
  }
  return matched;
}

/** A repository URL as Argo CD compares them: case, a trailing `/` and `.git` do not matter. */
export function normalizeRepo(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/** Argo CD's `IsSourcePermitted`: a source repository pattern matches (`/` separates), no deny pattern refuses. */
export function sourceAllowed(project: ProjectSpec, repoURL: string): boolean {
  const repo = normalizeRepo(repoURL);
  let matched = false;
  for (const raw of project.sourceRepos ?? []) {
    const deny = raw.startsWith('!');
    const pattern = `${deny ? '!' : ''}${normalizeRepo(deny ? raw.slice(1) : raw)}`;
    if (projectMatch(pattern, repo, '/')) matched = true;
    else if (deny) return false;
  }
  return matched;
}

/** The rendered tree of an Application whose source is a path of this repository. */
export function childTree(subject: TreeSubject, app: ArgoApp): Tree | undefined {
  const path = app.spec.source?.path;
  return path === undefined ? undefined : subject.trees.get(path.replace(/\/+$/, ''));
}

interface ResourceEntry {
  readonly group: string;
  readonly kind: string;
  readonly name?: string;
}
const inList = (list: readonly ResourceEntry[], group: string, kind: string, name: string) =>
  list.some(
    (e) => pathMatch(e.kind, kind) && pathMatch(e.group, group) && (!e.name || pathMatch(e.name, name)),
  );

/**
 * Argo CD's `IsGroupKindNamePermitted`: a namespaced kind is allowed unless a namespaceResourceWhitelist
 * is set and leaves it out, or the blacklist names it; a cluster-scoped kind only when the (possibly
 * name-restricted) clusterResourceWhitelist names it and the blacklist does not.
 */
export function kindPermitted(
  project: ProjectSpec,
  group: string,
  kind: string,
  name: string,
  namespaced: boolean,
) {
  const list = (value: unknown) => (Array.isArray(value) ? (value as ResourceEntry[]) : undefined);
  const white = list(namespaced ? project.namespaceResourceWhitelist : project.clusterResourceWhitelist);
  const black =
    list(namespaced ? project.namespaceResourceBlacklist : project.clusterResourceBlacklist) ?? [];
  const whitelisted = namespaced && white === undefined ? true : inList(white ?? [], group, kind, name);
  return whitelisted && !inList(black, group, kind, name);
}

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

export const groupOf = (apiVersion: string): string =>
  apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';

/** Each Application of a deployable tree with the check's messages, as problems at the Application. */
export function perApp(
  subject: TreeSubject,
  check: (app: ArgoApp, argo: ArgoTree) => Iterable<string>,
): Problem[] {
  const argo = argoTree(subject);
  if (!argo) return [];
  return argo.apps.flatMap((app) => [...check(app, argo)].map((m) => objectProblem(subject, app.item, m)));
}

/** Each AppProject of a deployable tree with the check's messages, as problems at the project. */
export function perProject(
  subject: TreeSubject,
  check: (project: ArgoProject, argo: ArgoTree) => Iterable<string>,
): Problem[] {
  const argo = argoTree(subject);
  if (!argo) return [];
  return [...argo.projects.values()].flatMap((p) =>
    [...check(p, argo)].map((m) => objectProblem(subject, p.item, m)),
  );
}

/**
 * The namespaces a project's Applications in this tree deploy to (destinations, and the namespaces of
 * what their paths render): the environment's list. Undefined when none of the tree's Applications uses it.
 */
export function usedNamespaces(
  subject: TreeSubject,
  argo: ArgoTree,
  project: string,
): Set<string> | undefined {
  const apps = argo.apps.filter((a) => a.spec.project === project);
  if (apps.length === 0) return undefined;
  const used = new Set<string>();
  for (const app of apps) {
    const destination = app.spec.destination?.namespace ?? '';
    used.add(destination);
    for (const { object } of childTree(subject, app)?.objects ?? [])
      if (!CLUSTER_SCOPED.has(object.kind)) used.add(object.metadata?.namespace ?? destination);
  }
  return used;
}
