// The bundled action, run as a runner runs it (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), against
// the SonarCloud stand-in with a report-task.txt in a temporary workspace.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type DistRun, runDist } from '../../test/helpers/run-dist.js';
import { runnerView } from '../../test/helpers/runner-log.js';
import { type SonarStandIn, startSonarStandIn } from './sonar-stand-in.js';

const actionDir = join(import.meta.dirname, '..');
const TOKEN = 'sqp_e2e0secret0a1b2c3d4e5f60718293a4b5c6d7';
let sonar: SonarStandIn;
const workspaces: string[] = [];

beforeAll(async () => {
  sonar = await startSonarStandIn({ tokens: [TOKEN] });
  sonar.tasks.set('AZ-red', {
    componentKey: 'acme_app',
    statuses: ['PENDING', 'IN_PROGRESS', 'SUCCESS'],
    analysisId: 'AN-red',
  });
  sonar.gates.set('AN-red', {
    status: 'ERROR',
    conditions: [
      {
        status: 'ERROR',
        metricKey: 'new_coverage',
        comparator: 'LT',
        periodIndex: 1,
        errorThreshold: '80',
        actualValue: '42.0',
      },
      {
        status: 'OK',
        metricKey: 'new_violations',
        comparator: 'GT',
        periodIndex: 1,
        errorThreshold: '0',
        actualValue: '0',
      },
      {
        status: 'ERROR',
        metricKey: 'new_security_hotspots_reviewed',
        comparator: 'LT',
        periodIndex: 1,
        errorThreshold: '100',
        actualValue: '50.0',
      },
    ],
  });
  sonar.tasks.set('AZ-green', { componentKey: 'acme_app', statuses: ['SUCCESS'], analysisId: 'AN-green' });
  sonar.gates.set('AN-green', { status: 'OK', conditions: [] });
});
afterAll(async () => {
  await sonar.close();
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

/** A workspace whose .scannerwork/report-task.txt points at the stand-in. */
function workspaceFor(taskId: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sonar-gate-e2e-'));
  workspaces.push(dir);
  mkdirSync(join(dir, '.scannerwork'));
  writeFileSync(
    join(dir, '.scannerwork', 'report-task.txt'),
    [
      'organization=acme',
      'projectKey=acme_app',
      `serverUrl=${sonar.url}`,
      'serverVersion=8.0.0.65411',
      `dashboardUrl=${sonar.url}/dashboard?id=acme_app&pullRequest=7`,
      `ceTaskId=${taskId}`,
      `ceTaskUrl=${sonar.url}/api/ce/task?id=${taskId}`,
      '',
    ].join('\n'),
  );
  return dir;
}

function run(taskId: string): Promise<DistRun> {
  return runDist(actionDir, {
    cwd: workspaceFor(taskId),
    inputs: { token: TOKEN, 'host-url': sonar.url, 'poll-interval-seconds': '1', 'timeout-seconds': '30' },
  });
}

/** The log as the runner shows it. */
const shownLog = (log: string) => runnerView(log).visible;

describe('dist/index.js', () => {
  it('waits for the analysis, then fails a red gate with every failing condition in the summary', async () => {
    sonar.failNext('/api/qualitygates/project_status', 1);
    const result = await run('AZ-red');
    expect(result.code).toBe(1);
    expect(result.outputs).toEqual({
      'dashboard-url': `${sonar.url}/dashboard?id=acme_app&pullRequest=7`,
      'quality-gate-status': 'ERROR',
    });
    const summary = result.summary.split('\n');
    expect(summary).toContain('| new_coverage | 42.0 | LT (fails when less than) | 80 | ERROR |');
    expect(summary).toContain(
      '| new_security_hotspots_reviewed | 50.0 | LT (fails when less than) | 100 | ERROR |',
    );
    expect(result.summary).not.toContain('new_violations');
    // Polled until SUCCESS, retried the 503, and always authenticated with the token as a Bearer header.
    const calls = sonar.requests.filter((r) => r.query.includes('AZ-red') || r.query.includes('AN-red'));
    expect(calls.map((r) => r.path)).toEqual([
      '/api/ce/task',
      '/api/ce/task',
      '/api/ce/task',
      '/api/qualitygates/project_status',
      '/api/qualitygates/project_status',
    ]);
    expect(new Set(calls.map((r) => r.authorization))).toEqual(new Set([`Bearer ${TOKEN}`]));
    // The token is masked first thing, and never written anywhere else.
    expect(result.log.split('\n')[0]).toBe(`::add-mask::${TOKEN}`);
    expect(shownLog(result.log)).not.toContain(TOKEN);
    expect(result.summary).not.toContain(TOKEN);
    expect(JSON.stringify(result.outputs)).not.toContain(TOKEN);
  });

  it('passes a green gate', async () => {
    const result = await run('AZ-green');
    expect([result.code, result.outputs['quality-gate-status']]).toEqual([0, 'OK']);
    expect(result.summary).toContain('Sonar quality gate: OK');
    expect(shownLog(result.log)).not.toContain(TOKEN);
  });
});
