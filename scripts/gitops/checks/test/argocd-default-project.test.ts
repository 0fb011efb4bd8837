// argocd-default-project: an Application in "default", or in no project, is refused.
import { describe, it } from '@jest/globals';
import { argocdDefaultProject as check } from '../argocd-default-project.js';
import { ARGO, child, expectProblem } from './argocd-fixture.js';

describe('argocd-default-project', () => {
  it.each<[string, (spec: { project?: string }) => void]>([
    ['project "default"', (spec) => (spec.project = 'default')],
    ['no project', (spec) => delete spec.project],
  ])('refuses an Application in %s', (_name, change) =>
    expectProblem(check, (f) => change(child(f)), `${ARGO}/child.yaml`, 'must not use project "default"'),
  );
});
