// run(deps) against the stand-in, with a fake clock and sleep: each scenario reads its outputs and
// summary from the runner's files, as a workflow would, and no test waits real seconds.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { inputEnv, parseFileCommands } from '../../../scripts/lib/runner-protocol.js';
import { run } from '../src/main.js';
import { type SonarStandIn, type StandInCondition, startSonarStandIn } from './sonar-stand-in.js';

const TOKEN = 'sqp_main0test0token00000000000000000000';
const files = mkdtempSync(join(tmpdir(), 'sonar-gate-main-'));
const OUTPUT = join(files, 'output');
const SUMMARY = join(files, 'summary');
let sonar: SonarStandIn;
let workspace: string;
let now: number;
let sleeps: number[];
const savedEnv = { ...process.env };

const coverage: StandInCondition = {
  status: 'ERROR',
  metricKey: 'new_coverage',
  comparator: 'LT',
  periodIndex: 1,
  errorThreshold: '80',
  actualValue: '61.3',
};
const duplication: StandInCondition = {
  status: 'ERROR',
  metricKey: 'new_duplicated_lines_density',
  comparator: 'GT',
  periodIndex: 1,
  errorThreshold: '3',
  actualValue: '7.2',
};
const reliability: StandInCondition = {
  status: 'OK',
  metricKey: 'new_reliability_rating',
  comparator: 'GT',
  periodIndex: 1,
  errorThreshold: '1',
  actualValue: '1',
};

beforeAll(async () => {
  sonar = await startSonarStandIn({ tokens: [TOKEN], organization: 'acme' });
  const done = { componentKey: 'acme_app' } as const;
  sonar.tasks.set('T-ok', { ...done, statuses: ['PENDING', 'IN_PROGRESS', 'SUCCESS'], analysisId: 'A-ok' });
  sonar.tasks.set('T-error', { ...done, statuses: ['SUCCESS'], analysisId: 'A-error' });
  sonar.tasks.set('T-warn', { ...done, statuses: ['SUCCESS'], analysisId: 'A-warn' });
  sonar.tasks.set('T-none', { ...done, statuses: ['SUCCESS'], analysisId: 'A-none' });
  sonar.tasks.set('T-failed', {
    ...done,
    statuses: ['IN_PROGRESS', 'FAILED'],
    errorMessage: 'Fail to extract report AZ-report from database',
  });
  sonar.tasks.set('T-canceled', { ...done, statuses: ['PENDING', 'CANCELED'] });
  sonar.tasks.set('T-no-analysis', { ...done, statuses: ['SUCCESS'] });
  sonar.tasks.set('T-stuck', { ...done, statuses: ['IN_PROGRESS'] });
  sonar.gates.set('A-ok', { status: 'OK', conditions: [reliability] });
  sonar.gates.set('A-error', { status: 'ERROR', conditions: [reliability, coverage, duplication] });
  sonar.gates.set('A-warn', {
    status: 'WARN',
    conditions: [{ ...coverage, status: 'WARN' }, reliability],
    ignoredConditions: true,
  });
  sonar.gates.set('A-none', { status: 'NONE', conditions: [] });
});
afterAll(async () => {
  await sonar.close();
  rmSync(files, { recursive: true, force: true });
});

beforeEach(() => {
  workspace = mkdtempSync(join(files, 'ws-'));
  writeFileSync(OUTPUT, '');
  writeFileSync(SUMMARY, '');
  now = 1_000_000;
  sleeps = [];
  // Keep the test log quiet: core writes its info lines to stdout.
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...savedEnv };
});

