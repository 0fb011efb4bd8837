// A manual run of main.yml builds and deploys every service, whatever the path filters say: the changes
// job's own script, run in bash as the runner runs it, with the filters reporting no change.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { upperSnake } from '../../services/lib/catalogue/aws-env.js';
import { main } from '../main.js';
import { SERVICES } from '../paths.js';
import { pr } from '../pr.js';
import { EVERY_SERVICE_EVENT } from '../steps.js';

const changes = main.jobs.changes;
const step = (id: string) => changes?.steps.find((s) => s.id === id);

/** Runs the 'List changed services' step with every filter 'false'; its outputs, or its exit code. */
function listServices(event: string, ref: string): { code: number; outputs: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'changes-'));
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const services = step('services');
  const legs = String(services?.env?.IMAGE_LEGS);
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: output,
    GITHUB_EVENT_NAME: event,
    GITHUB_REF: ref,
    IMAGE_LEGS: legs,
    ...Object.fromEntries(SERVICES.map((s) => [upperSnake(s), 'false'])),
  };
  const result = spawnSync('bash', ['-e', '-c', String(services?.run)], { env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: result.status ?? -1, outputs };
}

describe('main.yml: a manual run builds and deploys every service', () => {
  it('is started by workflow_dispatch as well as by a push to main', () => {
    expect(Object.keys(main.on).sort()).toEqual(['push', EVERY_SERVICE_EVENT].sort());
    expect(step('filter')?.if).toBe(`github.event_name != '${EVERY_SERVICE_EVENT}'`);
  });

  it('lists every service on a manual run of main, though no path changed', () => {
    const { code, outputs } = listServices(EVERY_SERVICE_EVENT, 'refs/heads/main');
    expect(code).toBe(0);
    expect(JSON.parse(outputs.services ?? 'null')).toEqual([...SERVICES]);
    const legs = JSON.parse(outputs.images ?? 'null') as { service: string }[];
    expect(legs.map((l) => l.service)).toEqual([...SERVICES]);
  });

  it('lists no service on a push that changed none', () => {
    const { code, outputs } = listServices('push', 'refs/heads/main');
    expect(code).toBe(0);
    expect(JSON.parse(outputs.services ?? 'null')).toEqual([]);
  });

  it('refuses a manual run from another branch before any credential', () => {
    const { code, outputs } = listServices(EVERY_SERVICE_EVENT, 'refs/heads/feature');
    expect(code).toBe(1);
    expect(outputs.services).toBeUndefined();
  });

  it('the deploy job bumps whatever the publish legs built (no filter of its own)', () => {
    expect(main.jobs.publish?.strategy?.matrix.include).toBe('${{ fromJSON(needs.changes.outputs.images) }}');
    expect(JSON.stringify(main.jobs.deploy)).not.toMatch(/needs\.changes/);
  });

  it('leaves the pull-request changes job to its path filters', () => {
    expect(JSON.stringify(pr.jobs.changes)).not.toContain(EVERY_SERVICE_EVENT);
    expect(Object.keys(pr.on)).toEqual(['pull_request']);
  });
});

// jq is what the step runs on GitHub's runner: without it here, the test cannot check anything.
execFileSync('jq', ['--version']);
