// Every GitOps check, in the order findings are printed: one file each, named by its id (see ../README and
// scripts/checks/conventions.ts). The validator runs them on each rendered tree.
import { registry } from '../../checks/check.js';
import { argocdApplicationSet } from './argocd-application-set.js';
import { argocdChartPinned } from './argocd-chart-pinned.js';
import { argocdChildPath } from './argocd-child-path.js';
import { argocdClusterScoped } from './argocd-cluster-scoped.js';
import { argocdDefaultProject } from './argocd-default-project.js';
import { argocdDestination } from './argocd-destination.js';
import { argocdHealthCheck } from './argocd-health-check.js';
import { argocdHelmOverrides } from './argocd-helm-overrides.js';
import { argocdKustomizeOverrides } from './argocd-kustomize-overrides.js';
import { argocdNamespace } from './argocd-namespace.js';
import { argocdNamespaceAllowed } from './argocd-namespace-allowed.js';
import { argocdNamespacedKinds } from './argocd-namespaced-kinds.js';
import { argocdProjectClusterResources } from './argocd-project-cluster-resources.js';
import { argocdProjectDestinations } from './argocd-project-destinations.js';
import { argocdProjectOrphans } from './argocd-project-orphans.js';
import { argocdProjectRoles } from './argocd-project-roles.js';
import { argocdProjectSourceNamespaces } from './argocd-project-source-namespaces.js';
import { argocdProjectSources } from './argocd-project-sources.js';
import { argocdProjectUnknown } from './argocd-project-unknown.js';
import { argocdRenderType } from './argocd-render-type.js';
import { argocdServerSideApply } from './argocd-server-side-apply.js';
import { argocdSingleSource } from './argocd-single-source.js';
import { argocdSourceRepo } from './argocd-source-repo.js';
import { argocdSyncPolicy } from './argocd-sync-policy.js';
import { argocdSyncWindow } from './argocd-sync-window.js';
import { argocdTargetRevision } from './argocd-target-revision.js';
import type { TreeSubject } from './subject.js';

export const gitopsChecks = registry<TreeSubject>([
  // Argo CD: what an Application deploys is what was checked, and its project allows no more.
  argocdDefaultProject,
  argocdProjectUnknown,
  argocdSingleSource,
  argocdApplicationSet,
  argocdRenderType,
  argocdKustomizeOverrides,
  argocdHelmOverrides,
  argocdTargetRevision,
  argocdSourceRepo,
  argocdDestination,
  argocdNamespace,
  argocdChildPath,
  argocdClusterScoped,
  argocdNamespaceAllowed,
  argocdNamespacedKinds,
  argocdChartPinned,
  argocdServerSideApply,
  argocdSyncPolicy,
  argocdProjectSources,
  argocdProjectDestinations,
  argocdProjectClusterResources,
  argocdProjectSourceNamespaces,
  argocdProjectRoles,
  argocdProjectOrphans,
  argocdSyncWindow,
  argocdHealthCheck,
]);