function reportTask(taskId: string, extra: Record<string, string> = {}): void {
  const props = {
    organization: 'acme',
    projectKey: 'acme_app',
    serverUrl: sonar.url,
    serverVersion: '8.0.0.65411',
    dashboardUrl: `${sonar.url}/dashboard?id=acme_app&pullRequest=7`,
    ceTaskId: taskId,
    ceTaskUrl: `${sonar.url}/api/ce/task?id=${taskId}`,
    ...extra,
  };
  mkdirSync(join(workspace, '.scannerwork'), { recursive: true });
  writeFileSync(
    join(workspace, '.scannerwork', 'report-task.txt'),
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
}

/** Runs the action with the given inputs; resolves to the error it failed with, if any. */
async function runWith(inputs: Record<string, string> = {}): Promise<Error | undefined> {
  Object.assign(process.env, {
    GITHUB_OUTPUT: OUTPUT,
    GITHUB_STEP_SUMMARY: SUMMARY,
    ...inputEnv({ token: TOKEN, 'host-url': sonar.url, ...inputs }),
  });
  try {
    await run({
      workspace,
      clock: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      random: () => 0.5,
    });
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

const outputs = () => parseFileCommands(readFileSync(OUTPUT, 'utf8'));
const summary = () => readFileSync(SUMMARY, 'utf8');

describe('run', () => {
  it('waits PENDING → IN_PROGRESS → SUCCESS at the poll interval, then passes an OK gate', async () => {
    reportTask('T-ok');
    expect(await runWith()).toBeUndefined();
    expect(outputs()).toEqual({
      'dashboard-url': `${sonar.url}/dashboard?id=acme_app&pullRequest=7`,
      'quality-gate-status': 'OK',
    });
    expect(sleeps).toEqual([5000, 5000]);
    expect(summary()).toContain('Sonar quality gate: OK');
    expect(summary()).toContain('All 1 condition(s) passed.');
  });

  it('fails an ERROR gate listing every failing condition with actual value, comparator and threshold', async () => {
    reportTask('T-error');
    const error = await runWith();
    expect(error?.message).toContain(
      'Quality gate ERROR for acme_app, 2 condition(s) failed: new_coverage is 61.3 (fails when less than 80); new_duplicated_lines_density is 7.2 (fails when greater than 3).',
    );
    expect(outputs()['quality-gate-status']).toBe('ERROR');
    const lines = summary().split('\n');
    expect(lines).toContain('| new_coverage | 61.3 | LT (fails when less than) | 80 | ERROR |');
    expect(lines).toContain(
      '| new_duplicated_lines_density | 7.2 | GT (fails when greater than) | 3 | ERROR |',
    );
    expect(summary()).not.toContain('new_reliability_rating');
    expect(summary()).toContain('2 of 3 condition(s) did not pass');
  });

  it('passes a WARN gate, listing the warning and noting ignored conditions', async () => {
    reportTask('T-warn');
    expect(await runWith()).toBeUndefined();
    expect(outputs()['quality-gate-status']).toBe('WARN');
    expect(summary().split('\n')).toContain(
      '| new_coverage | 61.3 | LT (fails when less than) | 80 | WARN |',
    );
    expect(summary()).toContain('Some conditions were ignored');
  });

  it('fails NONE (no quality gate on the project), setting the output to NONE', async () => {
    reportTask('T-none');
    expect((await runWith())?.message).toMatch(
      /^No quality gate is associated with acme_app \(status NONE\)/,
    );
    expect(outputs()['quality-gate-status']).toBe('NONE');
  });

  it('fails a FAILED analysis quoting its errorMessage, with no gate status output', async () => {
    reportTask('T-failed');
    const error = await runWith();
    expect(error?.message).toContain(
      'The server could not process analysis task T-failed: FAILED: "Fail to extract report AZ-report from database".',
    );
    expect(outputs()).toEqual({ 'dashboard-url': `${sonar.url}/dashboard?id=acme_app&pullRequest=7` });
    expect(summary()).toContain('Sonar analysis FAILED');
    expect(summary()).toContain('Fail to extract report AZ-report from database');
    expect(sonar.requests.filter((r) => r.query === '?analysisId=undefined')).toEqual([]);
  });

  it('fails a CANCELED analysis', async () => {
    reportTask('T-canceled');
    expect((await runWith())?.message).toContain('analysis task T-canceled: CANCELED.');
    expect(outputs()['quality-gate-status']).toBeUndefined();
  });

  it('fails a SUCCESS task that names no analysis instead of asking for analysisId=undefined', async () => {
    reportTask('T-no-analysis');
    const before = sonar.requests.length;
    expect((await runWith())?.message).toContain('is SUCCESS but names no analysisId');
    expect(sonar.requests.slice(before).map((r) => r.path)).toEqual(['/api/ce/task']);
  });

  it('times out after timeout-seconds, saying how long it waited and the last status', async () => {
    reportTask('T-stuck');
    const error = await runWith({ 'timeout-seconds': '12', 'poll-interval-seconds': '5' });
    expect(error?.message).toMatch(
      /^The analysis task T-stuck was still IN_PROGRESS after waiting 12 s \(input 'timeout-seconds'\)/,
    );
    // Never sleeps past the deadline: 5 + 5 + the 2 s that were left.
    expect(sleeps).toEqual([5000, 5000, 2000]);
    expect(summary()).toContain('Sonar analysis timed out');
  });

  it('rides out transient 503s while polling', async () => {
    reportTask('T-ok', { ceTaskId: 'T-error' });
    sonar.failNext('/api/ce/task', 2);
    sonar.failNext('/api/qualitygates/project_status', 1);
    expect((await runWith())?.message).toContain('Quality gate ERROR');
    expect(outputs()['quality-gate-status']).toBe('ERROR');
    expect(sleeps).toEqual([500, 1000, 500]); // full jitter, random 0.5: half of 1 s, 2 s, then 1 s
  });

  it('explains a 404 for a task the server does not know, quoting the server', async () => {
    reportTask('T-gone');
    const error = await runWith();
    expect(error?.message).toContain(`answered 404 Not Found: "No activity found for task 'T-gone'".`);
    expect(summary()).toContain('Sonar quality gate not evaluated');
  });

  it('fails before any request when the report-task file is missing', async () => {
    const before = sonar.requests.length;
    const error = await runWith();
    expect(error?.message).toContain(
      `No report-task file at ${join(workspace, '.scannerwork/report-task.txt')}`,
    );
    expect(error?.message).toContain('Run the SonarCloud/SonarQube scanner in an earlier step');
    expect(sonar.requests.length).toBe(before);
  });

  it('reads report-task-file relative to the workspace', async () => {
    mkdirSync(join(workspace, 'target', 'sonar'), { recursive: true });
    writeFileSync(
      join(workspace, 'target', 'sonar', 'report-task.txt'),
      `ceTaskId=T-ok\nserverUrl=${sonar.url}\n`,
    );
    expect(await runWith({ 'report-task-file': 'target/sonar/report-task.txt' })).toBeUndefined();
    // Without projectKey or dashboardUrl in the file, host-url is the best link there is.
    expect(outputs()['dashboard-url']).toBe(sonar.url);
  });

  it('refuses to send the token to a server other than the one the scanner used', async () => {
    reportTask('T-ok', { serverUrl: 'https://sonarcloud.io' });
    const before = sonar.requests.length;
    expect((await runWith())?.message).toContain("but input 'host-url' is http://127.0.0.1");
    expect(sonar.requests.length).toBe(before);
  });

  it.each([
    [{ token: '' }, "Input 'token' is required"],
    [{ 'host-url': 'ftp://sonar.example.com' }, "Invalid input 'host-url': expected an http(s) URL"],
    [{ 'host-url': 'sonarcloud.io' }, "Invalid input 'host-url'"],
    [{ 'host-url': 'https://user:pw@sonar.example.com' }, "got '<redacted>'"],
    [
      { 'timeout-seconds': '5m' },
      "Invalid input 'timeout-seconds': expected an integer from 1 to 21600, got '5m'",
    ],
    [{ 'poll-interval-seconds': '0' }, "Invalid input 'poll-interval-seconds'"],
    [{ token: 'two words' }, "Invalid input 'token'"],
  ])('rejects bad input %p before any side effect', async (inputs, message) => {
    reportTask('T-ok');
    const before = sonar.requests.length;
    expect((await runWith(inputs))?.message).toContain(message);
    expect(sonar.requests.length).toBe(before);
    expect(outputs()).toEqual({});
  });
});
