// argocd-destination: the Application's destination must be one its project allows, as Argo CD matches it.
import { describe, expect, it } from '@jest/globals';
import { argocdDestination as check } from '../argocd-destination.js';
import { ARGO, child, demoProject, expectProblem, problemsAfter } from './argocd-fixture.js';

const SERVER = 'https://kubernetes.default.svc';

describe('argocd-destination', () => {
  it('refuses a namespace the project does not allow', () =>
    expectProblem(
      check,
      (f) => {
        child(f).destination.namespace = 'elsewhere';
      },
      `${ARGO}/child.yaml`,
      'destination namespace "elsewhere" is not allowed by project "demo"',
    ));

  it('refuses a namespace a deny destination excludes, even when another allows it', () =>
    expectProblem(
      check,
      (f) => {
        demoProject(f).destinations.push({ server: SERVER, namespace: '!demo' });
      },
      `${ARGO}/child.yaml`,
      'destination namespace "demo" is not allowed by project "demo"',
    ));

  it('refuses a cluster the project does not allow', () =>
    expectProblem(
      check,
      (f) => {
        child(f).destination.server = 'https://other-cluster.example.com';
      },
      `${ARGO}/child.yaml`,
      'is not allowed by project "demo"',
    ));

  it('accepts a destination a glob names', async () => {
    const problems = await problemsAfter(check, (f) => {
      demoProject(f).destinations[0].namespace = 'de[m]o';
    });
    expect(problems).toEqual([]);
  });
});
