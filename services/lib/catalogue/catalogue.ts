// The service catalogue: every `services/<name>/score.yaml`, validated and typed. The platform's tooling
// (workflows, npm start, the rehearsal, later GitOps and Terraform) derives what it needs from it;
// services never read it at run time.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  type NameContext,
  projectName,
  queueIdProblems,
  REPOSITORY_ROOT,
  serviceNameProblems,
} from './names.js';
import { placeholdersOf } from './placeholders.js';
import {
  type ComputeResources,
  DIRECTION_ANNOTATION,
  ENVIRONMENTS,
  type Environment,
  KIND_ANNOTATION,
  type Kind,
  RESOURCE_OUTPUTS,
  type ScoreWorkload,
  scoreWorkload,
} from './score-schema.js';

export { REPOSITORY_ROOT } from './names.js';

/** A declaration that is not valid; the message names the file and every bad field. */
export class ServiceDeclarationError extends Error {
  override name = 'ServiceDeclarationError';
}

export interface QueueUse {
  /** The queue's id, shared by every workload that names it (`inventory-events`). */
  readonly id: string;
  /** The resource's name in the declaration (`events`): placeholders say `${resources.events.url}`. */
  readonly resource: string;
  readonly direction: 'send' | 'receive';
}

/** Another service this one calls (a `service-port` resource). */
export interface ServiceDependency {
  /** The resource's name in the declaration (`inventory`): placeholders say `${resources.inventory.port}`. */
  readonly resource: string;
  /** The service it calls. */
  readonly workload: string;
  /** The name of that service's port (`http`, a key of its `service.ports`). */
  readonly port: string;
}

/** The service's OAuth 2.0 client for the client credentials grant (an `oauth-client` resource). */
export interface OAuthClientUse {
  readonly resource: string;
  /** The scopes its tokens may carry, as declared (`inventory:write`). */
  readonly scopes: readonly string[];
}

/** One service, as declared in its score.yaml. */
export interface ServiceDeclaration {
  readonly name: string;
  readonly kind: Kind;
  /** Relative to the repository root, with `/`: `services/inventory`. */
  readonly directory: string;
  /** `services/inventory/score.yaml` */
  readonly file: string;
  /** The port the container listens on (its PORT). */
  readonly port: number;
  /** What image-publish bundles, relative to {@link directory}. */
  readonly build: { readonly entry: string; readonly include: readonly string[] };
  /** The container's variables, placeholders unresolved. */
  readonly variables: Readonly<Record<string, string>>;
  /** The PostgreSQL schema it owns, if it has a database. */
  readonly database: { readonly resource: string; readonly schema: string } | undefined;
  readonly queues: readonly QueueUse[];
  /** The services it calls, in declared order. */
  readonly dependencies: readonly ServiceDependency[];
  /** Its OAuth client, if it declares one (at most one). */
  readonly oauthClient: OAuthClientUse | undefined;
  /** The path prefixes the entrypoint routes to it (`x-routes`), in declared order; [] when not routed. */
  readonly routes: readonly string[];
  readonly environments: Readonly<
    Record<
      Environment,
      { readonly replicas: { min: number; max: number }; readonly resources: ComputeResources }
    >
  >;
  /** The whole declaration as parsed. */
  readonly workload: ScoreWorkload;
}

export interface Catalogue {
  /** The repository root it was read from. */
  readonly root: string;
  /** Every service, by name. */
  readonly services: readonly ServiceDeclaration[];
  readonly names: readonly string[];
  /** The service named `name`; throws naming the known ones otherwise. */
  get(name: string): ServiceDeclaration;
  /** Every queue any service uses, once per id. */
  readonly queueIds: readonly string[];
}

const formatPath = (path: readonly PropertyKey[]) =>
  path.length === 0 ? '(top level)' : path.map(String).join('.');

function issues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return `${formatPath(issue.path)}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (not part of what this platform reads from Score)`;
    return `${formatPath(issue.path)}: ${issue.message}`;
  });
}

/**
 * The checks that span fields or need the repository: the name rules (names.ts), one container named as
 * the workload, probes on its port, placeholders.
 */
