// score.yaml: the service's one declaration (Score, score.dev/v1b1, with our extensions; see
// services/README.md "Declaring a service"), shaped like inventory's and pricing's.
import { comment, type Identifiers, lines, type ServiceSpec } from './spec.js';

/** The resource names the declaration gives its database and queue (`${resources.db.url}`, ...). */
export const RESOURCE = { env: 'env', database: 'db', queue: 'queue' } as const;

/** The command line that wrote it, as the header quotes it. */
export function commandOf(spec: ServiceSpec): string {
  return [
    `npm run new:service -- ${spec.name} --kind ${spec.kind}`,
    spec.database && '--database',
    spec.sends && `--sends ${spec.sends}`,
    spec.receives && `--receives ${spec.receives}`,
  ]
    .filter(Boolean)
    .join(' ');
}

export function scoreYaml(spec: ServiceSpec, { name, schema }: Identifiers): string {
  const queue = spec.sends ?? spec.receives;
  const aws = spec.database || queue !== undefined;
  const include = [...(spec.database ? ['migrations'] : []), ...(spec.kind === 'web' ? ['public'] : [])];
  const placeholder = (resource: string, output: string) => `\${resources.${resource}.${output}}`;
  const resources = lines(
    aws && `  ${RESOURCE.env}:`,
    aws && '    type: environment',
    spec.database && `  ${RESOURCE.database}:`,
    spec.database && '    type: postgres',
    spec.database && '    params:',
    spec.database && '      # The service migrates and owns this schema, and no other.',
    spec.database && `      schema: ${schema}`,
    queue !== undefined && `  ${RESOURCE.queue}:`,
    queue !== undefined &&
      '    # One FIFO queue (and its dead-letter queue) shared by every workload naming the same id.',
    queue !== undefined && '    type: aws-sqs-queue',
    queue !== undefined && `    id: ${queue}`,
    queue !== undefined && '    metadata:',
    queue !== undefined && '      annotations:',
    queue !== undefined && `        platform.shop/direction: ${spec.sends ? 'send' : 'receive'}`,
  );
  return `${comment(
    `${name}, declared once (Score workload spec, score.dev/v1b1; our extensions are described in services/README.md "Declaring a service"), written by \`${commandOf(spec)}\`. npm test validates it; the workflows, \`npm start\` and the derived files (\`npm run derive\`) follow it.`,
    108,
    '#',
  )}
apiVersion: score.dev/v1b1
metadata:
  name: ${name}
  annotations:
    platform.shop/kind: ${spec.kind}
  # Per environment, what Score leaves to the platform: the autoscaler's bounds and, when they differ
  # from the container's, the resources.
  x-environments:
    dev:
      replicas: { min: 1, max: 2 }
    prod:
      replicas: { min: 2, max: 6 }
  # How the image is built: the entry esbuild bundles and what ships beside it (paths in this folder).
  x-build:
    entry: src/main.ts
    include: [${include.join(', ')}]
containers:
  ${name}:
    # Built from this folder; the pipeline pins the digest.
    image: .
    variables:
${lines(
  '      HOST: 0.0.0.0',
  '      LOG_LEVEL: info',
  spec.database && '      DB_POOL_SIZE: "10"',
  aws && `      AWS_REGION: ${placeholder(RESOURCE.env, 'AWS_REGION')}`,
  spec.database && `      DATABASE_URL: ${placeholder(RESOURCE.database, 'url')}`,
  queue !== undefined && `      SQS_QUEUE_URL: ${placeholder(RESOURCE.queue, 'url')}`,
)}
    resources:
      requests: { cpu: 100m, memory: 128Mi }
      limits: { cpu: 500m, memory: 256Mi }
    livenessProbe:
      httpGet: { path: /health, port: ${spec.port} }
    readinessProbe:
      httpGet: { path: /ready, port: ${spec.port} }
service:
  ports:
    http:
      port: 80
      targetPort: ${spec.port}
${resources ? `resources:\n${resources}` : 'resources: {}'}
`;
}
