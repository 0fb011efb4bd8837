// argocd-kustomize-overrides: the example, an Application replacing the image digest the validator
// checked (source.kustomize.images) or patching the rendered objects, now fails.
import { describe, it } from '@jest/globals';
import { DIGEST } from '../../test/fixture.js';
import { argocdKustomizeOverrides as check } from '../argocd-kustomize-overrides.js';
import { ARGO, child, expectProblem } from './argocd-fixture.js';

const OTHER_DIGEST = DIGEST.replace(/a/g, 'b');

describe('argocd-kustomize-overrides', () => {
  it.each<[string, Record<string, unknown>]>([
    ['images', { images: [`app=registry.example.com/app@${OTHER_DIGEST}`] }],
    [
      'patches',
      {
        patches: [
          {
            target: { kind: 'Deployment' },
            patch: '- op: replace\n  path: /spec/template/spec/securityContext/runAsNonRoot\n  value: false',
          },
        ],
      },
    ],
    ['components', { components: ['../../components/debug'] }],
  ])('refuses source.kustomize.%s', (field, kustomize) =>
    expectProblem(
      check,
      (f) => {
        child(f).source.kustomize = kustomize;
      },
      `${ARGO}/child.yaml`,
      `source.kustomize (${field}) changes gitops/apps/prod after the validator rendered it`,
    ),
  );
});
