// Every rule of the validator, fed a tree that breaks it: the finding must name the file and the rule. The
// unbroken fixture passes, so each finding comes from the one thing the case broke. (The Argo CD rules are
// checks of their own, tested in checks/test/argocd-*.test.ts.)
import { afterAll, describe, expect, it } from '@jest/globals';
import { formatFinding } from '../model.js';
import { validateGitops } from '../validate-gitops.js';
import { doc, type Fixture, goodFixture, podSpec, removeFixture, writeFixture } from './fixture.js';

const repos: string[] = [];
afterAll(() => {
  for (const repo of repos) removeFixture(repo);
});

async function validate(fixture: Fixture, raw: Record<string, string> = {}) {
  const repo = writeFixture(fixture, raw);
  repos.push(repo);
  return validateGitops({ root: `${repo}/gitops` });
}

/** Validates the broken fixture and expects a finding of `rule` in `file` whose text contains `text`. */
async function expectFinding(fixture: Fixture, file: string, rule: string, text: string) {
  const result = await validate(fixture);
  expect(result.ok).toBe(false);
  const lines = result.findings.map(formatFinding);
  const match = lines.find((l) => l.startsWith(`${file}: [${rule}]`) && l.includes(text));
  if (!match) throw new Error(`expected ${file}: [${rule}] …${text}…, got:\n${lines.join('\n')}`);
}

const DEPLOYMENT = 'gitops/envs/prod/deployment.yaml';
const mutate = (change: (f: Fixture) => void): Fixture => {
  const f = goodFixture();
  change(f);
  return f;
};
const container = (f: Fixture) => podSpec(f).containers[0];

describe('the fixture', () => {
  it('passes every rule as written', async () => {
    const result = await validate(goodFixture());
    expect(result.findings.map(formatFinding)).toEqual([]);
    expect(result.rows.map((r) => [r.tree, r.verdict])).toEqual([
      ['gitops/argocd', 'pass'],
      ['gitops/envs/prod', 'pass'],
    ]);
  });
});

