// Every GitOps check, in the order findings are printed: one file each, named by its id (see ../README and
// scripts/checks/conventions.ts). The validator runs them on each rendered tree.
import { registry } from '../../checks/check.js';
import { addonDependencies } from './addon-dependencies.js';
import { allowPrivilegeEscalation } from './allow-privilege-escalation.js';
import { appArmorProfile } from './app-armor-profile.js';
import { argocdLegacy } from './argocd-legacy.js';
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
  // TEMPORARY: replaced by the Argo CD checks (see argocd-legacy.ts).
  argocdLegacy,
]);
