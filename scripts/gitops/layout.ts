// Where things live in the GitOps tree (gitops/README.md, Layout), laid out as fluxcd's
// flux2-kustomize-helm-example lays out its own: one entry folder per cluster, the cluster's infrastructure
// (controllers, then their configuration), and the apps (a component per kind of service, a base per
// service, an overlay per environment). Code names these paths through the helpers below, never as literals.
// Paths are relative to the repository root, with `/`.
import type { Environment, Kind } from '../../services/lib/catalogue/score-schema.js';

/** The GitOps root. */
export const GITOPS_DIR = 'gitops';

/** A cluster's entry: `kubectl apply -k` bootstraps it, and its root Application renders it. */
export const clusterDir = (env: Environment): string => `${GITOPS_DIR}/clusters/${env}`;
/** Terraform's values for a cluster's controllers (AWS_REGION, CLUSTER_NAME, the add-ons' roles, ...). */
export const clusterAwsEnvFile = (env: Environment): string => `${clusterDir(env)}/aws.env`;
/** init.values.json's values for a cluster (REPO_URL, NAMESPACE), derived by `npm run derive`. */
export const clusterPlatformEnvFile = (env: Environment): string => `${clusterDir(env)}/platform.env`;
/** The Component every cluster includes that replaces them into the Applications and projects. */
export const CLUSTER_VALUES_DIR = `${GITOPS_DIR}/clusters/values`;

/** The controllers every cluster runs, one Argo CD Application each. */
export const CONTROLLERS_DIR = `${GITOPS_DIR}/infrastructure/controllers`;
/** A controller's Application file (`argo-cd`, `external-secrets`, ...). */
export const controllerFile = (name: string): string => `${CONTROLLERS_DIR}/${name}.yaml`;
/** The controllers' configuration: the admin project, argocd-cm, the monitoring configuration's Application. */
export const CONFIGS_DIR = `${GITOPS_DIR}/infrastructure/configs`;
/** The services' alert rules (with their promtool tests) and Grafana dashboard. */
export const MONITORING_DIR = `${CONFIGS_DIR}/monitoring`;
/** The Component that gives a cluster's Argo CD its repository credentials (opted into by the cluster). */
export const argocdRepositoryDir = (env: Environment): string => `${CONFIGS_DIR}/argocd-repository/${env}`;
/** Terraform's values for it (role, secret name, region). */
export const repositoryEnvFile = (env: Environment): string => `${argocdRepositoryDir(env)}/repository.env`;

/** The services' tree. */
export const APPS_DIR = `${GITOPS_DIR}/apps`;
/** The Component every service of a kind includes. */
export const kindComponentDir = (kind: Kind): string => `${APPS_DIR}/components/${kind}`;
/** The Component a service with a postgres resource includes (its DATABASE_URL). */
export const POSTGRES_COMPONENT_DIR = `${APPS_DIR}/components/postgres`;
/** The Component a service with an oauth-client resource includes (its client credentials' ExternalSecret). */
export const OAUTH_CLIENT_COMPONENT_DIR = `${APPS_DIR}/components/oauth-client`;
/** A service's base, derived from its declaration. */
export const serviceBaseDir = (service: string): string => `${APPS_DIR}/base/${service}`;
/** What every environment's namespace holds besides the services (policies, SecretStore, the entrypoint). */
export const COMMON_DIR = `${APPS_DIR}/common`;
/** The entrypoint Ingress, derived from the declarations' x-routes. */
export const INGRESS_FILE = `${COMMON_DIR}/ingress.yaml`;
/** The NetworkPolicies between services, derived from the declarations' service-port resources. */
export const PEERS_FILE = `${COMMON_DIR}/peers.yaml`;
/** An environment's overlay: what its Argo CD Application deploys and gitops-bump pins. */
export const overlayDir = (env: Environment): string => `${APPS_DIR}/${env}`;
/** The overlay's kustomization, holding the environment's one images list. */
export const overlayKustomizationFile = (env: Environment): string => `${overlayDir(env)}/kustomization.yaml`;
/** Terraform's values for the environment's services (keys: services/lib/catalogue/aws-env.ts). */
export const awsEnvFile = (env: Environment): string => `${overlayDir(env)}/aws.env`;
/** Who signs the tokens the services accept for writes. */
export const authEnvFile = (env: Environment): string => `${overlayDir(env)}/auth.env`;
/** The environment's service wiring, derived from the declarations (a Component of the overlay). */
export const servicesWiringDir = (env: Environment): string => `${overlayDir(env)}/services`;
