// The GitOps checks as a whole: the registry keeps the convention (one file, one test, one README line per
// id), the fixture the per-check tests break passes every check as written, and every kind that carries
// a pod (PSA's list) is checked, while an unknown kind that embeds one is refused, never passed unseen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { conventionProblems } from '../../checks/conventions.js';
import { formatFinding } from '../../checks/finding.js';
import { gitopsChecks, podSecurityChecks } from '../checks/index.js';
import { isPodSecurityCheck } from '../pod-security.js';
import { mutate, validateFixture } from './check-case.js';
import { doc, goodFixture, podSpec } from './fixture.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

describe('the GitOps checks', () => {
  it('keep the convention: <id>.ts, test/<id>.test.ts and a line of gitops/README.md each', () => {
    expect(
      conventionProblems(gitopsChecks, {
        dir: join(repoRoot, 'scripts/gitops/checks'),
        readme: join(repoRoot, 'gitops/README.md'),
      }),
    ).toEqual([]);
  });

  it("are listed in gitops/README.md's table with their own summary", () => {
    const readme = readFileSync(join(repoRoot, 'gitops/README.md'), 'utf8').split('\n');
    for (const check of gitopsChecks) {
      const line = readme.find((l) => l.startsWith(`| \`${check.id}\` |`));
      expect([check.id, line?.includes(check.summary.replaceAll('|', '\\|'))]).toEqual([check.id, true]);
    }
  });

  it("include one check per PSA check, each standing for PSA's id", () => {
    const psa = gitopsChecks.filter(isPodSecurityCheck);
    expect(psa).toEqual([...podSecurityChecks]);
    expect(psa.flatMap((c) => c.standsFor ?? []).sort()).toEqual(
      [
        'allowPrivilegeEscalation',
        'appArmorProfile',
        'capabilities_baseline',
        'capabilities_restricted',
        'hostNamespaces',
        'hostPathVolumes',
        'hostPorts',
        'hostProbesAndHostLifecycle',
        'privileged',
        'procMount',
        'procMount_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'runAsUser',
        'seLinuxOptions',
        'seccompProfile_baseline',
        'seccompProfile_restricted',
        'sysctls',
        'windowsHostProcess',
      ].sort(),
    );
  });

  it('pass the fixture as written', async () => {
    const result = await validateFixture(goodFixture());
    expect(result.findings.map(formatFinding)).toEqual([]);
    expect(result.rows.map((r) => [r.tree, r.verdict])).toEqual([
      ['gitops/apps/prod', 'pass'],
      ['gitops/clusters/prod', 'pass'],
    ]);
  });
});

describe('every object that carries a pod', () => {
  const KINDS = 'gitops/apps/prod/kinds.yaml';
  const privilegedPod = (f: Parameters<typeof podSpec>[0]) => {
    const spec = structuredClone(podSpec(f));
    spec.containers[0].securityContext.privileged = true;
    return { metadata: { labels: { app: 'x' } }, spec };
  };
  const apps = (kind: string, template: object) => ({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: kind.toLowerCase() },
    spec: { selector: { matchLabels: { app: 'x' } }, template },
  });

  it('is checked, whichever kind it is, in PSA words', async () => {
    const f = mutate((f) => {
      const pod = privilegedPod(f);
      f[KINDS] = [
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod', labels: { app: 'x' } }, spec: pod.spec },
        { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'podtemplate' }, template: pod },
        {
          apiVersion: 'v1',
          kind: 'ReplicationController',
          metadata: { name: 'replicationcontroller' },
          spec: { selector: { app: 'x' }, template: pod },
        },
        apps('ReplicaSet', pod),
        apps('StatefulSet', pod),
        apps('DaemonSet', pod),
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'job' }, spec: { template: pod } },
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: { name: 'cronjob' },
          spec: { schedule: '@daily', jobTemplate: { spec: { template: pod } } },
        },
      ];
      doc(f, 'gitops/apps/prod/kustomization.yaml').resources.push('kinds.yaml');
      // A pod whose only privileged container is an ephemeral one (kubectl debug's kind).
      const debug = structuredClone(podSpec(f));
      debug.ephemeralContainers = [
        {
          name: 'debug',
          image: 'app',
          securityContext: { ...debug.containers[0].securityContext, privileged: true },
        },
      ];
      f[KINDS].push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' }, spec: debug });
    });
    const result = await validateFixture(f);
    const privileged = result.findings
      .filter((x) => x.rule === 'privileged')
      .map((x) => `${x.file} ${x.message}`);
    for (const kind of [
      'Pod',
      'PodTemplate',
      'ReplicationController',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
    ])
      expect(privileged).toContainEqual(
        `${KINDS} ${kind} demo/${kind.toLowerCase()}: violates PodSecurity "restricted:latest": privileged (container "app" must not set securityContext.privileged=true)`,
      );
    expect(privileged).toContainEqual(
      `${KINDS} Pod demo/debug: violates PodSecurity "restricted:latest": privileged (container "debug" must not set securityContext.privileged=true)`,
    );
    expect(result.findings.filter((x) => x.rule === 'unchecked-pod-template')).toEqual([]);
  });
});
