// The path filters, defined once: the pull request and main workflows compute them in one `changes` job
// (dorny/paths-filter), and every other job reads that job's outputs.

import { type Catalogue, loadCatalogue } from '../services/lib/catalogue/catalogue.js';
import { projectName } from '../services/lib/catalogue/names.js';

/** Every service's declaration (`services/<name>/score.yaml`): the one source of what follows. */
export const CATALOGUE: Catalogue = loadCatalogue();

/** The services that ship as images, in the order the pipeline builds them (by name). */
export const SERVICES: readonly string[] = CATALOGUE.names;
/** A declared service's name (checked against the catalogue where it comes from outside). */
export type Service = string;

/** What image-publish's bundle builder is told about a service; paths relative to `services/<name>`. */
export interface ServiceImage {
  /** The port it listens on: the image's PORT and exposed port. */
  readonly port: number;
  /** The entry file esbuild bundles. */
  readonly entry: string;
  /** Files or folders shipped beside the bundle. */
  readonly include: readonly string[];
}

/** Each service's image inputs, from its declaration: the port it listens on and its `x-build`. */
export function serviceImages(catalogue: Catalogue = CATALOGUE): Readonly<Record<Service, ServiceImage>> {
  return Object.fromEntries(catalogue.names.map((name) => [name, serviceImage(name, catalogue)]));
}

/**
 * The image inputs the workflows (through the changes job's `images` matrix), the pipeline rehearsal,
 * the image tests and the benches read.
 */
export const SERVICE_IMAGES = serviceImages();

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

/** One declared service's image inputs; an undeclared name throws, naming the declared ones. */
export function serviceImage(service: Service, catalogue: Catalogue = CATALOGUE): ServiceImage {
  const declared = catalogue.get(service);
  return { port: declared.port, entry: declared.build.entry, include: declared.build.include };
}

export function imageLeg(service: Service, catalogue: Catalogue = CATALOGUE): ImageLeg {
  const image = serviceImage(service, catalogue);
  return {
    service,
    directory: `services/${service}`,
    entry: image.entry,
    port: String(image.port),
    include: image.include.join(','),
  };
}

/**
 * ECR repositories are `<project>/<service>`: the project is init.values.json's `prefix` (Terraform's
 * `project` through the derived platform.auto.tfvars.json), read in one place (services/lib/catalogue/names.ts
 * `projectName`). `npm run init` regenerates the workflows when it changes.
 */
export const REPOSITORY_PREFIX = projectName();

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

/** Filter name -> globs (picomatch, as paths-filter reads them): one per declared service, then the rest. */
export function filtersOf(catalogue: Catalogue = CATALOGUE): Readonly<Record<string, readonly string[]>> {
  return { ...Object.fromEntries(catalogue.names.map((s) => [s, servicePaths(s)])), ...AREA_FILTERS };
}

const AREA_FILTERS: Readonly<Record<string, readonly string[]>> = {
  actions: ['actions/**'],
  gitops: ['gitops/**', 'scripts/gitops/**'],
  terraform: ['terraform/**', 'scripts/terraform/**', 'scripts/environment/**'],
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

export const FILTERS = filtersOf();

/** The `filters` input of dorny/paths-filter: YAML, one list per filter. */
export function filtersYaml(catalogue: Catalogue = CATALOGUE): string {
  return `${Object.entries(filtersOf(catalogue))
    .map(([name, globs]) => `${name}:\n${globs.map((glob) => `  - '${glob}'`).join('\n')}`)
    .join('\n')}\n`;
}
