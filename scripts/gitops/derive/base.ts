// A service's base (apps/base/<service>/kustomization.yaml): its kind's component, renamed from `workload`
// to the service, with the declaration's port, resources, image name and variables. Hand-written patches
// beside it (`*.patch.yaml`, for what is truly special about one service) are applied last, with a comment
// in the file saying why.
import { existsSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Catalogue, ServiceDeclaration } from '../../../services/lib/catalogue/catalogue.js';
import type { DerivedFile } from '../../catalogue/derived.js';
import {
  kindComponentDir,
  OAUTH_CLIENT_COMPONENT_DIR,
  POSTGRES_COMPONENT_DIR,
  serviceBaseDir,
} from '../layout.js';
import { serviceConfig } from './service-config.js';
import { derivedHeader, jsonPatch, yamlText } from './yaml-text.js';

/** The name the components give every object of a service, until its base renames them. */
export const WORKLOAD = 'workload';
/** The suffix of a hand-written patch a base picks up. */
export const HAND_PATCH_SUFFIX = '.patch.yaml';

/**
 * The label of a routed service's pods (its declaration's x-routes), whatever its kind: the `entrypoint`
 * NetworkPolicy (apps/common) admits the ALB to them.
 */
export const ROUTED_LABEL = { 'platform.shop/entrypoint': 'routed' } as const;

/** The service's ConfigMap and database Secret: `inventory-config`, `inventory-database`. */
export const configMapName = (service: string) => `${service}-config`;
export const databaseName = (service: string) => `${service}-database`;
/** The ExternalSecret of its OAuth client credentials, and the Secret it writes: `orders-oauth-client`. */
export const oauthClientName = (service: string) => `${service}-oauth-client`;

const rename = (from: string, to: string) => ({
  target: { name: from },
  options: { allowNameChange: true },
  patch: jsonPatch([{ op: 'replace', path: '/metadata/name', value: to }]),
});

/** The hand-written patches in the base's folder under `root`, sorted. */
export function handPatches(root: string, service: string): string[] {
  const dir = join(root, serviceBaseDir(service));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(HAND_PATCH_SUFFIX))
    .sort();
}

export function baseFile(catalogue: Catalogue, service: ServiceDeclaration): DerivedFile {
  const dir = serviceBaseDir(service.name);
  const { name } = service;
  const config = serviceConfig(service, catalogue);
  const container = service.workload.containers[name];
  if (!container)
    throw new Error(`unreachable: ${service.file} has no container ${name} (the catalogue checks it)`);
  const components = [
    kindComponentDir(service.kind),
    ...(service.database ? [POSTGRES_COMPONENT_DIR] : []),
    ...(service.oauthClient ? [OAUTH_CLIENT_COMPONENT_DIR] : []),
  ];
  // The container's variables from its oauth-client Secret, after the database URL when it has one.
  const secretEnv = config.fromOAuthClientSecret.map(({ variable, key }) => ({
    name: variable,
    valueFrom: { secretKeyRef: { name: oauthClientName(name), key } },
  }));
  const envPatch =
    secretEnv.length === 0
      ? []
      : service.database
        ? secretEnv.map((value) => ({ op: 'add', path: '/spec/template/spec/containers/0/env/-', value }))
        : [{ op: 'add', path: '/spec/template/spec/containers/0/env', value: secretEnv }];
  const hand = handPatches(catalogue.root, name);
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    components: components.map((c) => posix.relative(dir, c)),
    configMapGenerator: [
      { name: `${WORKLOAD}-config`, literals: config.literals.map(([k, v]) => `${k}=${v}`) },
    ],
    patches: [
      {
        target: { kind: 'Deployment', name: WORKLOAD },
        patch: jsonPatch([
          { op: 'replace', path: '/spec/template/spec/containers/0/name', value: name },
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/ports/0/containerPort',
            value: service.port,
          },
          { op: 'replace', path: '/spec/template/spec/containers/0/resources', value: container.resources },
          // The references too: kustomize follows a rename only where one object had the old name, and
          // every service's objects were named `workload`.
          { op: 'replace', path: '/spec/template/spec/serviceAccountName', value: name },
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/envFrom/0/configMapRef/name',
            value: configMapName(name),
          },
          ...envPatch,
        ]),
      },
      {
        target: { kind: 'HorizontalPodAutoscaler', name: WORKLOAD },
        patch: jsonPatch([{ op: 'replace', path: '/spec/scaleTargetRef/name', value: name }]),
      },
      {
        target: { kind: 'Service', name: WORKLOAD },
        patch: jsonPatch([
          { op: 'replace', path: '/spec/ports/0/port', value: service.workload.service.ports.http.port },
        ]),
      },
      ...(service.oauthClient
        ? [
            {
              // The Secret ESO writes is named by a plain string kustomize does not follow.
              target: { kind: 'ExternalSecret', name: `${WORKLOAD}-oauth-client` },
              patch: jsonPatch([{ op: 'replace', path: '/spec/target/name', value: oauthClientName(name) }]),
            },
          ]
        : []),
      rename(WORKLOAD, name),
      rename(`${WORKLOAD}-config`, configMapName(name)),
      ...(service.database ? [rename(`${WORKLOAD}-database`, databaseName(name))] : []),
      ...(service.oauthClient ? [rename(`${WORKLOAD}-oauth-client`, oauthClientName(name))] : []),
      ...hand.map((path) => ({ path })),
    ],
    labels: [
      { pairs: { 'app.kubernetes.io/name': name }, includeSelectors: true },
      // Pods and metadata only: a Deployment's selector cannot change once it exists.
      ...(service.routes.length > 0 ? [{ pairs: ROUTED_LABEL, includeTemplates: true }] : []),
    ],
    images: [{ name: WORKLOAD, newName: name }],
    ...(service.database
      ? {
          // The Secret the ExternalSecret writes is named by a plain string kustomize does not follow.
          replacements: [
            {
              source: { kind: 'ExternalSecret', name: databaseName(name), fieldPath: 'metadata.name' },
              targets: [
                {
                  select: { kind: 'ExternalSecret', name: databaseName(name) },
                  fieldPaths: ['spec.target.name'],
                },
                {
                  select: { kind: 'Deployment', name },
                  fieldPaths: [
                    'spec.template.spec.containers.0.env.[name=DATABASE_URL].valueFrom.secretKeyRef.name',
                  ],
                },
              ],
            },
          ],
        }
      : {}),
  };
  const header = derivedHeader(
    service.file,
    `${name}, kind ${service.kind}: ${posix.relative(dir, kindComponentDir(service.kind))}'s objects, named after the service, with`,
    `its port, resources, image name and variables${service.database ? ' (its database URL: ../../components/postgres)' : ''}.`,
    ...(service.oauthClient
      ? ['Its OAuth client credentials come from ../../components/oauth-client (an ExternalSecret).']
      : []),
    ...(service.dependencies.length > 0
      ? [
          `It calls ${service.dependencies.map((d) => d.workload).join(', ')} at their Services (service-port, resolved here; apps/common/peers.yaml lets it).`,
        ]
      : []),
    'Each environment fills the placeholders from its aws.env and sets the scale (apps/<env>/services).',
    ...hand.map((file) => `Also applied, hand-written beside this file (it says why): ${file}.`),
  );
  return { path: `${dir}/kustomization.yaml`, text: yamlText(header, kustomization) };
}
