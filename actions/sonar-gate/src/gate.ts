// Turns a quality gate result into the step's verdict and into words a reader can act on.
import type { CeTask, GateCondition, ProjectStatus } from './sonar-api.js';

const COMPARATORS: Record<string, string> = { GT: 'greater than', LT: 'less than' };

/** `GT` → `GT (fails when greater than)`; an unknown comparator is shown as the server sent it. */
export function comparatorText(comparator: string): string {
  const words = COMPARATORS[comparator];
  return words === undefined ? comparator : `${comparator} (fails when ${words})`;
}

/** Conditions that did not pass (ERROR first, then WARN), in the server's order otherwise. */
export function failingConditions(status: ProjectStatus): GateCondition[] {
  const rank = (c: GateCondition) => (c.status === 'ERROR' ? 0 : 1);
  return status.conditions.filter((c) => c.status !== 'OK').sort((a, b) => rank(a) - rank(b));
}

/** `new_coverage is 72.0 (fails when less than 80)` */
export function describeCondition(condition: GateCondition): string {
  const words = COMPARATORS[condition.comparator] ?? condition.comparator;
  const threshold =
    condition.status === 'WARN'
      ? (condition.warningThreshold ?? condition.errorThreshold)
      : condition.errorThreshold;
  return `${condition.metricKey} is ${condition.actualValue ?? 'unknown'} (fails when ${words} ${threshold ?? '?'})`;
}

/** What the step does with a gate status: `fail` holds the failure message, `warning` a warning. */
export interface Verdict {
  readonly fail?: string;
  readonly warning?: string;
}

/**
 * ERROR and NONE fail the step; WARN (a SonarQube < 7.6 gate's warning condition) passes with a
 * warning; OK passes. NONE fails because a project without a quality gate checks nothing.
 */
export function gateVerdict(status: ProjectStatus, projectKey: string, dashboardUrl: string): Verdict {
  const failing = failingConditions(status);
  const see = ` See ${dashboardUrl}`;
  switch (status.status) {
    case 'OK':
      return {};
    case 'WARN':
      return {
        warning: `Quality gate WARN for ${projectKey}: ${failing.map(describeCondition).join('; ')}.${see}`,
      };
    case 'ERROR': {
      const errors = failing.filter((c) => c.status === 'ERROR');
      const list = errors.length > 0 ? `: ${errors.map(describeCondition).join('; ')}` : '';
      return {
        fail: `Quality gate ERROR for ${projectKey}, ${errors.length} condition(s) failed${list}.${see}`,
      };
    }
    case 'NONE':
      return {
        fail: `No quality gate is associated with ${projectKey} (status NONE), so nothing was checked. Assign a quality gate to the project on the server, or remove this step.${see}`,
      };
  }
}

/** The failure message for an analysis without a gate to read (FAILED, CANCELED, or no analysisId). */
export function analysisFailure(task: CeTask, dashboardUrl: string): string {
  if (task.status === 'SUCCESS') {
    return `The analysis task ${task.id} is SUCCESS but names no analysisId, so its quality gate cannot be read. Check that input 'host-url' is a SonarCloud or SonarQube server. See ${dashboardUrl}`;
  }
  const reason = task.errorMessage === undefined ? '' : `: "${task.errorMessage}"`;
  const check =
    task.status === 'CANCELED'
      ? 'It was cancelled on the server (by an administrator, or replaced by a newer analysis); re-run the scan.'
      : 'Check the background task in the project administration (Background Tasks) and re-run the scan.';
  return `The server could not process analysis task ${task.id}: ${task.status}${reason}. ${check} See ${dashboardUrl}`;
}
