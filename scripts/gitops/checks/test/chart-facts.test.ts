// chart-facts on the real root trees: they pass as written; each case puts back one thing a first deploy
// would have tripped on (or breaks a project) and expects the Application and the reason named.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ENVIRONMENTS } from '../../../../services/lib/catalogue/score-schema.js';
import { runChecks } from '../../../checks/check.js';
import { chartSource, loadChartFacts } from '../../charts.js';
import { clusterDir } from '../../layout.js';
import { recordedCharts as chartFacts, chartFacts as check } from '../chart-facts.js';
import { type Loose, objectOf, realSubject, valuesOf } from './trees.js';

const run = async (subject: Awaited<ReturnType<typeof realSubject>>) =>
  (await runChecks([check], subject)).map((f) => `${f.file}: ${f.message}`);

describe('chart-facts', () => {
  it('passes the real root trees of both environments', async () => {
    for (const env of ENVIRONMENTS) expect(await run(await realSubject(clusterDir(env)))).toEqual([]);
  });

  it('has facts for every chart the real trees pin (so the passing run above checked each one)', async () => {
    const subject = await realSubject(clusterDir('dev'));
    const pinned = subject.tree.objects.flatMap((o) => {
      const s = o.object.kind === 'Application' ? chartSource(o.object) : undefined;
      return s ? [`${s.chart} ${s.version}`] : [];
    });
    expect(pinned.length).toBeGreaterThanOrEqual(8);
    const recorded = new Set(chartFacts().map((c) => `${c.chart} ${c.version}`));
    expect(pinned.filter((p) => !recorded.has(p))).toEqual([]);
  });

  it("refuses kube-prometheus-stack's control-plane exporters: Services in kube-system, outside project dev", async () => {
    const subject = await realSubject(clusterDir('dev'));
    const values = valuesOf(subject, 'kube-prometheus-stack');
    delete values.kubeControllerManager;
    delete values.coreDns;
    const lines = await run(subject);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^gitops\/infrastructure\/controllers\/kube-prometheus-stack\.yaml: Application argocd\/kube-prometheus-stack: chart kube-prometheus-stack 75\.13\.0, read at prometheus-community\/helm-charts kube-prometheus-stack-75\.13\.0 writes Service into namespace "kube-system" \(templates\/exporters\/kube-controller-manager\/service\.yaml\), which project "dev" does not allow/,
    );
    expect(lines[1]).toContain('templates/exporters/core-dns/service.yaml');
  });

  it('refuses ServiceMonitors moved into kube-system and default by ignoreNamespaceSelectors', async () => {
    const subject = await realSubject(clusterDir('prod'));
    valuesOf(subject, 'kube-prometheus-stack').prometheus.prometheusSpec.ignoreNamespaceSelectors = true;
    const lines = await run(subject);
    expect(lines.map((l) => /into namespace "([a-z-]+)"/.exec(l)?.[1])).toEqual(['kube-system', 'default']);
    expect(lines.every((l) => l.includes('ServiceMonitor') && l.includes('project "prod"'))).toBe(true);
  });

  it('refuses a chart version whose templates were never read', async () => {
    const subject = await realSubject(clusterDir('dev'));
    (objectOf(subject, 'Application', 'loki').spec as Loose).source.targetRevision = '6.35.0';
    expect(await run(subject)).toEqual([
      expect.stringMatching(
        /Application argocd\/loki: no facts for chart loki 6\.35\.0 from https:\/\/grafana\.github\.io\/helm-charts \(recorded: 6\.34\.0\): read its templates at that tag/,
      ),
    ]);
  });

  it('refuses a cluster-scoped kind the project does not whitelist', async () => {
    const subject = await realSubject(clusterDir('dev'));
    const project = objectOf(subject, 'AppProject', 'admin').spec as Loose;
    project.clusterResourceWhitelist = project.clusterResourceWhitelist.filter(
      (k: Loose) => k.kind !== 'APIService',
    );
    expect(await run(subject)).toEqual([
      expect.stringContaining(
        'Application argocd/metrics-server: chart metrics-server 3.13.0, read at kubernetes-sigs/metrics-server metrics-server-helm-chart-3.13.0 writes cluster-scoped APIService (apiregistration.k8s.io), which project "admin" does not whitelist',
      ),
    ]);
  });

  it("refuses a namespaced kind outside a project's namespaceResourceWhitelist (Argo CD in admin)", async () => {
    const subject = await realSubject(clusterDir('dev'));
    const project = objectOf(subject, 'AppProject', 'admin').spec as Loose;
    project.namespaceResourceWhitelist = project.namespaceResourceWhitelist.filter(
      (k: Loose) => k.kind !== 'StatefulSet',
    );
    expect(await run(subject)).toEqual([
      expect.stringContaining('Application argocd/argocd: chart argo-cd 8.5.0'),
    ]);
    expect((await run(subject))[0]).toContain(
      'writes StatefulSet (apps), which project "admin" does not whitelist',
    );
  });

  it('refuses a facts file whose condition reads a value without a recorded default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chart-facts-'));
    try {
      const file = join(dir, 'facts.json');
      const chart = structuredClone(chartFacts().find((c) => c.chart === 'loki'));
      (chart as Loose).pods[0].when = { 'singleBinary.replicas': 1 };
      writeFileSync(file, JSON.stringify({ charts: [chart] }));
      expect(() => loadChartFacts(file)).toThrow(
        'loki 6.34.0: condition on singleBinary.replicas has no recorded default',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
