// argocd-namespace: only the admin project reaches Argo CD's namespace, by an Application or a project
// destination, including a glob that matches it.
import { describe, it } from '@jest/globals';
import { argocdNamespace as check } from '../argocd-namespace.js';
import { ARGO, child, demoProject, expectProblem } from './argocd-fixture.js';

const SERVER = 'https://kubernetes.default.svc';
const TEXT = `only project "admin" may deploy to Argo CD's namespace "argocd"`;

describe('argocd-namespace', () => {
  it("refuses a child Application deploying into Argo CD's namespace", () =>
    expectProblem(
      check,
      (f) => {
        child(f).destination.namespace = 'argocd';
        demoProject(f).destinations.push({ server: SERVER, namespace: 'argocd' });
      },
      `${ARGO}/child.yaml`,
      TEXT,
    ));

  it.each(['argocd', 'argoc[d]', 'argo*', '{argocd,demo}', '!demo'])(
    'refuses a project other than admin whose destination %s matches it',
    (namespace) =>
      expectProblem(
        check,
        (f) => {
          demoProject(f).destinations.push({ server: SERVER, namespace });
        },
        `${ARGO}/projects.yaml`,
        TEXT,
      ),
  );
});