function crossFieldProblems(w: ScoreWorkload, folder: string, context: NameContext): string[] {
  const problems: string[] = [];
  const name = w.metadata.name;
  if (name !== folder) problems.push(`metadata.name: "${name}" differs from its folder "${folder}"`);
  for (const problem of serviceNameProblems(name, context)) problems.push(`metadata.name: ${problem}`);
  for (const [resource, r] of Object.entries(w.resources))
    if (r.type === 'aws-sqs-queue')
      for (const problem of queueIdProblems(r.id, context))
        problems.push(`resources.${resource}.id: ${problem}`);
  const containerNames = Object.keys(w.containers);
  if (containerNames.length !== 1 || containerNames[0] !== name)
    problems.push(
      `containers: expected exactly one container, named "${name}" (found ${containerNames.join(', ') || 'none'})`,
    );
  const targetPort = w.service.ports.http.targetPort;
  for (const [cname, c] of Object.entries(w.containers)) {
    for (const probe of ['livenessProbe', 'readinessProbe'] as const)
      if (c[probe].httpGet.port !== targetPort)
        problems.push(
          `containers.${cname}.${probe}.httpGet.port: expected ${targetPort}, the service's targetPort`,
        );
    if ('PORT' in c.variables)
      problems.push(
        `containers.${cname}.variables.PORT: set from service.ports.http.targetPort, not declared`,
      );
    for (const [key, value] of Object.entries(c.variables))
      for (const { text, placeholder } of placeholdersOf(value)) {
        const where = `containers.${cname}.variables.${key}`;
        if (placeholder === undefined)
          problems.push(
            `${where}: ${text} is not a placeholder we resolve (\${metadata.name}, \${resources.<name>.<output>})`,
          );
        else if ('resource' in placeholder) {
          const resource = w.resources[placeholder.resource];
          if (resource === undefined)
            problems.push(
              `${where}: ${text} names resource "${placeholder.resource}", which is not declared`,
            );
          else if (resource.type !== 'environment') {
            const outputs = RESOURCE_OUTPUTS[resource.type];
            if (!outputs.includes(placeholder.output))
              problems.push(
                `${where}: ${text}: a resource of type ${resource.type} has no output "${placeholder.output}" (it has ${outputs.join(', ')})`,
              );
          }
        }
      }
  }
  problems.push(...resourceProblems(w));
  const kind = w.metadata.annotations[KIND_ANNOTATION];
  const receives = Object.values(w.resources).some(
    (r) => r.type === 'aws-sqs-queue' && r.metadata.annotations[DIRECTION_ANNOTATION] === 'receive',
  );
  if (kind === 'queue-worker' && !receives)
    problems.push(
      `metadata.annotations.${KIND_ANNOTATION}: a queue-worker receives from an aws-sqs-queue; none is declared`,
    );
  const routes = w.metadata['x-routes'] ?? [];
  const repeated = routes.filter((r, i) => routes.indexOf(r) !== i);
  if (repeated.length > 0)
    problems.push(`metadata.x-routes: ${[...new Set(repeated)].join(', ')} listed twice`);
  if (Object.values(w.resources).filter((r) => r.type === 'postgres').length > 1)
    problems.push('resources: at most one postgres resource (a service owns one schema)');
  return problems;
}

/** The checks of the service-port and oauth-client resources that need no other declaration. */
function resourceProblems(w: ScoreWorkload): string[] {
  const problems: string[] = [];
  const calls = new Map<string, string>();
  const clients: string[] = [];
  for (const [name, r] of Object.entries(w.resources)) {
    if (r.type === 'service-port') {
      const where = `resources.${name}.params.workload`;
      if (r.params.workload === w.metadata.name)
        problems.push(
          `${where}: "${r.params.workload}" is this service itself; a service calls itself in-process`,
        );
      const first = calls.get(r.params.workload);
      if (first !== undefined)
        problems.push(`${where}: "${r.params.workload}" is already declared as resources.${first}`);
      else calls.set(r.params.workload, name);
    }
    if (r.type === 'oauth-client') {
      clients.push(name);
      const repeated = r.params.scopes.filter((s, i) => r.params.scopes.indexOf(s) !== i);
      if (repeated.length > 0)
        problems.push(`resources.${name}.params.scopes: ${[...new Set(repeated)].join(', ')} listed twice`);
    }
  }
  if (clients.length > 1)
    problems.push(
      `resources: at most one oauth-client resource (a service is one client of the identity provider; found ${clients.join(', ')})`,
    );
  return problems;
}

