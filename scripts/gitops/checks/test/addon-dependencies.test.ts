// addon-dependencies on the real root trees, with the services' tree rendered as Argo CD would: removing
// an add-on's Application leaves the manifest that needs it unserved, and the check names both.
import { describe, expect, it } from '@jest/globals';
import { ENVIRONMENTS, type Environment } from '../../../../services/lib/catalogue/score-schema.js';
import { runChecks } from '../../../checks/check.js';
import { clusterDir, overlayDir } from '../../layout.js';
import { addonDependencies as check } from '../addon-dependencies.js';
import type { TreeSubject } from '../subject.js';
import { realSubject } from './trees.js';

async function rootWithServices(env: Environment): Promise<TreeSubject> {
  const root = await realSubject(clusterDir(env));
  const services = await realSubject(overlayDir(env));
  return { ...root, trees: new Map([...root.trees, [services.tree.dir, services.tree]]) };
}

const run = async (subject: TreeSubject) =>
  (await runChecks([check], subject)).map((f) => `${f.file}: ${f.message}`);

const without = (subject: TreeSubject, app: string) => {
  subject.tree.objects = subject.tree.objects.filter(
    (o) => !(o.object.kind === 'Application' && o.object.metadata?.name === app),
  );
  return subject;
};

describe('addon-dependencies', () => {
  it('passes the real root trees, whose services have HPAs on CPU and an alb Ingress', async () => {
    for (const env of ENVIRONMENTS) {
      const subject = await rootWithServices(env);
      const services = subject.trees.get(overlayDir(env));
      expect(services?.objects.some((o) => o.object.kind === 'HorizontalPodAutoscaler')).toBe(true);
      expect(services?.objects.some((o) => o.object.kind === 'Ingress')).toBe(true);
      expect(await run(subject)).toEqual([]);
    }
  });

  it('refuses HPAs on CPU without metrics-server (nothing would scale)', async () => {
    const subject = without(await rootWithServices('dev'), 'metrics-server');
    expect(await run(subject)).toEqual([
      expect.stringMatching(
        /^gitops\/clusters\/dev\/apps\.yaml: Application argocd\/shop-dev: deploys HorizontalPodAutoscaler inventory \(gitops\/apps\/dev\), which scales on a Resource metric .* and no Application of this tree installs chart metrics-server/,
      ),
    ]);
  });

  it('refuses an alb Ingress without the Load Balancer Controller (no entrypoint)', async () => {
    const subject = without(await rootWithServices('prod'), 'aws-load-balancer-controller');
    expect(await run(subject)).toEqual([
      expect.stringContaining(
        'Application argocd/shop-prod: deploys Ingress shop (gitops/apps/prod), which has ingressClassName alb (served by the AWS Load Balancer Controller), and no Application of this tree installs chart aws-load-balancer-controller',
      ),
    ]);
  });
});
