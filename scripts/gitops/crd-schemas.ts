// Schemas for the custom resources this tree uses that no installed model covers: the Prometheus
// Operator's ServiceMonitor and PrometheusRule and External Secrets Operator's ExternalSecret and
// SecretStore. Written by hand from the operators' CRDs, they cover the fields used here and reject
// any other (additionalProperties: false): a field the real CRD has but this file lacks is refused
// until someone adds it here, which is the honest failure mode for a subset.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const strict = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const metadata = strict(
  { name: { type: 'string' }, namespace: { type: 'string' }, labels: stringMap, annotations: stringMap },
  ['name'],
);
const resource = (apiVersion: string, kind: string, spec: unknown) =>
  strict({ apiVersion: { const: apiVersion }, kind: { const: kind }, metadata, spec }, [
    'apiVersion',
    'kind',
    'metadata',
    'spec',
  ]);
const labelSelector = strict({
  matchLabels: stringMap,
  matchExpressions: {
    type: 'array',
    items: strict(
      { key: { type: 'string' }, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: {} },
      ['key', 'operator'],
    ),
  },
});
const duration = { type: 'string', pattern: '^(0|([0-9]+(ms|s|m|h|d|w|y))+)$' };

const serviceMonitor = resource(
  'monitoring.coreos.com/v1',
  'ServiceMonitor',
  strict(
    {
      selector: labelSelector,
      namespaceSelector: strict({ any: { type: 'boolean' }, matchNames: { type: 'array' } }),
      jobLabel: { type: 'string' },
      endpoints: {
        type: 'array',
        minItems: 1,
        items: strict({
          port: { type: 'string' },
          path: { type: 'string', pattern: '^/' },
          scheme: { enum: ['http', 'https'] },
          interval: duration,
          scrapeTimeout: duration,
          honorLabels: { type: 'boolean' },
        }),
      },
    },
    ['selector', 'endpoints'],
  ),
);

const rule = {
  type: 'object',
  properties: {
    alert: { type: 'string' },
    record: { type: 'string' },
    expr: { type: 'string', minLength: 1 },
    for: duration,
    keep_firing_for: duration,
    labels: stringMap,
    annotations: stringMap,
  },
  required: ['expr'],
  oneOf: [{ required: ['alert'] }, { required: ['record'] }],
  additionalProperties: false,
};
const prometheusRule = resource(
  'monitoring.coreos.com/v1',
  'PrometheusRule',
  strict(
    {
      groups: {
        type: 'array',
        items: strict(
          { name: { type: 'string' }, interval: duration, rules: { type: 'array', items: rule } },
          ['name', 'rules'],
        ),
      },
    },
    ['groups'],
  ),
);

const externalSecret = resource(
  'external-secrets.io/v1',
  'ExternalSecret',
  strict(
    {
      refreshInterval: duration,
      secretStoreRef: strict(
        { kind: { enum: ['SecretStore', 'ClusterSecretStore'] }, name: { type: 'string' } },
        ['name'],
      ),
      target: strict({
        name: { type: 'string' },
        creationPolicy: { enum: ['Owner', 'Orphan', 'Merge', 'None'] },
        deletionPolicy: { enum: ['Delete', 'Merge', 'Retain'] },
        template: strict({
          engineVersion: { enum: ['v2'] },
          type: { type: 'string' },
          metadata: strict({ labels: stringMap, annotations: stringMap }),
          data: stringMap,
        }),
      }),
      data: {
        type: 'array',
        items: strict(
          {
            secretKey: { type: 'string' },
            remoteRef: strict({ key: { type: 'string' }, property: { type: 'string' } }, ['key']),
          },
          ['secretKey', 'remoteRef'],
        ),
      },
      dataFrom: {
        type: 'array',
        items: strict({
          extract: strict(
            { key: { type: 'string' }, property: { type: 'string' }, version: { type: 'string' } },
            ['key'],
          ),
        }),
      },
    },
    ['secretStoreRef'],
  ),
);

const secretStore = resource(
  'external-secrets.io/v1',
  'SecretStore',
  strict(
    {
      provider: strict(
        {
          aws: strict(
            {
              service: { enum: ['SecretsManager', 'ParameterStore'] },
              region: { type: 'string', minLength: 1 },
              role: { type: 'string' },
              auth: strict({
                jwt: strict({ serviceAccountRef: strict({ name: { type: 'string' } }, ['name']) }, [
                  'serviceAccountRef',
                ]),
              }),
            },
            ['service', 'region'],
          ),
        },
        ['aws'],
      ),
    },
    ['provider'],
  ),
);

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>([
  ['monitoring.coreos.com/v1/ServiceMonitor', ajv.compile(serviceMonitor)],
  ['monitoring.coreos.com/v1/PrometheusRule', ajv.compile(prometheusRule)],
  ['external-secrets.io/v1/ExternalSecret', ajv.compile(externalSecret)],
  ['external-secrets.io/v1/SecretStore', ajv.compile(secretStore)],
]);

/** A schema problem, as for the modelled kinds (checks schema and schema-unknown-field). */
export interface CrdProblem {
  readonly kind: 'schema' | 'unknown-field';
  readonly message: string;
}

function describeError(e: ErrorObject): CrdProblem {
  if (e.keyword === 'additionalProperties')
    return {
      kind: 'unknown-field',
      message: `unknown field ${e.instancePath}/${String(e.params.additionalProperty)}`,
    };
  return { kind: 'schema', message: `${e.instancePath || '/'} ${e.message ?? e.keyword}` };
}

/** The kinds these schemas cover, for the README and the report. */
export const crdKinds = [...validators.keys()];

/** A validator returning error messages, or undefined when this kind has no schema here. */
export function crdValidator(
  apiVersion: string,
  kind: string,
): ((object: unknown) => CrdProblem[]) | undefined {
  const validate = validators.get(`${apiVersion}/${kind}`);
  if (!validate) return undefined;
  return (object) => (validate(object) ? [] : (validate.errors ?? []).map(describeError));
}
