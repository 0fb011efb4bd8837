// The validator renders a path source with kustomize and does not render charts' plugins at all. A source
// that makes Argo CD render otherwise (a Config Management Plugin, plain directory manifests, Helm on a
// path) deploys something the validator never saw.
import { defineCheck } from '../../checks/check.js';
import { perApp } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdRenderType = defineCheck<TreeSubject>({
  id: 'argocd-render-type',
  summary:
    'an Application sets no `source.plugin`, no `source.directory`, and no `source.helm` on a path: the path renders with kustomize, as checked',
  run: (subject) =>
    perApp(subject, function* (app) {
      const source = app.spec.source;
      if (!source) return;
      if (source.plugin)
        yield 'source.plugin renders with a Config Management Plugin the validator cannot run: render with kustomize';
      if (source.directory)
        yield 'source.directory makes Argo CD apply the files of the path, not the kustomization the validator rendered';
      if (source.helm && source.chart === undefined)
        yield 'source.helm makes Argo CD render the path with Helm, not the kustomization the validator rendered';
    }),
});
