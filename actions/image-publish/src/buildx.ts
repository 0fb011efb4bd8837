// The `docker buildx build` command line, and the digest read back from its metadata file.
import { readFileSync } from 'node:fs';
import { formatReference } from '../../lib/oci-reference.js';
import type { Settings } from './inputs.js';

/** Everything one build needs, already validated. */
export interface BuildPlan {
  /** Repository name, e.g. `127.0.0.1:5000/app`. */
  image: string;
  context: string;
  dockerfile: string;
  platforms: readonly string[];
  /** Bare tags; each becomes `--tag=<image>:<tag>`. */
  tags: readonly string[];
  labels: Readonly<Record<string, string>>;
  /** `--build-arg`s, e.g. SERVICE and PORT for services/Dockerfile. */
  buildArgs?: Readonly<Record<string, string>>;
  push: boolean;
  metadataFile: string;
}

/**
 * The argv after `docker`. Every option is one `--name=value` element, so no value can be read as
 * another option, and no shell ever sees them.
 * - `--provenance=false --sbom=false`: the digest we output is the image (or the platforms' index) itself,
 *   with no attestation manifests that registries and scanners list as `unknown/unknown` platforms.
 * - Without push, `--output=type=image,push=false` still builds every platform and reports the digest
 *   (`--load` cannot hold a multi-platform image in the classic docker image store).
 */
export function buildxArgs(plan: BuildPlan): string[] {
  return [
    'buildx',
    'build',
    `--platform=${plan.platforms.join(',')}`,
    `--file=${plan.dockerfile}`,
    ...plan.tags.map((tag) => `--tag=${plan.image}:${tag}`),
    ...Object.entries(plan.labels).map(([key, value]) => `--label=${key}=${value}`),
    ...Object.entries(plan.buildArgs ?? {}).map(([key, value]) => `--build-arg=${key}=${value}`),
    `--metadata-file=${plan.metadataFile}`,
    '--provenance=false',
    '--sbom=false',
    plan.push ? '--push' : '--output=type=image,push=false',
    plan.context,
  ];
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The image digest buildx wrote to `--metadata-file` (key `containerimage.digest`). */
export function readDigest(metadataFile: string): string {
  let text: string;
  try {
    text = readFileSync(metadataFile, 'utf8');
  } catch {
    throw new Error(
      `docker buildx build wrote no metadata file (${metadataFile}): is buildx older than v0.6?`,
    );
  }
  let metadata: unknown;
  try {
    metadata = JSON.parse(text);
  } catch {
    throw new Error(`docker buildx build's metadata file is not JSON: ${text.slice(0, 200)}`);
  }
  const digest = (metadata as Record<string, unknown> | null)?.['containerimage.digest'];
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw new Error(
      `docker buildx build's metadata has no valid 'containerimage.digest' (got ${JSON.stringify(digest ?? null)}): ` +
        'check that the builder exports an image (a docker-container or remote driver, or the containerd image store).',
    );
  }
  return digest;
}

/** services/Dockerfile's build arguments from the `service`, `port` and `base` inputs (each when given). */
export function dockerfileArgs(
  settings: Pick<Settings, 'service' | 'port' | 'base'>,
): Record<string, string> {
  return {
    ...(settings.service && { SERVICE: settings.service }),
    ...(settings.port !== undefined && { PORT: String(settings.port) }),
    ...(settings.base && { RUNTIME_IMAGE: formatReference(settings.base) }),
  };
}
