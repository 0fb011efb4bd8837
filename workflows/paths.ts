// The path filters, defined once: the pull request and main workflows compute them in one `changes` job
// (dorny/paths-filter), and every other job reads that job's outputs.

/** The services that ship as images, in the order the pipeline builds them. */
export const SERVICES = ['inventory', 'pricing'] as const;
export type Service = (typeof SERVICES)[number];

/** What image-publish's bundle builder is told about a service; paths relative to `services/<name>`. */
export interface ServiceImage {
  /** The port it listens on: the image's PORT and exposed port. */
  readonly port: number;
  /** The entry file esbuild bundles. */
  readonly entry: string;
  /** Files or folders shipped beside the bundle. */
  readonly include: readonly string[];
}

/**
 * Each service's image inputs, in ONE place: the workflows (through the changes job's `images` matrix),
 * the pipeline rehearsal, the image tests and the benches read them here. A later step derives them from
 * each service's own declaration (score.yaml) instead.
 */
export const SERVICE_IMAGES: Readonly<Record<Service, ServiceImage>> = {
  inventory: { port: 8080, entry: 'src/main.ts', include: ['migrations'] },
  pricing: { port: 8081, entry: 'src/main.ts', include: ['migrations'] },
};

/** One leg of an image matrix: the service and image-publish's inputs for it, as strings. */
export interface ImageLeg {
  readonly service: Service;
  /** image-publish's `working-directory`. */
  readonly directory: string;
  readonly entry: string;
  readonly port: string;
  /** Comma-separated, as image-publish's `include` reads it. */
  readonly include: string;
}

export function imageLeg(service: Service): ImageLeg {
  const image = SERVICE_IMAGES[service];
  return {
    service,
    directory: `services/${service}`,
    entry: image.entry,
    port: String(image.port),
    include: image.include.join(','),
  };
}

/**
 * ECR repositories are `<project>/<service>` (terraform/bootstrap, variable `project`, default `shop`,
 * which gitops/envs/<env>/aws.env also names). Change it here with the Terraform variable, then run
 * `npm run workflows`.
 */
export const REPOSITORY_PREFIX = 'shop';

/** What goes into a service's image: its own code, the shared library, the build and the lock. */
export function servicePaths(service: Service): string[] {
  return [
    `services/${service}/**`,
    'services/lib/**',
    'services/Dockerfile',
    'services/build.mjs',
    'actions/image-publish/**',
    'package.json',
    'package-lock.json',
  ];
}

/** Filter name -> globs (picomatch, as paths-filter reads them). */
export const FILTERS: Readonly<Record<string, readonly string[]>> = {
  inventory: servicePaths('inventory'),
  pricing: servicePaths('pricing'),
  actions: ['actions/**'],
  gitops: ['gitops/**', 'scripts/gitops/**'],
  terraform: ['terraform/**', 'scripts/terraform/**'],
  workflows: ['workflows/**', '.github/workflows/**', 'actions/*/action.yml'],
  code: [
    '**/*.ts',
    '**/*.mjs',
    '**/*.js',
    '**/*.json',
    '.ci/**',
    '.node-version',
    'biome.json',
    'services/**',
    'actions/**',
    'scripts/**',
  ],
};

/** The `filters` input of dorny/paths-filter: YAML, one list per filter. */
export function filtersYaml(): string {
  return `${Object.entries(FILTERS)
    .map(([name, globs]) => `${name}:\n${globs.map((glob) => `  - '${glob}'`).join('\n')}`)
    .join('\n')}\n`;
}
