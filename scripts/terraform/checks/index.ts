// Every policy check of `check:terraform`, in the order findings are printed: one file each, named by its id
// (see terraform/README.md and scripts/checks/conventions.ts).
import { registry } from '../../checks/check.js';
import type { TfTree } from '../hcl.js';
import { bucketTlsOnly } from './bucket-tls-only.js';
import { databaseAccess } from './database-access.js';
import { databasePublic } from './database-public.js';
import { deletionProtection } from './deletion-protection.js';
import { ecrLifecycle } from './ecr-lifecycle.js';
import { ecrRepository } from './ecr-repository.js';
import { eksCompute } from './eks-compute.js';
import { eksControlPlaneLogging } from './eks-control-plane-logging.js';
import { eksPublicEndpoint } from './eks-public-endpoint.js';
import { encryption } from './encryption.js';
import { fargateNodeTraffic } from './fargate-node-traffic.js';
import { githubOidcSubject } from './github-oidc-subject.js';
import { githubOidcTrust } from './github-oidc-trust.js';
import { iamAdminAccess } from './iam-admin-access.js';
import { iamNames } from './iam-names.js';
import { iamPrivilegeEscalation } from './iam-privilege-escalation.js';
import { iamSelfEscalation } from './iam-self-escalation.js';
import { iamStarAction } from './iam-star-action.js';
import { instanceMetadataV2 } from './instance-metadata-v2.js';
import { logExportsDeclared } from './log-exports-declared.js';
import { logGroups } from './log-groups.js';
import { moduleInputs } from './module-inputs.js';
import { moduleShape } from './module-shape.js';
import { openIngress } from './open-ingress.js';
import { outputsContract } from './outputs-contract.js';
import { policyReadable } from './policy-readable.js';
import { publicResourcePolicy } from './public-resource-policy.js';
import { queueAlarms } from './queue-alarms.js';
import { queueDlq } from './queue-dlq.js';
import { queuePolicy } from './queue-policy.js';
import { resourceCoverage } from './resource-coverage.js';
import { stateBackend } from './state-backend.js';
import { stateBucket } from './state-bucket.js';
import { variables } from './variables.js';
import { versions } from './versions.js';
import { workloadPermissions } from './workload-permissions.js';
import { workloadTrust } from './workload-trust.js';

export const terraformChecks = registry<TfTree>([
  githubOidcTrust,
  githubOidcSubject,
  workloadTrust,
  workloadPermissions,
  iamAdminAccess,
  iamStarAction,
  iamPrivilegeEscalation,
  iamSelfEscalation,
  iamNames,
  policyReadable,
  encryption,
  openIngress,
  publicResourcePolicy,
  stateBackend,
  stateBucket,
  bucketTlsOnly,
  ecrRepository,
  ecrLifecycle,
  eksControlPlaneLogging,
  eksPublicEndpoint,
  eksCompute,
  fargateNodeTraffic,
  queueDlq,
  queuePolicy,
  queueAlarms,
  databaseAccess,
  databasePublic,
  deletionProtection,
  instanceMetadataV2,
  logGroups,
  logExportsDeclared,
  moduleShape,
  variables,
  versions,
  moduleInputs,
  outputsContract,
  resourceCoverage,
]);
