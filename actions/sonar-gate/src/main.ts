// Reads the scanner's report-task file, waits for the server to process the analysis, then reads the
// quality gate of that analysis and turns it into outputs, a job summary and the step's verdict.
import { setTimeout as delay } from 'node:timers/promises';
import * as core from '@actions/core';
import { runnerInputs } from '../../lib/inputs.js';
import { analysisFailure, gateVerdict } from './gate.js';
import { readSettings } from './inputs.js';
import { assertSameServer, dashboardUrlOf, readReportTask } from './report-task.js';
import { createSonarClient } from './sonar-client.js';
import { gateSummary, problemSummary, type SummaryContext, writeSummary } from './summary.js';
import { TaskTimeoutError, waitForTask } from './wait-for-task.js';

/** What run() needs from the outside world; tests pass a fake clock and sleep. */
export interface Deps {
  /** Milliseconds on a monotonic scale. */
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Relative report-task paths resolve against it. */
  readonly workspace: string;
  readonly fetch?: typeof fetch;
  readonly random?: () => number;
}

export function defaultDeps(): Deps {
  return {
    clock: () => performance.now(),
    sleep: (ms) => delay(ms),
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
  };
}

export async function run(deps: Deps = defaultDeps()): Promise<void> {
  const settings = readSettings(runnerInputs, deps.workspace);
  const report = await readReportTask(settings.reportTaskFile);
  assertSameServer(report, settings.hostUrl, settings.reportTaskFile);
  const projectKey = report.projectKey ?? `the project of task ${report.ceTaskId}`;
  const context: SummaryContext = { projectKey, dashboardUrl: dashboardUrlOf(report, settings.hostUrl) };
  core.setOutput('dashboard-url', context.dashboardUrl);

  const client = createSonarClient({
    hostUrl: settings.hostUrl,
    token: settings.token,
    sleep: deps.sleep,
    context: report,
    log: core.info,
    ...(deps.fetch && { fetch: deps.fetch }),
    ...(deps.random && { random: deps.random }),
  });
  // Every ending writes a summary: the gate's, or the reason there is none.
  let summarized = false;
  const summarize = (markdown: string) => {
    summarized = true;
    return writeSummary(markdown);
  };
  try {
    const task = await waitForTask(client, report.ceTaskId, {
      timeoutMs: settings.timeoutSeconds * 1000,
      pollIntervalMs: settings.pollIntervalSeconds * 1000,
      clock: deps.clock,
      sleep: deps.sleep,
      log: core.info,
    });
    if (task.status !== 'SUCCESS' || task.analysisId === undefined) {
      const message = analysisFailure(task, context.dashboardUrl);
      const title =
        task.status === 'SUCCESS' ? 'Sonar analysis without an analysis id' : `Sonar analysis ${task.status}`;
      await summarize(problemSummary(title, message, context));
      throw new Error(message);
    }
    const gate = await client.getProjectStatus(task.analysisId);
    core.setOutput('quality-gate-status', gate.status);
    await summarize(gateSummary(gate, context));
    const verdict = gateVerdict(gate, projectKey, context.dashboardUrl);
    if (verdict.warning) core.warning(verdict.warning);
    if (verdict.fail) throw new Error(verdict.fail);
    core.info(`Quality gate ${gate.status} for ${projectKey}.`);
  } catch (error) {
    if (!summarized) {
      const title =
        error instanceof TaskTimeoutError ? 'Sonar analysis timed out' : 'Sonar quality gate not evaluated';
      await writeSummary(problemSummary(title, (error as Error).message, context));
    }
    throw error;
  }
}