describe('Pod Security Standard "restricted", in PSA\'s words', () => {
  const cases: Array<[string, (f: Fixture) => void, string]> = [
    [
      'allowPrivilegeEscalation unset',
      (f) => delete container(f).securityContext.allowPrivilegeEscalation,
      'violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
    ],
    [
      'allowPrivilegeEscalation unset on an initContainer',
      (f) => {
        podSpec(f).initContainers = [{ ...structuredClone(container(f)), name: 'init' }];
        delete podSpec(f).initContainers[0].securityContext.allowPrivilegeEscalation;
      },
      'allowPrivilegeEscalation != false (container "init" must set securityContext.allowPrivilegeEscalation=false)',
    ],
    [
      'runAsNonRoot false on the pod',
      (f) => {
        podSpec(f).securityContext.runAsNonRoot = false;
      },
      'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)',
    ],
    [
      'runAsNonRoot set nowhere',
      (f) => delete podSpec(f).securityContext.runAsNonRoot,
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
    ],
    [
      'runAsUser 0 on a container',
      (f) => {
        container(f).securityContext.runAsUser = 0;
      },
      'runAsUser=0 (container "app" must not set runAsUser=0)',
    ],
    [
      'seccompProfile Unconfined',
      (f) => {
        podSpec(f).securityContext.seccompProfile = { type: 'Unconfined' };
      },
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    ],
    [
      'seccompProfile set nowhere',
      (f) => delete podSpec(f).securityContext.seccompProfile,
      'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ],
    [
      'capabilities not dropped',
      (f) => delete container(f).securityContext.capabilities,
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
    ],
    [
      'a capability other than NET_BIND_SERVICE added',
      (f) => {
        container(f).securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN'];
      },
      'unrestricted capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
    ],
    [
      'a hostPath volume',
      (f) => {
        podSpec(f).volumes.push({ name: 'host', hostPath: { path: '/var/run' } });
      },
      'restricted volume types (volume "host" uses restricted volume type "hostPath")',
    ],
  ];
  it.each(cases)('%s', async (_name, change, text) => {
    await expectFinding(mutate(change), DEPLOYMENT, 'pss-restricted', text);
  });
});

describe('workload rules', () => {
  const cases: Array<[string, (f: Fixture) => void, string, string]> = [
    [
      'writable root filesystem',
      (f) => delete container(f).securityContext.readOnlyRootFilesystem,
      'read-only-root',
      'readOnlyRootFilesystem=true',
    ],
    [
      'a writable emptyDir outside /tmp',
      (f) => {
        container(f).volumeMounts[0].mountPath = '/data';
      },
      'read-only-root',
      'at /data: only /tmp may be writable',
    ],
    [
      'no memory limit',
      (f) => delete container(f).resources.limits.memory,
      'resources',
      'resources.limits.memory',
    ],
    ['no requests', (f) => delete container(f).resources.requests, 'resources', 'resources.requests.cpu'],
    [
      'readiness on /health',
      (f) => {
        container(f).readinessProbe.httpGet.path = '/health';
      },
      'probes',
      'readinessProbe with httpGet.path /ready',
    ],
    [
      'no startup probe',
      (f) => delete container(f).startupProbe,
      'probes',
      'startupProbe with httpGet.path /health',
    ],
    [
      'grace period shorter than the drain',
      (f) => {
        podSpec(f).terminationGracePeriodSeconds = 10;
      },
      'grace-period',
      'terminationGracePeriodSeconds 10 must exceed container "app"\'s drain SHUTDOWN_TIMEOUT_MS=10000 ms',
    ],
    [
      'API token mounted',
      (f) => delete podSpec(f).automountServiceAccountToken,
      'service-account-token',
      'automountServiceAccountToken=false',
    ],
    [
      'another uid',
      (f) => {
        podSpec(f).securityContext.runAsUser = 1000;
      },
      'run-as-uid',
      'uid 65532',
    ],
  ];
  it.each(cases)('%s', async (_name, change, rule, text) => {
    await expectFinding(mutate(change), DEPLOYMENT, rule, text);
  });
});

describe('images and environment rules', () => {
  const KUSTOMIZATION = 'gitops/envs/prod/kustomization.yaml';
  const images = (f: Fixture) => doc(f, KUSTOMIZATION).images;

  it('no tag and no digest', async () => {
    const f = mutate((f) => {
      images(f).length = 0;
    });
    await expectFinding(f, DEPLOYMENT, 'image-reference', 'image "app" has neither a tag nor a digest');
  });

  it('the tag latest', async () => {
    const f = mutate((f) => {
      images(f)[0] = { name: 'app', newName: 'registry.example.com/app', newTag: 'latest' };
    });
    await expectFinding(f, DEPLOYMENT, 'image-reference', 'uses the tag latest');
  });

  it('a prod image by tag, not digest', async () => {
    const f = mutate((f) => {
      images(f)[0] = { name: 'app', newName: 'registry.example.com/app', newTag: '1.2.3' };
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'prod-digest',
      'image "registry.example.com/app:1.2.3" is not pinned by digest',
    );
  });

  it('a prod Deployment no PodDisruptionBudget selects', async () => {
    const f = mutate((f) => {
      doc(f, 'gitops/envs/prod/pdb.yaml').spec.selector.matchLabels = { app: 'other' };
    });
    await expectFinding(f, DEPLOYMENT, 'prod-pdb', "no PodDisruptionBudget selects this Deployment's pods");
  });

  it('a namespace without a default-deny NetworkPolicy', async () => {
    const f = mutate((f) => {
      doc(f, 'gitops/envs/prod/default-deny.yaml').spec.policyTypes = ['Ingress'];
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'network-policy',
      'namespace "demo" has no default-deny NetworkPolicy',
    );
  });

  it('a Secret with data', async () => {
    const f = mutate((f) => {
      f['gitops/envs/prod/secret.yaml'] = [
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'hunter2' } },
      ];
      doc(f, KUSTOMIZATION).resources.push('secret.yaml');
    });
    await expectFinding(f, 'gitops/envs/prod/secret.yaml', 'secret-data', 'use an ExternalSecret');
  });

  it('a placeholder aws.env did not replace', async () => {
    const f = mutate((f) => {
      container(f).env.push({ name: 'AWS_REGION', value: 'from-aws-env' });
    });
    await expectFinding(f, DEPLOYMENT, 'unfilled-value', 'still holds the placeholder "from-aws-env"');
  });
});

describe('schemas', () => {
  it('an unknown field (a typo) in a Kubernetes object', async () => {
    const f = mutate((f) => {
      container(f).imagePulPolicy = 'Always';
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'schema/unknown-field',
      'unknown field /spec/template/spec/containers/0/imagePulPolicy',
    );
  });

  it('a wrong type', async () => {
    const f = mutate((f) => {
      podSpec(f).terminationGracePeriodSeconds = 'thirty';
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'schema',
      '/spec/template/spec/terminationGracePeriodSeconds must be integer',
    );
  });

  it('an unknown field in an Argo CD Application', async () => {
    const f = mutate((f) => {
      doc(f, 'gitops/argocd/child.yaml').spec.destinaton = {};
    });
    await expectFinding(
      f,
      'gitops/argocd/child.yaml',
      'schema/unknown-field',
      'unknown field /spec/destinaton',
    );
  });

  it('an unknown field in a custom resource (ServiceMonitor)', async () => {
    const f = mutate((f) => {
      f['gitops/envs/prod/monitor.yaml'] = [
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'ServiceMonitor',
          metadata: { name: 'app' },
          spec: {
            selector: { matchLabels: { app: 'app' } },
            endpoints: [{ port: 'http', intervall: '30s' }],
          },
        },
      ];
      doc(f, 'gitops/envs/prod/kustomization.yaml').resources.push('monitor.yaml');
    });
    await expectFinding(
      f,
      'gitops/envs/prod/monitor.yaml',
      'schema/unknown-field',
      'unknown field /spec/endpoints/0/intervall',
    );
  });

  it('a kind without any schema', async () => {
    const f = mutate((f) => {
      f['gitops/envs/prod/widget.yaml'] = [
        { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      ];
      doc(f, 'gitops/envs/prod/kustomization.yaml').resources.push('widget.yaml');
    });
    await expectFinding(
      f,
      'gitops/envs/prod/widget.yaml',
      'schema/unknown-kind',
      'no schema for example.com/v1 Widget',
    );
  });

  it('a kustomization that does not render', async () => {
    const f = mutate((f) => {
      doc(f, 'gitops/envs/prod/kustomization.yaml').resources.push('missing.yaml');
    });
    await expectFinding(f, 'gitops/envs/prod/kustomization.yaml', 'render', 'missing.yaml');
  });
});
