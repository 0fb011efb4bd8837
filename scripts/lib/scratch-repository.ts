// A scratch copy of this repository's service declarations and GitOps tree, in a temporary folder, where a
// test or a bench declares more services and derives the tree from them as `npm run derive` does here.
// Shared by the GitOps and Terraform tests and their benches (benches import from scripts/lib).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  type Catalogue,
  declaredFolders,
  loadCatalogue,
  REPOSITORY_ROOT,
} from '../../services/lib/catalogue/catalogue.js';
import { KINDS, type Kind } from '../../services/lib/catalogue/score-schema.js';
import { writeDerived } from '../catalogue/derive.js';
import { derivedGitopsFiles } from '../gitops/derive.js';
import { GITOPS_DIR } from '../gitops/layout.js';
import { derivedTerraformFiles } from '../terraform/derive.js';

export class ScratchRepository {
  readonly root = mkdtempSync(join(tmpdir(), 'scratch-repository-'));

  /** Copies every `services/<name>/score.yaml` and `gitops/` of `from` (default: this repository). */
  constructor(from: string = REPOSITORY_ROOT) {
    for (const name of declaredFolders(from))
      this.declare(name, readFileSync(join(from, 'services', name, 'score.yaml'), 'utf8'));
    cpSync(join(from, GITOPS_DIR), join(this.root, GITOPS_DIR), { recursive: true });
  }

  /** Writes `services/<name>/score.yaml`, and empty stand-ins for the files its x-build names. */
  declare(name: string, text: string): void {
    const dir = join(this.root, 'services', name);
    this.write(`services/${name}/score.yaml`, text);
    const build = (parse(text) as { metadata?: { 'x-build'?: { entry?: string; include?: string[] } } })
      ?.metadata?.['x-build'];
    if (build?.entry) this.write(`services/${name}/${build.entry}`, '');
    for (const include of build?.include ?? []) mkdirSync(join(dir, include), { recursive: true });
  }

  /**
   * Declares example services `service-01`, `service-02`, … until the catalogue holds `total`: the kinds in
   * turn, each but a queue-worker routed, each but a web front end with a database and a queue of its own.
   */
  declareExamples(total: number): void {
    for (let i = 1; this.catalogue().names.length < total; i++) {
      const kind = KINDS[i % KINDS.length] ?? 'http-api';
      const name = `service-${String(i).padStart(2, '0')}`;
      this.declare(
        name,
        exampleDeclaration(name, {
          kind,
          port: 8100 + i,
          ...(kind === 'queue-worker' ? {} : { routes: [`/v1/${name}`] }),
          ...(kind === 'web'
            ? {}
            : {
                database: true,
                queue: { id: `${name}-jobs`, direction: kind === 'queue-worker' ? 'receive' : 'send' },
              }),
        }),
      );
    }
  }

  /** Removes a declaration (its folder under services/). */
  undeclare(name: string): void {
    rmSync(join(this.root, 'services', name), { recursive: true, force: true });
  }

  catalogue(): Catalogue {
    return loadCatalogue(this.root);
  }

  /** Writes the derived GitOps files that differ from what the declarations give; returns their paths. */
  derive(): string[] {
    return writeDerived(this.root, derivedGitopsFiles(this.catalogue()));
  }

