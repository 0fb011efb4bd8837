// The three queue alarms the on-call needs, to an SNS topic with an email subscription: backlog above 50 for
// 5 minutes, age of the oldest message, DLQ depth above 0.

import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { type Block, isDirOf, localModuleCalls, record, references, resolve, resources } from '../model.js';
import { dirDisplay } from '../problems.js';

export const backlog = { threshold: 50, seconds: 300 };

interface Alarm {
  readonly block: Block;
  metric: unknown;
  threshold: unknown;
  comparison: unknown;
  period: unknown;
  evaluationPeriods: unknown;
  datapoints: unknown;
  queue: string;
  toTopic: boolean;
}

function alarmsOf(tree: TfTree, dir: string, overrides: Record<string, unknown>): Alarm[] {
  const value = (v: unknown) => {
    const ref = /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(String(v))?.[1];
    return ref !== undefined && ref in overrides ? overrides[ref] : resolve(tree, dir, v);
  };
  return resources(tree, 'aws_cloudwatch_metric_alarm')
    .filter((a) => a.file.dir === dir && a.body.namespace === 'AWS/SQS')
    .map((a) => ({
      block: a,
      metric: a.body.metric_name,
      threshold: value(a.body.threshold),
      comparison: a.body.comparison_operator,
      period: value(a.body.period),
      evaluationPeriods: value(a.body.evaluation_periods),
      datapoints: value(a.body.datapoints_to_alarm ?? a.body.evaluation_periods),
      queue: String(record(a.body.dimensions)?.QueueName ?? ''),
      toTopic: references(a.body.alarm_actions, 'aws_sns_topic'),
    }));
}

export const queueAlarms = defineCheck<TfTree>({
  id: 'queue-alarms',
  summary:
    'alarms to SNS (with an email subscription): ApproximateNumberOfMessagesVisible > 50 for 5 minutes on the queue, ApproximateAgeOfOldestMessage on the queue, DLQ ApproximateNumberOfMessagesVisible > 0',
  run(tree) {
    const problems: Problem[] = [];
    const dirs = new Set(
      tree.files
        .filter(
          (f) =>
            isDirOf(tree, f.dir, 'modules', 'observability') ||
            'aws_cloudwatch_metric_alarm' in (record(f.json.resource) ?? {}),
        )
        .map((f) => f.dir),
    );
    for (const dir of dirs) {
      // Callers may override the module's variables: check with every caller's values (a finding names the
      // caller's file), or with the defaults when nothing calls the module.
      const callers = localModuleCalls(tree, dir);
      const settings =
        callers.length > 0
          ? callers.map((c) => ({
              file: c.file.display,
              overrides: Object.fromEntries(
                Object.entries(c.body).map(([k, v]) => [k, resolve(tree, c.file.dir, v)]),
              ),
            }))
          : [{ file: dirDisplay(tree, dir), overrides: {} }];
      const fail = (m: string, file = dirDisplay(tree, dir)) => problems.push({ file, message: m });
      for (const { file, overrides } of settings) {
        const failHere = (m: string) =>
          fail(
            m,
            Object.keys(overrides).some((k) => /^(backlog_|oldest_)/.test(k)) ? file : dirDisplay(tree, dir),
          );
        const alarms = alarmsOf(tree, dir, overrides);
        const visible = alarms.filter((a) => a.metric === 'ApproximateNumberOfMessagesVisible');
        const isDlq = (a: Alarm) => /dlq/i.test(a.queue);
        const queueBacklog = visible.filter((a) => !isDlq(a));
        const dlqDepth = visible.filter(isDlq);
        const age = alarms.filter((a) => a.metric === 'ApproximateAgeOfOldestMessage' && !isDlq(a));
        const backlogOk = queueBacklog.some(
          (a) =>
            a.threshold === backlog.threshold &&
            a.comparison === 'GreaterThanThreshold' &&
            typeof a.period === 'number' &&
            typeof a.evaluationPeriods === 'number' &&
            a.period * a.evaluationPeriods === backlog.seconds &&
            a.datapoints === a.evaluationPeriods,
        );
        if (!backlogOk)
          failHere(
            `no alarm on ApproximateNumberOfMessagesVisible > ${backlog.threshold} for ${backlog.seconds / 60} minutes (every datapoint) on the queue`,
          );
        if (age.length === 0) failHere('no alarm on ApproximateAgeOfOldestMessage of the queue');
        if (!dlqDepth.some((a) => a.threshold === 0 && a.comparison === 'GreaterThanThreshold')) {
          failHere("no alarm on the DLQ's ApproximateNumberOfMessagesVisible > 0");
        }
        for (const a of alarms) {
          if (!a.toTopic)
            fail(
              `aws_cloudwatch_metric_alarm.${a.block.name}: alarm_actions must publish to an aws_sns_topic`,
            );
        }
      }
      const email = resources(tree, 'aws_sns_topic_subscription').some(
        (s) => s.file.dir === dir && s.body.protocol === 'email',
      );
      if (!email) fail('no aws_sns_topic_subscription with protocol email');
    }
    return problems;
  },
});
