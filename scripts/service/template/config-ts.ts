// src/config.ts: the environment, validated once at start, built from services/lib's parts as inventory's
// and pricing's are: serviceEnvSchema(port, {...databaseEnv, ...queueEnv, ...consumerEnv}).
import { type Identifiers, lines, queueOf, type ServiceSpec, when } from './spec.js';

export function configTs(spec: ServiceSpec, { name, camel, pascal }: Identifiers): string {
  const queue = queueOf(spec) !== undefined;
  const consumer = spec.kind === 'queue-worker';
  const web = spec.kind === 'web';
  const parts = [
    ...when(spec.database, 'its database'),
    ...when(queue, 'its queue'),
    ...when(consumer, 'its consumer'),
  ];
  const lib = [
    ...when(consumer, 'type ConsumerSettings', 'consumerEnv', 'consumerSettings'),
    ...when(spec.database, 'type DatabaseConfig', 'databaseConfig', 'databaseEnv'),
    'loadConfig',
    ...when(queue, 'type QueueConfig', 'queueConfig', 'queueEnv'),
    'type ServiceConfig',
    'serviceConfig',
    'serviceEnvSchema',
  ];
  const extended = ['ServiceConfig', ...when(spec.database, 'DatabaseConfig'), ...when(queue, 'QueueConfig')];
  return `${lines(
    `// The configuration of ${name}, read from the environment once at start and validated as a whole.`,
    web && "import { folderBeside } from '../../lib/src/beside-bundle.js';",
    `import { ${lib.join(', ')} } from '../../lib/src/config.js';`,
    spec.database && "import { migrationsDirBeside } from '../../lib/src/db.js';",
  )}

/** Environment of the ${name} process: the shared variables (services/lib)${parts.map((p) => `, ${p}`).join('')}. */
export const ${camel}Env = serviceEnvSchema(${spec.port}, {
${lines(
  spec.database && '  ...databaseEnv({ size: 10, max: 100 }),',
  queue && '  ...queueEnv(),',
  consumer && '  ...consumerEnv(),',
)}
});

/** Settings of {@link start${pascal}}. */
export interface ${pascal}Config extends ${extended.join(', ')} {
${lines(
  consumer && '  consumer: ConsumerSettings;',
  web && "  /** The built front end it serves: `public/` beside the bundle, else the source tree's. */",
  web && '  publicDir: string;',
)}
}

/**
 * Reads the settings of ${name} from the environment.
 * @throws ConfigError naming every bad or missing variable
 */
export function load${pascal}Config(source: Record<string, string | undefined> = process.env): ${pascal}Config {
  const e = loadConfig(${camel}Env, source);
  return {
${lines(
  '    ...serviceConfig(e),',
  spec.database && '    ...databaseConfig(e, migrationsDirBeside(import.meta.url)),',
  queue && '    ...queueConfig(e),',
  consumer && '    consumer: consumerSettings(e),',
  web && "    publicDir: folderBeside(import.meta.url, 'public'),",
)}
  };
}
`;
}
