// What every flow's rehearsal shares: options, the state folder, the registry and the job context.
import { spawnSync } from 'node:child_process';
import { parseReference } from '../../actions/lib/oci-reference.js';
import { RegistryClient } from '../../actions/lib/oci-registry.js';
import { imageLeg, REPOSITORY_PREFIX, type Service } from '../../workflows/paths.js';
import type { TestRegistry } from '../lib/registry.js';
import { openRegistry, resolveCommit, StateDir } from './environment.js';
import { type Progress, table } from './progress.js';
import type { JobContext } from './runner.js';

export interface RehearsalOptions {
  /** State folder (registry, remote, workspaces). @defaultValue `.data/pipeline` */
  readonly stateDir: string;
  /** `owner/name` the rehearsal poses as (GITHUB_REPOSITORY). */
  readonly repository: string;
  /** Run each built image with podman until /ready. Tests that cover it elsewhere may turn it off. */
  readonly smoke: boolean;
  readonly write: (line: string) => void;
  /** The commit to rehearse. @defaultValue HEAD */
  readonly commit?: string;
}

export interface Rehearsal {
  readonly options: RehearsalOptions;
  readonly state: StateDir;
  readonly progress: Progress;
  readonly commit: { sha: string; dirty: boolean; time: number };
  registry?: TestRegistry;
}

/** The image repository of a service in the rehearsal's registry (as `vars.ECR_REGISTRY/<prefix>/<s>`). */
export const repositoryOf = (registry: TestRegistry, service: Service) =>
  `${registry.host}/${REPOSITORY_PREFIX}/${service}`;

/** `matrix.*` of an image job's leg (the changes job's `images` output, one entry per service). */
export const matrixOf = (service: Service): Record<string, string> =>
  Object.fromEntries(Object.entries(imageLeg(service)).map(([key, value]) => [`matrix.${key}`, value]));

export async function begin(options: RehearsalOptions, progress: Progress, flow: string): Promise<Rehearsal> {
  const commit = await resolveCommit(options.commit);
  options.write(
    `Rehearsing the ${flow} flow on commit ${commit.sha.slice(0, 7)}` +
      (commit.dirty ? ' (the work tree has uncommitted changes: they are not part of it)' : ''),
  );
  return { options, state: new StateDir(options.stateDir), progress, commit };
}

export async function startRegistryStage(r: Rehearsal): Promise<TestRegistry> {
  await r.progress.stage('registry (ECR stand-in)', async () => {
    const { registry, note } = await openRegistry(r.state);
    r.registry = registry;
    return {
      detail: `docker-registry on ${registry.host}, images kept in ${r.state.path('registry')}${note}`,
    };
  });
  return r.registry as TestRegistry;
}

export function jobContext(
  r: Rehearsal,
  workspace: string,
  event: { name: string; ref: string },
): JobContext {
  return {
    workspace,
    eventName: event.name,
    ref: event.ref,
    sha: r.commit.sha,
    repository: r.options.repository,
    payload: {
      ref: event.ref,
      after: r.commit.sha,
      repository: {
        default_branch: 'main',
        name: r.options.repository.split('/')[1],
        full_name: r.options.repository,
        html_url: `https://github.com/${r.options.repository}`,
      },
    },
  };
}

/** The digest a tag points at now, or undefined. */
export async function digestOf(reference: string): Promise<string | undefined> {
  return (await new RegistryClient().headManifest(parseReference(reference)))?.digest;
}

export const onPath = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** The summary table every flow ends with, then the verdict. */
export function finish(
  r: Rehearsal,
  rows: ReadonlyArray<readonly string[]>,
  extra: readonly string[] = [],
): boolean {
  const { write } = r.options;
  write('');
  write(table(['service', 'image', 'state'], rows));
  for (const line of extra) write(line);
  const failed = r.progress.results.filter((s) => s.state === 'failed');
  const absent = r.progress.results.filter((s) => s.state === 'absent').map((s) => s.name);
  write('');
  if (absent.length > 0) write(`Not rehearsed here (absent): ${absent.join(', ')}.`);
  write(
    failed.length > 0 ? `FAILED: ${failed.map((s) => s.name).join(', ')}` : 'Every rehearsed stage passed.',
  );
  return failed.length === 0;
}
