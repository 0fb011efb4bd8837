// The preflight step, run by bash as the runner runs it: it fails naming every missing setting of its job,
// and its list is the job's own reads.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { WORKFLOWS } from '../generate.js';
import { deploy, main, publish } from '../main.js';
import type { Step } from '../model.js';
import { pr } from '../pr.js';
import { preflightSteps } from '../preflight.js';
import { jobReads } from '../reads.js';

/** Runs the step's script with its env, each `${{ … }}` replaced by `values[name]` (or empty). */
function runStep(step: Step, values: Record<string, string>) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const [key, raw] of Object.entries(step.env ?? {})) {
    const read = /^\$\{\{ vars\.(\w+) \}\}$/.exec(String(raw))?.[1];
    const secret = /^\$\{\{ secrets\.(\w+) != '' \}\}$/.exec(String(raw))?.[1];
    env[key] =
      read !== undefined
        ? (values[read] ?? '')
        : secret !== undefined
          ? String(values[secret] !== undefined)
          : String(raw);
  }
  return spawnSync('bash', ['-e', '-c', step.run ?? ''], { env, encoding: 'utf8' });
}

describe('preflight', () => {
  const [step] = preflightSteps(jobReads(main, 'deploy', deploy));
  if (step === undefined) throw new Error('the deploy job reads settings, so it has a preflight step');

  it('fails naming every missing variable and secret of the job, and passes when all are set', () => {
    const missing = runStep(step, { AWS_REGION: 'eu-central-1' });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain(
      '::error title=Settings missing::vars.AWS_DEPLOY_ROLE_ARN vars.GH_APP_CLIENT_ID secrets.GH_APP_PRIVATE_KEY not set (environment dev)',
    );
    const all = runStep(step, {
      AWS_REGION: 'eu-central-1',
      AWS_DEPLOY_ROLE_ARN: 'arn',
      GH_APP_CLIENT_ID: 'Iv1',
      GH_APP_PRIVATE_KEY: 'set',
    });
    expect(all.status).toBe(0);
  });

  it('checks exactly what the job reads, and comes first in the generated job', () => {
    const reads = jobReads(main, 'publish', publish).variables.map((v) => v.name);
    expect(reads).toEqual(['AWS_CI_ROLE_ARN', 'AWS_REGION', 'BASE_IMAGE', 'ECR_REGISTRY']);
    const generated = WORKFLOWS.find((w) => w.file === 'main.yml')?.jobs.publish;
    expect(generated?.steps[0]?.name).toBe('Preflight: the settings this job reads are set');
    expect(Object.keys(generated?.steps[0]?.env ?? {}).filter((k) => k !== 'SCOPE')).toEqual(reads);
  });

  it("puts reads made only under a step's condition under that condition, and skips defaulted ones", () => {
    const sonar = pr.jobs.sonar;
    if (sonar === undefined) throw new Error('pr.yml has a sonar job');
    const steps = preflightSteps(jobReads(pr, 'sonar', sonar));
    expect(steps).toHaveLength(1);
    expect(steps[0]?.if).toBe('(github.event.pull_request.head.repo.full_name == github.repository)');
    const release = WORKFLOWS.find((w) => w.file === 'release.yml')?.jobs.release;
    expect(JSON.stringify(release?.steps[0]?.env)).not.toContain('RELEASE_BUMP_MODE');
  });

  it('leaves a job that reads no setting as it was', () => {
    const summary = WORKFLOWS.find((w) => w.file === 'pr.yml')?.jobs.summary;
    expect(summary?.steps.map((s) => s.name)).toEqual(['Report every job']);
  });
});