  read(path: string): string {
    return readFileSync(join(this.root, path), 'utf8');
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.root, path)), { recursive: true });
    writeFileSync(join(this.root, path), text);
  }

  /** Copies `path` (a folder) of this repository into the scratch one, without Terraform's working data. */
  copy(path: string): void {
    cpSync(join(REPOSITORY_ROOT, path), join(this.root, path), {
      recursive: true,
      filter: (source) => !source.split('/').includes('.terraform'),
    });
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface ExampleService {
  readonly kind: Kind;
  /** The container's port. */
  readonly port: number;
  /** Entrypoint path prefixes (x-routes). */
  readonly routes?: readonly string[];
  /** A postgres resource `db` owning a schema of the service's name (underscored), as DATABASE_URL. */
  readonly database?: boolean;
  /** A queue resource `jobs` of this id, as JOBS_QUEUE_URL (and JOBS_DLQ_URL when received). */
  readonly queue?: { readonly id: string; readonly direction: 'send' | 'receive' };
  readonly replicas?: {
    readonly dev: { min: number; max: number };
    readonly prod: { min: number; max: number };
  };
}

/** A Score placeholder, `${inner}`, written without a template literal's look-alike. */
const placeholder = (inner: string) => `\${${inner}}`;

/** A Score declaration of the platform's shape, for a scratch repository. */
export function exampleDeclaration(name: string, service: ExampleService): string {
  const queue = service.queue;
  const variables: Record<string, string> = {
    HOST: '0.0.0.0',
    LOG_LEVEL: 'info',
    SERVICE_NAME: placeholder('metadata.name'),
    AWS_REGION: placeholder('resources.env.AWS_REGION'),
    ...(service.database ? { DATABASE_URL: placeholder('resources.db.url') } : {}),
    ...(queue ? { JOBS_QUEUE_URL: placeholder('resources.jobs.url') } : {}),
    ...(queue?.direction === 'receive' ? { JOBS_DLQ_URL: placeholder('resources.jobs.dlq_url') } : {}),
  };
  const replicas = service.replicas ?? { dev: { min: 1, max: 2 }, prod: { min: 2, max: 4 } };
  return stringify({
    apiVersion: 'score.dev/v1b1',
    metadata: {
      name,
      annotations: { 'platform.shop/kind': service.kind },
      'x-environments': {
        dev: { replicas: replicas.dev },
        prod: {
          replicas: replicas.prod,
          resources: { requests: { cpu: '200m', memory: '192Mi' }, limits: { cpu: '1', memory: '384Mi' } },
        },
      },
      ...(service.routes ? { 'x-routes': service.routes } : {}),
      'x-build': { entry: 'src/main.ts', include: [] },
    },
    containers: {
      [name]: {
        image: '.',
        variables,
        resources: { requests: { cpu: '50m', memory: '96Mi' }, limits: { cpu: '250m', memory: '192Mi' } },
        livenessProbe: { httpGet: { path: '/health', port: service.port } },
        readinessProbe: { httpGet: { path: '/ready', port: service.port } },
      },
    },
    service: { ports: { http: { port: 80, targetPort: service.port } } },
    resources: {
      env: { type: 'environment' },
      ...(service.database
        ? { db: { type: 'postgres', params: { schema: name.replaceAll('-', '_') } } }
        : {}),
      ...(queue
        ? {
            jobs: {
              type: 'aws-sqs-queue',
              id: queue.id,
              metadata: { annotations: { 'platform.shop/direction': queue.direction } },
            },
          }
        : {}),
    },
  });
}

export interface AddedService {
  readonly name: string;
  /** The queue id it names (its own, or one another service names). */
  readonly queue: string;
  readonly direction: 'send' | 'receive';
}

/**
 * The repository's declarations plus `added` (each an http-api with a database and its one queue use), with
 * terraform/ and the Terraform inputs derived from them, as `npm run derive` would write them.
 */
export function scratchTerraformRepository(added: readonly AddedService[] = []) {
  const scratch = new ScratchRepository();
  for (const [i, service] of added.entries())
    scratch.declare(
      service.name,
      exampleDeclaration(service.name, {
        kind: 'http-api',
        port: 9100 + i,
        database: true,
        queue: { id: service.queue, direction: service.direction },
      }),
    );
  scratch.copy('terraform');
  const catalogue = scratch.catalogue();
  writeDerived(scratch.root, derivedTerraformFiles(catalogue));
  return { root: scratch.root, catalogue, remove: () => scratch.dispose() };
}
