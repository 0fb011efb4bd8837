// (tests only) An overlay of a (scratch) repository rendered with the real kustomize, and its objects found
// by kind and name: the one way the scratch-copy tests (a third service, one per kind, service-port peers)
// look into what a cluster would get.
import type { Environment } from '../../../services/lib/catalogue/score-schema.js';
import { overlayDir } from '../layout.js';
import type { K8sObject } from '../model.js';
import { renderTree } from '../render.js';
import type { Loose } from './fixture.js';

export interface RenderedOverlay {
  readonly objects: K8sObject[];
  /** The object of `kind` named `name` (a RegExp for a hashed name such as a ConfigMap's); throws if none. */
  objectOf(kind: string, name: string | RegExp): Loose;
  /** A service's pod template (its Deployment's). */
  podOf(service: string): Loose;
}

/** Whether a label selector's matchLabels select these labels (an empty selector selects every pod). */
export const selectorMatches = (selector: Loose, labels: Record<string, string>): boolean =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

/** Renders `<root>/gitops/apps/<env>`; a render error throws. */
export async function renderOverlay(root: string, env: Environment): Promise<RenderedOverlay> {
  const tree = await renderTree(`${root}/${overlayDir(env)}`, { repoRoot: root });
  if (tree.error) throw new Error(tree.error);
  const objects = tree.objects.map((o) => o.object);
  const objectOf = (kind: string, name: string | RegExp): Loose => {
    const found = objects.find(
      (o) =>
        o.kind === kind &&
        (typeof name === 'string' ? o.metadata?.name === name : name.test(o.metadata?.name ?? '')),
    );
    if (!found) throw new Error(`${overlayDir(env)} renders no ${kind} ${name}`);
    return found;
  };
  return { objects, objectOf, podOf: (service) => objectOf('Deployment', service).spec.template };
}
