// fargate: the Fargate profile as Terraform declares it, and the real trees held to Fargate's limits. Each
// case puts back one thing a first deploy would have tripped on and expects the pod and the reason named.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ENVIRONMENTS } from '../../../../services/lib/catalogue/score-schema.js';
import { runChecks } from '../../../checks/check.js';
import { fargateSelectors } from '../../fargate-profiles.js';
import { clusterDir, overlayDir } from '../../layout.js';
import { fargate as check } from '../fargate.js';
import { type Loose, objectOf, REPO_ROOT, realSubject, valuesOf } from './trees.js';

const run = async (subject: Awaited<ReturnType<typeof realSubject>>) =>
  (await runChecks([check], subject)).map((f) => `${f.file}: ${f.message}`);

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe("Terraform's Fargate profile", () => {
  it("selects the platform namespaces whole and, in each environment's namespace, the pods labelled for Fargate", async () => {
    expect(await fargateSelectors(REPO_ROOT)).toEqual([
      { namespace: 'kube-system', labels: {} },
      { namespace: 'argocd', labels: {} },
      { namespace: 'external-secrets', labels: {} },
      { namespace: 'monitoring', labels: {} },
      // One per environment's var-file (terraform/environment/<env>.tfvars `namespace`).
      { namespace: 'shop-dev', labels: { 'platform.shop/compute': 'fargate' } },
      { namespace: 'shop-prod', labels: { 'platform.shop/compute': 'fargate' } },
    ]);
  });

  it('turns a profile file that does not parse into a message, never a rejection', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'fargate-'));
    temps.push(repo);
    mkdirSync(join(repo, 'terraform/modules/cluster'), { recursive: true });
    writeFileSync(join(repo, 'terraform/modules/cluster/main.tf'), 'module "this" {\n  source = \n');
    expect(await fargateSelectors(repo)).toMatch(/^cannot read the Fargate profile: /);
  });

  it('says so when the selectors are built in a way it cannot read, rather than guessing', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'fargate-'));
    temps.push(repo);
    mkdirSync(join(repo, 'terraform/modules/cluster'), { recursive: true });
    writeFileSync(
      join(repo, 'terraform/modules/cluster/main.tf'),
      'module "this" {\n  source = "terraform-aws-modules/eks/aws"\n  fargate_profiles = {\n    all = { selectors = var.fargate_selectors }\n  }\n}\n',
    );
    expect(await fargateSelectors(repo)).toBe(
      'terraform/modules/cluster/main.tf: Fargate profile "all" selectors use var.fargate_selectors that scripts/gitops/fargate-profiles.ts cannot read',
    );
  });

  it('knows no Fargate where Terraform declares no cluster', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'fargate-'));
    temps.push(repo);
    expect(await fargateSelectors(repo)).toEqual([]);
  });
});

describe('fargate', () => {
  it('passes the real trees as written', async () => {
    for (const dir of [...ENVIRONMENTS.map(clusterDir), ...ENVIRONMENTS.map(overlayDir)])
      expect(await run(await realSubject(dir))).toEqual([]);
  });

  it("refuses Loki's volume claim and canary DaemonSet in monitoring (the chart's defaults)", async () => {
    const subject = await realSubject(clusterDir('dev'));
    const values = valuesOf(subject, 'loki');
    delete values.singleBinary.persistence;
    delete values.lokiCanary;
    expect(await run(subject)).toEqual([
      expect.stringMatching(
        /^gitops\/infrastructure\/controllers\/loki\.yaml: Application argocd\/loki: chart loki 6\.34\.0 runs StatefulSet loki \(.*volumeClaimTemplates.*\) in namespace monitoring, which a Fargate profile selects: Fargate mounts no block-storage volume claims \(rendered by gitops\/clusters\/dev\)$/,
      ),
      expect.stringMatching(
        /runs DaemonSet loki-canary .*: Fargate runs no DaemonSets \(rendered by gitops\/clusters\/dev\)$/,
      ),
    ]);
  });

  it("refuses node-exporter (DaemonSet, host network, host port) and Alloy's default DaemonSet", async () => {
    const subject = await realSubject(clusterDir('prod'));
    valuesOf(subject, 'kube-prometheus-stack').nodeExporter.enabled = true;
    const alloy = (objectOf(subject, 'Application', 'alloy').spec as Loose).source.helm;
    alloy.values = alloy.values.replace('type: deployment', 'type: daemonset');
    const lines = await run(subject);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /runs DaemonSet prometheus-node-exporter .*: Fargate runs no DaemonSets; Fargate has no host network; Fargate has no host ports \(9100\) \(rendered by gitops\/clusters\/prod\)$/,
    );
    expect(lines[0]).toMatch(
      /^gitops\/infrastructure\/controllers\/alloy\.yaml: Application argocd\/alloy: chart alloy 1\.5\.1 runs DaemonSet alloy/,
    );
  });

  it("refuses the tree's own pods where the profile puts them on Fargate (label fargate), not elsewhere (pricing: spot)", async () => {
    const subject = await realSubject(overlayDir('dev'));
    for (const name of ['inventory', 'pricing']) {
      const pod = (objectOf(subject, 'Deployment', name).spec as Loose).template.spec;
      pod.hostNetwork = true;
      pod.containers[0].securityContext.privileged = true;
      pod.containers[0].ports = [{ containerPort: 8080, hostPort: 8080 }];
      pod.volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data' } });
    }
    expect(await run(subject)).toEqual([
      'gitops/apps/components/workload/deployment.yaml: Deployment shop-dev/inventory: runs on Fargate (namespace shop-dev): Fargate has no host network (hostNetwork: true); Fargate has no host ports (8080); Fargate runs no privileged containers (inventory); Fargate mounts no block-storage volume claims (data): use object storage or an emptyDir, or EFS (rendered by gitops/apps/dev)',
    ]);
  });

  it('refuses a DaemonSet and a StatefulSet with volume claim templates in a Fargate namespace', async () => {
    const subject = await realSubject(overlayDir('prod'));
    const inventory = objectOf(subject, 'Deployment', 'inventory');
    const file = `${overlayDir('prod')}/extra.yaml`;
    subject.tree.objects.push(
      {
        file,
        object: {
          ...structuredClone(inventory),
          kind: 'DaemonSet',
          metadata: { name: 'agent', namespace: 'shop-prod' },
        },
      },
      {
        file,
        object: {
          ...structuredClone(inventory),
          kind: 'StatefulSet',
          metadata: { name: 'db', namespace: 'shop-prod' },
          spec: {
            ...(structuredClone(inventory.spec) as object),
            volumeClaimTemplates: [{ metadata: { name: 'pgdata' } }],
          },
        },
      },
    );
    expect(await run(subject)).toEqual([
      expect.stringContaining(
        'DaemonSet shop-prod/agent: runs on Fargate (namespace shop-prod): Fargate runs no DaemonSets',
      ),
      expect.stringContaining(
        'StatefulSet shop-prod/db: runs on Fargate (namespace shop-prod): Fargate mounts no block-storage volume claims (pgdata)',
      ),
    ]);
  });
});
