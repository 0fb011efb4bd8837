// Who holds which token, and what runs beside it: the rules a first real deploy depends on, read from the
// definitions (the YAML is generated from them, and definitions.test.ts keeps the two equal).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { APP_TOKEN } from '../credentials.js';
import { WORKFLOWS } from '../generate.js';
import { GATE_PREDICATE, main } from '../main.js';
import type { Job, Step } from '../model.js';
import { SERVICES } from '../paths.js';
import { PINS } from '../pins.js';
import { PROVENANCE_ON } from '../provenance.js';
import { ON_MAIN, releaseWorkflow } from '../release.js';

const run = promisify(execFile);
const jobs = WORKFLOWS.flatMap((w) => Object.entries(w.jobs).map(([id, job]) => ({ file: w.file, id, job })));
const writes = (job: Job) =>
  Object.entries(job.permissions)
    .filter(([, p]) => typeof p === 'object')
    .map(([scope]) => scope);
const uses = (step: Step, what: string) => JSON.stringify(step.uses ?? '').includes(what);

describe('tokens and what runs beside them', () => {
  it('no install script runs in a job that holds a cloud, attestation or write token', () => {
    const privileged = jobs.filter(({ job }) => writes(job).length > 0);
    const installs = privileged.flatMap(({ file, id, job }) =>
      job.steps.filter((s) => /\bnpm (ci|install)\b/.test(s.run ?? '')).map((s) => [`${file} ${id}`, s.run]),
    );
    expect(installs.length).toBeGreaterThanOrEqual(2);
    for (const [where, command] of installs)
      expect([where, command]).toEqual([where, expect.stringMatching(/--ignore-scripts/)]);
  });

  it('every GitOps push goes through the GitHub App token (client-id), never GITHUB_TOKEN', () => {
    const bumpJobs = jobs.filter(({ job }) => job.steps.some((s) => uses(s, 'gitops-bump')));
    expect(bumpJobs.map(({ file, id }) => `${file} ${id}`)).toEqual([
      'main.yml deploy',
      'release.yml release',
    ]);
    for (const { job } of bumpJobs) {
      const app = job.steps.find((s) => uses(s, PINS.createGithubAppToken.repository));
      expect(app?.with).toMatchObject({ 'client-id': '${{ vars.GH_APP_CLIENT_ID }}' });
      expect(app?.with).not.toHaveProperty('app-id');
      expect(app?.if).toBeUndefined();
      const checkout = job.steps.find((s) => uses(s, PINS.checkout.repository));
      expect(checkout?.with).toMatchObject({ token: APP_TOKEN, 'persist-credentials': true });
      const bump = job.steps.find((s) => uses(s, 'gitops-bump'));
      if (bump?.with?.token !== undefined) expect(bump.with.token).toBe(APP_TOKEN);
      // GITHUB_TOKEN only reads: the App's token is the one that writes.
      expect(writes(job)).not.toContain('contents');
      expect(writes(job)).not.toContain('pull-requests');
      expect(JSON.stringify(job)).not.toMatch(/\|\| github\.token/);
    }
    expect(PINS.createGithubAppToken.sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('the dev bump never replaces a newer build: it orders digests by their revision labels', () => {
    const bump = main.jobs.deploy?.steps.find((s) => uses(s, 'gitops-bump'));
    expect(bump?.with).toMatchObject({
      'only-newer': true,
      'registry-password': '${{ steps.ecr.outputs.password }}',
    });
    const checkout = main.jobs.deploy?.steps.find((s) => uses(s, PINS.checkout.repository));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
  });
});

describe('a release', () => {
  const { tag, release } = releaseWorkflow.jobs as Record<string, Job>;

  it('checks its tag before any credential: no environment, no write, no secret', () => {
    expect(tag).toBeDefined();
    expect(writes(tag as Job)).toEqual([]);
    expect(tag?.environment).toBeUndefined();
    expect(JSON.stringify(tag)).not.toMatch(/secrets\.|vars\./);
    expect(tag?.steps.map((s) => s.id)).toEqual([undefined, 'version', 'on-main']);
    expect(release?.needs).toEqual(['tag']);
  });

  it('refuses a commit main has not merged (the step itself, in a real clone)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'on-main-'));
    await run('git', ['init', '-q', '-b', 'main', join(dir, 'origin')]);
    const origin = (...args: string[]) =>
      run('git', ['-C', join(dir, 'origin'), ...args]).then((r) => r.stdout.trim());
    const commit = async (message: string) => {
      await origin(
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@t',
        'commit',
        '-q',
        '--allow-empty',
        '-m',
        message,
      );
      return origin('rev-parse', 'HEAD');
    };
    const merged = await commit('one');
    await commit('two');
    await origin('switch', '-q', '-c', 'unmerged');
    const unmerged = await commit('three');
    await origin('switch', '-q', 'main');
    await run('git', ['clone', '-q', join(dir, 'origin'), join(dir, 'work')]);
    const step = async (sha: string) =>
      run('bash', ['-e', '-c', ON_MAIN], {
        cwd: join(dir, 'work'),
        env: { ...process.env, TAG: 'v1.2.3', RELEASE_SHA: sha },
      }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    expect(await step(merged)).toEqual({ code: 0, out: expect.stringContaining('on main') });
    expect(await step(unmerged)).toEqual({ code: 1, out: expect.stringContaining('main has not merged') });
  });

  it("promotes only digests with the gate's verdict and provenance, signed by main.yml on main", () => {
    const publish = main.jobs.publish?.steps ?? [];
    const gate = publish.findIndex((s) => s.id === 'trivy');
    const verdict = publish.findIndex(
      (s) => s.uses !== undefined && 'pinned' in s.uses && s.uses.pinned === PINS.attest,
    );
    expect(gate).toBeGreaterThan(0);
    expect(verdict).toBe(gate + 1);
    // Only after the gate passed (no status function) and unless PROVENANCE=off (workflows/provenance.ts).
    expect(publish[verdict]?.if).toBe(PROVENANCE_ON);
    expect(publish[verdict]?.with?.['predicate-type']).toBe(GATE_PREDICATE);
    expect(String(publish[verdict]?.with?.predicate)).toContain(
      '"blocking":${{ steps.trivy.outputs.blocking }}',
    );

    const verify = release?.steps.find((s) => s.run?.includes('gh attestation verify'));
    expect(verify?.env?.GATE_PREDICATE).toBe(GATE_PREDICATE);
    expect(verify?.run).toContain('--source-ref refs/heads/main');
    expect(verify?.run).toContain('--signer-workflow "$GITHUB_REPOSITORY/.github/workflows/main.yml"');
    // One verdict check per service.
    expect(verify?.run?.match(/--predicate-type "\$GATE_PREDICATE"/g)?.length).toBe(SERVICES.length);
    expect(verify?.run).toContain('.verificationResult.statement.predicate.blocking == 0');
    const order = release?.steps.map((s) => s.id ?? s.name) ?? [];
    expect(order.indexOf(verify?.name ?? '')).toBeLessThan(order.indexOf('promote-inventory'));
  });
});
