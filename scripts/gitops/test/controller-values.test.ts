// The controllers' Terraform values (gitops/clusters/<env>/aws.env) reach their Helm values in the
// rendered cluster entry of each environment: every key is used, none is left as a placeholder, and the
// alerts are routed to the environment's SNS topic with Alertmanager's role.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ENVIRONMENTS, type Environment } from '../../../services/lib/catalogue/score-schema.js';
import { parse } from '../../terraform/hcl.js';
import { parseEnvFile } from '../derive/aws-env-file.js';
import { clusterAwsEnvFile, clusterDir, overlayDir } from '../layout.js';
import type { K8sObject } from '../model.js';
import { renderTree } from '../render.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

function env(name: Environment): Record<string, string> {
  return Object.fromEntries(parseEnvFile(readFileSync(join(repoRoot, clusterAwsEnvFile(name)), 'utf8')));
}

// Helm values are free-form: a loose type keeps the assertions to one line each.
// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped test data
type Loose = any;

describe.each(ENVIRONMENTS)('the controllers of %s', (name) => {
  it('take every value of clusters/<env>/aws.env, and no placeholder is left', async () => {
    const tree = await renderTree(join(repoRoot, clusterDir(name)), { repoRoot });
    if (tree.error) throw new Error(tree.error);
    const apps = tree.objects.map((o) => o.object).filter((o) => o.kind === 'Application');
    const text = JSON.stringify(apps);
    expect(text).not.toContain('from-aws-env');
    const values = env(name);
    expect(Object.keys(values).length).toBeGreaterThanOrEqual(9);
    for (const [key, value] of Object.entries(values))
      expect([key, text.includes(value)]).toEqual([key, true]);

    const stack = apps.find((a: K8sObject) => a.metadata?.name === 'kube-prometheus-stack') as Loose;
    const alertmanager = stack.spec.source.helm.valuesObject.alertmanager;
    expect(alertmanager.config.route.receiver).toBe('sns');
    const sns = alertmanager.config.receivers.find((r: Loose) => r.name === 'sns').sns_configs[0];
    expect([sns.topic_arn, sns.sigv4.region]).toEqual([values.ALERTS_TOPIC_ARN, values.AWS_REGION]);
    expect(alertmanager.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(
      values.ALERTMANAGER_ROLE_ARN,
    );
  });
});

describe("pricing's metrics port", () => {
  it('is the port Terraform opens to Prometheus on Fargate (modules/cluster pricing_metrics_port)', async () => {
    const file = 'terraform/modules/cluster/variables.tf';
    const json = (await parse(file, readFileSync(join(repoRoot, file), 'utf8'))) as Loose;
    const opened = json.variable.pricing_metrics_port[0].default;
    const tree = await renderTree(join(repoRoot, overlayDir('dev')), { repoRoot });
    const pricing = tree.objects.find(
      (o) => o.object.kind === 'Deployment' && o.object.metadata?.name === 'pricing',
    );
    if (!pricing) throw new Error(`${overlayDir('dev')} renders no Deployment pricing`);
    const ports = (pricing.object as Loose).spec.template.spec.containers[0].ports;
    expect(ports.map((p: Loose) => p.containerPort)).toEqual([opened]);
  });
});