function toDeclaration(w: ScoreWorkload, folder: string): ServiceDeclaration {
  const container = w.containers[w.metadata.name];
  if (!container) throw new Error('unreachable: checked by crossFieldProblems');
  const entries = Object.entries(w.resources);
  const db = entries.find(([, r]) => r.type === 'postgres');
  return {
    name: w.metadata.name,
    kind: w.metadata.annotations[KIND_ANNOTATION],
    directory: `services/${folder}`,
    file: `services/${folder}/score.yaml`,
    port: w.service.ports.http.targetPort,
    build: w.metadata['x-build'],
    variables: container.variables,
    database: db && db[1].type === 'postgres' ? { resource: db[0], schema: db[1].params.schema } : undefined,
    queues: entries.flatMap(([resource, r]) =>
      r.type === 'aws-sqs-queue'
        ? [{ id: r.id, resource, direction: r.metadata.annotations[DIRECTION_ANNOTATION] }]
        : [],
    ),
    dependencies: entries.flatMap(([resource, r]) =>
      r.type === 'service-port' ? [{ resource, workload: r.params.workload, port: r.params.port }] : [],
    ),
    oauthClient: entries.flatMap(([resource, r]) =>
      r.type === 'oauth-client' ? [{ resource, scopes: r.params.scopes }] : [],
    )[0],
    routes: w.metadata['x-routes'] ?? [],
    environments: Object.fromEntries(
      ENVIRONMENTS.map((env) => {
        const s = w.metadata['x-environments'][env];
        return [env, { replicas: s.replicas, resources: s.resources ?? container.resources }];
      }),
    ) as ServiceDeclaration['environments'],
    workload: w,
  };
}

/**
 * Parses and checks one declaration; `file` is only for messages. The name rules use `context.project`
 * (default: this repository's {@link projectName}).
 */
export function parseDeclaration(
  text: string,
  file: string,
  folder: string,
  context: NameContext = { project: projectName() },
): ServiceDeclaration {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new ServiceDeclarationError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  const result = scoreWorkload.safeParse(raw);
  const problems = result.success ? crossFieldProblems(result.data, folder, context) : issues(result.error);
  if (problems.length > 0 || !result.success)
    throw new ServiceDeclarationError(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return toDeclaration(result.data, folder);
}

/**
 * The folders of `services/` that declare a service (have a score.yaml), sorted. A hidden folder is never
 * one (no name starts with a dot): new:service builds a service in `.new-<name>-*` before moving it in.
 */
export function declaredFolders(root: string): string[] {
  const services = join(root, 'services');
  return readdirSync(services, { withFileTypes: true })
    .filter(
      (d) => d.isDirectory() && !d.name.startsWith('.') && existsSync(join(services, d.name, 'score.yaml')),
    )
    .map((d) => d.name)
    .sort();
}

/**
 * Whether the service's package.json has a `build` script. Every place that builds or runs a service
 * (services/build.mjs, the workflows' image jobs and their rehearsal, `npm start`) runs it first
 * (`npm run build --workspace services/<name>`): a web front end's build writes the files it ships.
 */
export function hasBuildScript(
  service: Pick<ServiceDeclaration, 'directory'>,
  root = REPOSITORY_ROOT,
): boolean {
  const manifest = join(root, service.directory, 'package.json');
  if (!existsSync(manifest)) return false;
  const { scripts } = JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, unknown> };
  return typeof scripts?.build === 'string';
}

/**
 * `x-build`'s paths against the service's folder: the entry is source, so it must exist; an include must
 * exist too, unless the service has a build script, which makes what is not committed (a front end's
 * `public/`, gitignored). A build that does not make it fails where it is bundled (services/build.mjs,
 * image-publish's `include` check), naming the path.
 */
