// argocd-render-type: a plugin, plain directory manifests, or Helm on a path render what the validator did not.
import { describe, it } from '@jest/globals';
import { argocdRenderType as check } from '../argocd-render-type.js';
import { ARGO, child, expectProblem } from './argocd-fixture.js';

describe('argocd-render-type', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'source.plugin',
      { plugin: { name: 'envsubst' } },
      'source.plugin renders with a Config Management Plugin',
    ],
    ['source.directory', { directory: { recurse: true } }, 'source.directory makes Argo CD apply the files'],
    [
      'source.helm on a path',
      { helm: { releaseName: 'app' } },
      'source.helm makes Argo CD render the path with Helm',
    ],
  ])('refuses %s', (_name, fields, text) =>
    expectProblem(check, (f) => Object.assign(child(f).source, fields), `${ARGO}/child.yaml`, text),
  );
});
