// The path filters, defined once: the pull request and main workflows compute them in one `changes` job
// (dorny/paths-filter), and every other job reads that job's outputs.

/** The services that ship as images, in the order the pipeline builds them. */
export const SERVICES = ['inventory', 'pricing'] as const;
export type Service = (typeof SERVICES)[number];

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