function buildInputProblems(root: string, service: ServiceDeclaration): string[] {
  const absent = (path: string) => !existsSync(join(root, service.directory, path));
  const problems: string[] = [];
  if (absent(service.build.entry))
    problems.push(`metadata.x-build.entry: ${service.build.entry} not found in ${service.directory}`);
  const missing = service.build.include.filter(absent);
  if (missing.length > 0 && !hasBuildScript(service, root))
    problems.push(
      `metadata.x-build.include: ${missing.join(', ')} not found in ${service.directory} (and its package.json has no build script to make ${missing.length > 1 ? 'them' : 'it'})`,
    );
  return problems;
}

/** Reads every `services/<name>/score.yaml` under `root` (default: this repository). */
export function loadCatalogue(root: string = REPOSITORY_ROOT): Catalogue {
  const context = { project: projectName(root) };
  const services = declaredFolders(root).map((folder) => {
    const file = `services/${folder}/score.yaml`;
    const service = parseDeclaration(readFileSync(join(root, file), 'utf8'), file, folder, context);
    const problems = buildInputProblems(root, service);
    if (problems.length > 0)
      throw new ServiceDeclarationError(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return service;
  });
  if (services.length === 0)
    throw new ServiceDeclarationError(`${join(root, 'services')}: no */score.yaml found`);
  // One entrypoint: a path prefix goes to one service.
  const routedBy = new Map<string, string>();
  for (const service of services)
    for (const route of service.routes) {
      const other = routedBy.get(route);
      if (other !== undefined)
        throw new ServiceDeclarationError(
          `${service.file}:\n  - metadata.x-routes: ${route} is already routed to ${other} (services/${other}/score.yaml)`,
        );
      routedBy.set(route, service.name);
    }
  // SQS hands each message to one consumer: a second service receiving from a queue would take half of
  // the first one's messages, not get a copy.
  const receivers = new Map<string, string>();
  for (const service of services)
    for (const queue of service.queues.filter((q) => q.direction === 'receive')) {
      const first = receivers.get(queue.id);
      if (first !== undefined)
        throw new ServiceDeclarationError(
          `${service.file}:\n  - resources.${queue.resource}.id: queue "${queue.id}" is already received by ${first}; an SQS queue hands each message to one consumer: give ${service.name} a queue of its own`,
        );
      receivers.set(queue.id, service.name);
    }
  const byName = new Map(services.map((s) => [s.name, s]));
  for (const service of services) {
    const problems = crossServiceProblems(service, byName);
    if (problems.length > 0)
      throw new ServiceDeclarationError(`${service.file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return {
    root,
    services,
    names: services.map((s) => s.name),
    get(name) {
      const found = byName.get(name);
      if (!found)
        throw new ServiceDeclarationError(
          `no service "${name}" is declared (known: ${[...byName.keys()].join(', ')})`,
        );
      return found;
    },
    queueIds: [...new Set(services.flatMap((s) => s.queues.map((q) => q.id)))].sort(),
  };
}

/**
 * What a declaration says about the others: each service it calls is declared and has the port it names,
 * each scope its OAuth client asks for is a declared service's.
 */
function crossServiceProblems(
  service: ServiceDeclaration,
  byName: ReadonlyMap<string, ServiceDeclaration>,
): string[] {
  const problems: string[] = [];
  const known = () => [...byName.keys()].join(', ');
  for (const dependency of service.dependencies) {
    const target = byName.get(dependency.workload);
    if (target === undefined) {
      problems.push(
        `resources.${dependency.resource}.params.workload: no service "${dependency.workload}" is declared (known: ${known()})`,
      );
      continue;
    }
    const ports = Object.keys(target.workload.service.ports);
    if (!ports.includes(dependency.port))
      problems.push(
        `resources.${dependency.resource}.params.port: ${dependency.workload} has no port "${dependency.port}" (${target.file} service.ports: ${ports.join(', ')})`,
      );
  }
  if (service.oauthClient)
    for (const scope of service.oauthClient.scopes) {
      const owner = scope.slice(0, scope.indexOf(':'));
      if (!byName.has(owner))
        problems.push(
          `resources.${service.oauthClient.resource}.params.scopes: "${scope}" names no declared service (known: ${known()})`,
        );
    }
  return problems;
}
