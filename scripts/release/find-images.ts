// Finds, for each service, the image the main workflow built from a release commit's source: never rebuilds.
//
// The main workflow builds a service only when its paths changed, and tags the image `sha-<7>` of the commit
// it built. So for a tagged commit T and a service S: take the last commit at or before T that changed S's
// paths (its source is the same as T's), then look, from that commit forward to T, for the first `sha-<7>`
// tag that exists: every commit in that range has the same source for S. None found: S was never built
// from this source (the main run failed, or was skipped), which is an error naming both commits.
//
// The release workflow runs this file (`npx tsx scripts/release/find-images.ts`), and so does the
// rehearsal, on the same registry client the actions use.
import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Credentials } from '../../actions/lib/oci-auth.js';
import { parseRepository, withTag } from '../../actions/lib/oci-reference.js';
import { RegistryClient } from '../../actions/lib/oci-registry.js';
import { SERVICES, type Service, servicePaths } from '../../workflows/paths.js';

const run = promisify(execFile);

export interface ReleaseImage {
  readonly service: Service;
  /** `repository@sha256:…` */
  readonly ref: string;
  readonly digest: string;
  /** The `sha-<7>` tag found, and the commit it names. */
  readonly tag: string;
  readonly builtFrom: string;
}

export interface FindOptions {
  /** A git work tree or bare repository holding the history of `commit`. */
  readonly gitDir: string;
  /** The release commit (full SHA or any revision). */
  readonly commit: string;
  /** Registry host and path prefix of the service repositories, e.g. `1234.dkr.ecr.eu-west-1.amazonaws.com`. */
  readonly registry: string;
  readonly credentials?: Credentials;
  readonly services?: readonly Service[];
  /** Commits searched per service at most. @defaultValue 200 */
  readonly maxCommits?: number;
}

export class NeverBuiltError extends Error {}

async function git(gitDir: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', gitDir, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/** Commits from the one that last changed `paths` (inclusive) up to `commit`, oldest first. */
async function sameSourceCommits(
  gitDir: string,
  commit: string,
  paths: string[],
  max: number,
): Promise<string[]> {
  const pathspecs = paths.map((p) => `:(glob)${p}`);
  const source = await git(gitDir, ['log', '-1', '--format=%H', commit, '--', ...pathspecs]);
  if (source === '')
    throw new NeverBuiltError(`no commit at or before ${commit} touches ${paths.join(', ')}`);
  const later = await git(gitDir, ['rev-list', '--reverse', '--ancestry-path', `${source}..${commit}`]);
  return [source, ...later.split('\n').filter(Boolean)].slice(0, max);
}

export async function findReleaseImages(options: FindOptions): Promise<ReleaseImage[]> {
  const client = new RegistryClient(options.credentials ? { credentials: options.credentials } : {});
  const commit = await git(options.gitDir, ['rev-parse', `${options.commit}^{commit}`]);
  const found: ReleaseImage[] = [];
  const missing: string[] = [];
  for (const service of options.services ?? SERVICES) {
    const repository = parseRepository(`${options.registry}/${service}`);
    const candidates = await sameSourceCommits(
      options.gitDir,
      commit,
      servicePaths(service),
      options.maxCommits ?? 200,
    );
    let image: ReleaseImage | undefined;
    for (const candidate of candidates) {
      const tag = `sha-${candidate.slice(0, 7)}`;
      const head = await client.headManifest(withTag(repository, tag));
      if (head === undefined) continue;
      const name = `${options.registry}/${service}`;
      image = { service, ref: `${name}@${head.digest}`, digest: head.digest, tag, builtFrom: candidate };
      break;
    }
    if (image) found.push(image);
    else
      missing.push(
        `${service}: no image ${options.registry}/${service}:sha-<commit> for any of ${candidates.length} commit(s) ` +
          `with this source (${(candidates[0] ?? '').slice(0, 7)} .. ${commit.slice(0, 7)}): the main workflow never ` +
          'built it (check its run for that commit). A release never rebuilds.',
      );
  }
  if (missing.length > 0)
    throw new NeverBuiltError(`Release ${commit.slice(0, 7)} cannot be promoted:\n${missing.join('\n')}`);
  return found;
}

/** `name=value` lines for GITHUB_OUTPUT: one per service, and `images` (gitops-bump's input). */
export function outputLines(images: readonly ReleaseImage[]): string {
  const pins = images.map((i) => `${i.service}=${i.ref}`).join('\n');
  return [...images.map((i) => `${i.service}=${i.ref}`), `images<<PINS_EOF\n${pins}\nPINS_EOF`].join('\n');
}

// CLI, as the release workflow runs it: RELEASE_SHA, REPOSITORIES (registry/prefix), and REGISTRY_USERNAME/REGISTRY_PASSWORD.
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const env = process.env;
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set: the release workflow passes it through env`);
    return value;
  };
  try {
    const images = await findReleaseImages({
      gitDir: process.cwd(),
      commit: need('RELEASE_SHA'),
      registry: need('REPOSITORIES'),
      ...(env.REGISTRY_PASSWORD && {
        credentials: { username: env.REGISTRY_USERNAME ?? 'AWS', password: env.REGISTRY_PASSWORD },
      }),
    });
    for (const i of images) console.log(`${i.service}: ${i.ref} (tag ${i.tag})`);
    if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${outputLines(images)}\n`);
  } catch (error) {
    console.error(`::error title=Release images::${(error as Error).message.replaceAll('\n', '%0A')}`);
    process.exit(1);
  }
}
