// argocd-project-destinations: the example, a destination namespace written as the glob
// `kube-syste[m]`, now fails; so do unbounded globs, deny entries, `server: '*'` and namespaces none of the
// project's Applications deploy to.
import { describe, expect, it } from '@jest/globals';
import { argocdProjectDestinations as check } from '../argocd-project-destinations.js';
import { ARGO, adminProject, demoProject, expectProblem, problemsAfter } from './argocd-fixture.js';

const SERVER = 'https://kubernetes.default.svc';

describe('argocd-project-destinations', () => {
  it.each([
    [
      'kube-syste[m]',
      'namespace "kube-system" is never a child project\'s destination (the glob "kube-syste[m]" matches "kube-system")',
    ],
    ['kube-{public,system}', 'namespace "kube-public" is never a child project\'s destination'],
    ['kube-system', 'namespace "kube-system" is never a child project\'s destination'],
    ['*', '"*" matches any number of namespaces'],
    ['demo-?', '"demo-?" matches any number of namespaces'],
    ['[!x]emo', '"[!x]emo" matches any number of namespaces'],
    ['!kube-system', '"!kube-system" matches any number of namespaces'],
    ['other', 'destination namespace "other" is outside the namespaces its Applications deploy to (demo)'],
    ['{demo,other}', '"other" (the glob "{demo,other}" matches "other") is outside'],
  ])('refuses the destination namespace %s', (namespace, text) =>
    expectProblem(
      check,
      (f) => {
        demoProject(f).destinations.push({ server: SERVER, namespace });
      },
      `${ARGO}/projects.yaml`,
      text,
    ),
  );

  it("refuses server '*', a cluster name glob, no cluster, and no namespace", async () => {
    const problems = await problemsAfter(check, (f) => {
      demoProject(f).destinations.push(
        { server: '*', namespace: 'demo' },
        { name: 'prod-*', namespace: 'demo' },
        { namespace: 'demo' },
        { server: SERVER },
      );
    });
    expect(problems.map((p) => p.message)).toEqual([
      'AppProject argocd/demo: destination server "*" must name one cluster (no wildcard)',
      'AppProject argocd/demo: destination name "prod-*" must name one cluster (no wildcard)',
      'AppProject argocd/demo: a destination must name its cluster (server)',
      'AppProject argocd/demo: destinations must name each namespace (no wildcard): one names none',
    ]);
  });

  it('accepts a glob that names only the namespaces the project uses', async () => {
    const problems = await problemsAfter(check, (f) => {
      demoProject(f).destinations = [{ server: SERVER, namespace: '{de[m]o}' }];
      adminProject(f).destinations = [{ server: SERVER, namespace: 'argoc[d]' }];
    });
    expect(problems).toEqual([]);
  });
});
