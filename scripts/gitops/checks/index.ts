// Every GitOps check, in the order findings are printed: one file each, named by its id (see ../README and
// scripts/checks/conventions.ts). The validator runs them on each rendered tree.
import { registry } from '../../checks/check.js';
import { addonDependencies } from './addon-dependencies.js';
import { allowPrivilegeEscalation } from './allow-privilege-escalation.js';
import { appArmorProfile } from './app-armor-profile.js';
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
import { capabilitiesBaseline } from './capabilities-baseline.js';
import { capabilitiesRestricted } from './capabilities-restricted.js';
import { chartFacts } from './chart-facts.js';
import { fargate } from './fargate.js';
import { gracePeriod } from './grace-period.js';
import { hostNamespaces } from './host-namespaces.js';
import { hostPathVolumes } from './host-path-volumes.js';
import { hostPorts } from './host-ports.js';
import { hostProbesAndHostLifecycleHooks } from './host-probes-and-host-lifecycle-hooks.js';
import { imageReference } from './image-reference.js';
import { namespacePodSecurity } from './namespace-pod-security.js';
import { networkPolicy } from './network-policy.js';
import { privileged } from './privileged.js';
import { probes } from './probes.js';
import { procMount } from './proc-mount.js';
import { procMountRestricted } from './proc-mount-restricted.js';
import { prodDigest } from './prod-digest.js';
import { prodPdb } from './prod-pdb.js';
import { prodServiceType } from './prod-service-type.js';
import { prodWorkloadRbac } from './prod-workload-rbac.js';
import { promtoolAlertUntested } from './promtool-alert-untested.js';
import { promtoolCheck } from './promtool-check.js';
import { promtoolTest } from './promtool-test.js';
import { readOnlyRoot } from './read-only-root.js';
import { render } from './render.js';
import { resources } from './resources.js';
import { restrictedVolumes } from './restricted-volumes.js';
import { runAsNonRoot } from './run-as-non-root.js';
import { runAsUid } from './run-as-uid.js';
import { runAsUser } from './run-as-user.js';
import { schema } from './schema.js';
import { schemaUnknownField } from './schema-unknown-field.js';
import { schemaUnknownKind } from './schema-unknown-kind.js';
import { seccompProfileBaseline } from './seccomp-profile-baseline.js';
import { seccompProfileRestricted } from './seccomp-profile-restricted.js';
import { secretData } from './secret-data.js';
import { selinuxOptions } from './selinux-options.js';
import { serviceAccountToken } from './service-account-token.js';
import type { TreeSubject } from './subject.js';
import { sysctls } from './sysctls.js';
import { uncheckedPodTemplate } from './unchecked-pod-template.js';
import { unfilledValue } from './unfilled-value.js';
import { windowsHostProcess } from './windows-host-process.js';

/** Pod Security Admission's checks, baseline then restricted, as PSA orders them. */
export const podSecurityChecks = [
  appArmorProfile,
  capabilitiesBaseline,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycleHooks,
  privileged,
  procMount,
  selinuxOptions,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
] as const;

export const gitopsChecks = registry<TreeSubject>([
  render,
  schema,
  schemaUnknownField,
  schemaUnknownKind,
  ...podSecurityChecks,
  uncheckedPodTemplate,
  namespacePodSecurity,
  readOnlyRoot,
  resources,
  probes,
  gracePeriod,
  runAsUid,
  serviceAccountToken,
  imageReference,
  unfilledValue,
  networkPolicy,
  secretData,
  prodDigest,
  prodPdb,
  prodServiceType,
  prodWorkloadRbac,
  chartFacts,
  fargate,
  addonDependencies,
  promtoolCheck,
  promtoolTest,
  promtoolAlertUntested,
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
