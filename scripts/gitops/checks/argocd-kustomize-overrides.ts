// `source.kustomize` (images, patches, components, namespace, replicas, …) changes the kustomization when
// Argo CD renders it, after the validator rendered it without them: an image digest or a security field
// replaced there would reach the cluster unchecked. Changes belong in the kustomization itself.
import { defineCheck } from '../../checks/check.js';
import { perApp } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdKustomizeOverrides = defineCheck<TreeSubject>({
  id: 'argocd-kustomize-overrides',
  summary:
    'an Application sets no `source.kustomize` (`images`, `patches`, `components`, …): a digest or a security field replaced there would reach the cluster unchecked',
  run: (subject) =>
    perApp(subject, function* (app) {
      const fields = Object.keys(app.spec.source?.kustomize ?? {});
      if (fields.length > 0)
        yield `source.kustomize (${fields.join(', ')}) changes ${app.spec.source?.path ?? 'the source'} after the validator rendered it: make the change in the kustomization`;
    }),
});
