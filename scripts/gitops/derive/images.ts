// An environment's overlay (apps/<env>/kustomization.yaml): its `namespace:` is the platform's
// (`<prefix>-<env>`, init.values.json), and its images list is gitops-bump's: the pipeline pins each
// service there. Derivation only keeps the list's names in step with the catalogue: a newly declared
// service gets an entry (its repository from aws.env, an all-zero digest until the pipeline pins a build,
// as a first deploy has), an entry no declaration names any more is dropped, and every existing pin stays
// byte for byte (gitops-bump's own editor appends, so comments and formatting survive).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { pinImages } from '../../../actions/gitops-bump/src/kustomization.js';
import { serviceRepositoryKey } from '../../../services/lib/catalogue/aws-env.js';
import type { Catalogue } from '../../../services/lib/catalogue/catalogue.js';
import type { Environment } from '../../../services/lib/catalogue/score-schema.js';
import type { DerivedFile } from '../../catalogue/derived.js';
import { platform } from '../../platform/platform.js';
import { overlayKustomizationFile } from '../layout.js';
import { awsEnvValues } from './aws-env-file.js';
import { GitopsDerivationError } from './service-config.js';

/** The digest of an image not pinned yet: kustomize renders it, no registry serves it. */
export const UNPINNED_DIGEST = `sha256:${'0'.repeat(64)}`;

/** The names the images list pins, in file order. */
export function imageNames(text: string): string[] {
  const images = parseDocument(text).get('images', true);
  if (images === undefined) return [];
  if (!('items' in (images as object))) throw new Error('images is not a list');
  return (images as { items: unknown[] }).items.flatMap((item) => {
    const name = isMap(item) ? item.get('name', true) : undefined;
    return isScalar(name) ? [String(name.value)] : [];
  });
}

/** `text` without the images entries named in `names`: each item's lines cut out, the rest untouched. */
function withoutEntries(text: string, names: ReadonlySet<string>): string {
  const doc = parseDocument(text);
  const images = doc.get('images', true) as { items: unknown[] } | undefined;
  const cuts = (images?.items ?? [])
    .filter(
      (item) => isMap(item) && names.has(String((item.get('name', true) as { value?: unknown })?.value)),
    )
    .map((item) => {
      const [start, , end] = (item as { range: [number, number, number] }).range;
      // From the `- ` that opens the item to the end of its last line.
      const from = text.lastIndexOf('\n', start) + 1;
      const newline = text.indexOf('\n', Math.max(start, end - 1));
      return [from, newline === -1 ? text.length : newline + 1] as const;
    })
    .sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [from, to] of cuts) out = out.slice(0, from) + out.slice(to);
  return out;
}

export function overlayImagesFile(catalogue: Catalogue, env: Environment): DerivedFile {
  const path = overlayKustomizationFile(env);
  const file = join(catalogue.root, path);
  if (!existsSync(file))
    throw new GitopsDerivationError(`${path} is missing: the ${env} overlay holds the images list`);
  const current = readFileSync(file, 'utf8');
  const pinned = imageNames(current);
  const declared = new Set(catalogue.names);
  const stale = new Set(pinned.filter((n) => !declared.has(n)));
  const repositories = awsEnvValues(catalogue, env);
  const missing = catalogue.names
    .filter((n) => !pinned.includes(n))
    .map((name) => ({
      name,
      repository: repositories.get(serviceRepositoryKey(name)) ?? name,
      target: { kind: 'digest' as const, digest: UNPINNED_DIGEST },
    }));
  const trimmed = stale.size > 0 ? withoutEntries(current, stale) : current;
  const pinnedText = missing.length > 0 ? pinImages(trimmed, missing).text : trimmed;
  return { path, text: withNamespace(path, pinnedText, platform(catalogue.root).namespace(env)) };
}

/** `text` with its top-level `namespace:` line saying `namespace` (the line's comment kept). */
function withNamespace(path: string, text: string, namespace: string): string {
  const line = /^namespace:[ \t]*[^\s#]*/m;
  if (!line.test(text))
    throw new GitopsDerivationError(`${path} has no top-level namespace: line (the services' namespace)`);
  return text.replace(line, `namespace: ${namespace}`);
}
