// An environment's service wiring (apps/<env>/services/kustomization.yaml, a Component of the overlay):
// which services it runs (their bases), each one's values from the environment's aws.env (its IRSA role,
// the placeholders of its variables), and its scale there (autoscaler bounds, disruption budget and, when
// its x-environments sets them, resources). The overlay's generated aws-env ConfigMap exists before
// components run, so these replacements read it.
import { posix } from 'node:path';
import { awsEnvKeys, oauthClientSecretKey, serviceRoleKey } from '../../../services/lib/catalogue/aws-env.js';
import type { Catalogue } from '../../../services/lib/catalogue/catalogue.js';
import type { Environment } from '../../../services/lib/catalogue/score-schema.js';
import type { DerivedFile } from '../../catalogue/derived.js';
import { serviceBaseDir, servicesWiringDir } from '../layout.js';
import { configMapName, oauthClientName } from './base.js';
import { OAUTH_CLIENT_SECRET_KEYS, serviceConfig } from './service-config.js';
import { derivedHeader, yamlText } from './yaml-text.js';

/** The file of the environment's scale patches, beside its wiring. */
export const SCALE_FILE = 'scale.yaml';

interface Target {
  readonly select: { kind: string; name: string };
  readonly fieldPaths: string[];
}

/**
 * The replacements: one per aws.env key, in aws.env's order (each service's role, its oauth-client secret's
 * name, the placeholders of its variables), then one per auth.env key a variable takes (an oauth-client's
 * token URL).
 */
function replacements(catalogue: Catalogue): unknown[] {
  const byKey = new Map<string, Target[]>();
  const byAuthKey = new Map<string, Target[]>();
  const add = (map: Map<string, Target[]>, key: string, target: Target) =>
    map.set(key, [...(map.get(key) ?? []), target]);
  for (const service of catalogue.services) {
    add(byKey, serviceRoleKey(service.name), {
      select: { kind: 'ServiceAccount', name: service.name },
      fieldPaths: ['metadata.annotations.[eks.amazonaws.com/role-arn]'],
    });
    if (service.oauthClient)
      add(byKey, oauthClientSecretKey(service.name), {
        select: { kind: 'ExternalSecret', name: oauthClientName(service.name) },
        fieldPaths: OAUTH_CLIENT_SECRET_KEYS.map((_, i) => `spec.data.${i}.remoteRef.key`),
      });
    const config = serviceConfig(service, catalogue);
    for (const { variable, awsEnvKey } of config.fromAwsEnv)
      add(byKey, awsEnvKey, {
        select: { kind: 'ConfigMap', name: configMapName(service.name) },
        fieldPaths: [`data.${variable}`],
      });
    for (const { variable, authEnvKey } of config.fromAuthEnv)
      add(byAuthKey, authEnvKey, {
        select: { kind: 'ConfigMap', name: configMapName(service.name) },
        fieldPaths: [`data.${variable}`],
      });
  }
  return [
    ...awsEnvKeys(catalogue)
      .filter((key) => byKey.has(key))
      .map((key) => ({
        source: { kind: 'ConfigMap', name: 'aws-env', fieldPath: `data.${key}` },
        targets: byKey.get(key),
      })),
    ...[...byAuthKey].map(([key, targets]) => ({
      source: { kind: 'ConfigMap', name: 'auth-env', fieldPath: `data.${key}` },
      targets,
    })),
  ];
}

/** A voluntary disruption may take one pod: all of a single one, or one fewer than the floor. */
export function disruptionBudget(minReplicas: number): { maxUnavailable: 1 } | { minAvailable: number } {
  return minReplicas < 2 ? { maxUnavailable: 1 } : { minAvailable: minReplicas - 1 };
}

/**
 * The environment's scale as strategic-merge patches, one document per object, in one file: kustomize
 * matches each by kind and name, where a target-selected patch per object would scan every object (with the
 * validator's origin annotations, twenty services' sixty such patches took 16 s to render, this file 0.1 s).
 */
function scaleDocuments(catalogue: Catalogue, env: Environment): unknown[] {
  return catalogue.services.flatMap((service) => {
    const { name } = service;
    const { replicas, resources } = service.environments[env];
    const budget = disruptionBudget(replicas.min);
    const container = service.workload.containers[name];
    return [
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name },
        spec: { minReplicas: replicas.min, maxReplicas: replicas.max },
      },
      // The component's budget is maxUnavailable: 1; null removes it.
      ...('minAvailable' in budget
        ? [
            {
              apiVersion: 'policy/v1',
              kind: 'PodDisruptionBudget',
              metadata: { name },
              spec: { maxUnavailable: null, minAvailable: budget.minAvailable },
            },
          ]
        : []),
      ...(JSON.stringify(resources) === JSON.stringify(container?.resources)
        ? []
        : [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name },
              spec: { template: { spec: { containers: [{ name, resources }] } } },
            },
          ]),
    ];
  });
}

/** The environment's wiring: its kustomization (a Component) and the scale patches it applies. */
export function wiringFiles(catalogue: Catalogue, env: Environment): DerivedFile[] {
  const dir = servicesWiringDir(env);
  const header = derivedHeader(
    'services/*/score.yaml',
    `The services ${env} runs: their bases, their values from ${env}'s aws.env (each one's IRSA role, its OAuth`,
    `client's secret and the placeholders of its variables) and auth.env (an OAuth client's token URL), and their`,
    `${env} scale (${SCALE_FILE}, from x-environments.${env}). A`,
    'Component of the overlay (its aws-env ConfigMap is generated before components run, so these',
    'replacements read it).',
  );
  const component = {
    apiVersion: 'kustomize.config.k8s.io/v1alpha1',
    kind: 'Component',
    resources: catalogue.services.map((s) => posix.relative(dir, serviceBaseDir(s.name))),
    replacements: replacements(catalogue),
    patches: [{ path: SCALE_FILE }],
  };
  const scaleHeader = derivedHeader(
    'services/*/score.yaml (metadata.x-environments)',
    `${env}'s scale of each service: the autoscaler's bounds, the disruption budget (one pod: the`,
    "component's maxUnavailable: 1; more: minAvailable one fewer than the floor) and, where they differ from",
    "the container's, the resources.",
  );
  return [
    { path: `${dir}/kustomization.yaml`, text: yamlText(header, component) },
    {
      path: `${dir}/${SCALE_FILE}`,
      text:
        scaleHeader +
        scaleDocuments(catalogue, env)
          .map((d) => yamlText('', d))
          .join('---\n'),
    },
  ];
}
