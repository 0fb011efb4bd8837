import { queueAlarms } from './alarms.js';
import { controlPlaneLogging, eksCompute, publicEndpoint } from './cluster.js';
import { databaseAccess } from './database.js';
import { encryption } from './encryption.js';
import { fargateNodeTraffic } from './fargate-nodes.js';
import { githubOidcTrust } from './github-oidc.js';
import { iamNames } from './iam-names.js';
import { queueDlq, queuePolicy } from './messaging.js';
import { moduleInputs } from './module-inputs.js';
import { ecrRepositories } from './registry.js';
import type { Rule } from './rule.js';
import { stateBackend, stateBucket } from './state.js';
import { envParity, moduleShape, outputsContract, variableRules, versionPins } from './structure.js';
import { workloadPolicies, workloadTrust } from './workloads.js';

/** Every policy rule, in the order findings are printed. */
export const rules: readonly Rule[] = [
  githubOidcTrust,
  workloadTrust,
  workloadPolicies,
  iamNames,
  encryption,
  stateBackend,
  stateBucket,
  ecrRepositories,
  controlPlaneLogging,
  publicEndpoint,
  eksCompute,
  fargateNodeTraffic,
  queueDlq,
  queuePolicy,
  queueAlarms,
  databaseAccess,
  moduleShape,
  variableRules,
  versionPins,
  moduleInputs,
  outputsContract,
  envParity,
];

export type { Rule } from './rule.js';
