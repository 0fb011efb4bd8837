// argocd-helm-overrides: values and parameters replacing images or security fields, values from elsewhere,
// and a release namespace other than the destination; harmless values pass.
import { describe, expect, it } from '@jest/globals';
import type { Fixture } from '../../test/fixture.js';
import { argocdHelmOverrides as check } from '../argocd-helm-overrides.js';
import { ARGO, child, demoProject, expectProblem, problemsAfter } from './argocd-fixture.js';

const withHelm = (helm: Record<string, unknown>) => (f: Fixture) => {
  child(f).source = { repoURL: 'https://charts.example.com', chart: 'thing', targetRevision: '1.2.3', helm };
  demoProject(f).sourceRepos.push('https://charts.example.com');
};

describe('argocd-helm-overrides', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'an image tag in values',
      { values: 'controller:\n  image:\n    tag: latest\n' },
      'set controller.image',
    ],
    [
      'a securityContext in valuesObject',
      { valuesObject: { pods: [{ securityContext: { privileged: true } }] } },
      'set pods[0].securityContext',
    ],
    ['hostNetwork in values', { values: 'hostNetwork: true\n' }, 'set hostNetwork'],
    [
      'an image repository parameter',
      { parameters: [{ name: 'controller.image.repository', value: 'evil.example.com/x' }] },
      'set controller.image.repository',
    ],
    [
      'values read from a URL',
      { valueFiles: ['https://example.com/values.yaml'] },
      'helm.valueFiles https://example.com/values.yaml read values from outside',
    ],
    [
      'a release namespace other than the destination',
      { namespace: 'kube-system' },
      'helm.namespace "kube-system"',
    ],
    ['values that are not YAML', { values: 'a: [' }, 'helm.values is not YAML'],
  ])('refuses %s', (_name, helm, text) => expectProblem(check, withHelm(helm), `${ARGO}/child.yaml`, text));

  it('accepts values that set neither images nor security fields', async () => {
    const problems = await problemsAfter(
      check,
      withHelm({
        values: 'replicas: 2\nloki:\n  auth_enabled: false\n',
        parameters: [{ name: 'a.b', value: '1' }],
      }),
    );
    expect(problems).toEqual([]);
  });
});
