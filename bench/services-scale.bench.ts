// The pipeline as the catalogue grows: the main-flow rehearsal (`npm run pipeline -- main`, cold: a fresh
// state folder, so each run builds the base image, bundles, pushes and runs every image until /ready, then
// makes the one dev GitOps commit) in a checkout of this commit with 2, 5, 10 and 20 services, the added ones
// made by `npm run new:service` (http-apis with a database). Then, in the 2-service checkout with its state
// kept: from `new:service` to a green main rehearsal of the new service (`--service`, as a push that adds it).
// Goals: 20 services within 10x the wall time of 2; new:service to green main under 60 s.
// gitops-bump's contention at the same sizes is bench/gitops-bump.bench.ts; the validator's and the Terraform
// checker's time at 20 services are bench/gitops-validate and bench/terraform-services.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkoutCommit } from '../scripts/images/checkout.js';
import { type BenchReport, round } from './types.js';

const exec = promisify(execFile);
const REPO = join(import.meta.dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '2,5,10,20').split(',').map(Number);
const OWN = 2; // inventory and pricing
const IDENTITY = {
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

/** Runs a TypeScript entry in `root` as npm would; returns its wall time in ms. */
async function timed(root: string, state: string, args: readonly string[]): Promise<number> {
  const started = performance.now();
  try {
    await exec(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      env: { ...process.env, ...IDENTITY, PIPELINE_STATE_DIR: state },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${args.join(' ')} in ${root} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  return performance.now() - started;
}

async function commitAll(root: string, message: string): Promise<void> {
  const env = { ...process.env, ...IDENTITY };
  await exec('git', ['add', '-A'], { cwd: root, env });
  await exec('git', ['commit', '-q', '-m', message], { cwd: root, env });
}

const serviceName = (i: number) => `synthetic-${String(i).padStart(2, '0')}`;
const scaffold = (root: string, state: string, name: string) =>
  timed(root, state, ['scripts/service/new.ts', name, '--kind', 'http-api', '--database']);

export default async function bench(): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'bss-'));
  try {
    const runs: Array<{ services: number; scaffoldMs: number; mainMs: number }> = [];
    let firstCheckout = '';
    let firstState = '';
    for (const size of SIZES) {
      const root = checkoutCommit(REPO, join(dir, `repo-${size}`));
      // Short: podman refuses a run root (<state>/podman/run) longer than 50 characters.
      const state = join(dir, `s${size}`);
      let scaffoldMs = 0;
      for (let i = 1; i <= size - OWN; i++) scaffoldMs += await scaffold(root, state, serviceName(i));
      if (size > OWN) await commitAll(root, `${size - OWN} synthetic services`);
      const mainMs = await timed(root, state, ['scripts/pipeline/rehearse.ts', 'main']);
      runs.push({ services: size, scaffoldMs, mainMs });
      if (firstCheckout === '') [firstCheckout, firstState] = [root, state];
    }
    // One more service where the smallest run left its state: what a developer adding a service waits for.
    const added = 'synthetic-new';
    const newMs = await scaffold(firstCheckout, firstState, added);
    await commitAll(firstCheckout, added);
    const newMainMs = await timed(firstCheckout, firstState, [
      'scripts/pipeline/rehearse.ts',
      'main',
      '--service',
      added,
    ]);

    const base = runs[0] as (typeof runs)[number];
    const rows: BenchReport['rows'] = runs.map((r) => ({
      services: r.services,
      'new:service total s': round(r.scaffoldMs / 1000, 1),
      'main rehearsal s': round(r.mainMs / 1000, 1),
      [`vs ${base.services} services`]: round(r.mainMs / base.mainMs, 2),
      's per service': round(r.mainMs / 1000 / r.services, 2),
      's per added service':
        r.services === base.services
          ? ''
          : round((r.mainMs - base.mainMs) / 1000 / (r.services - base.services), 2),
    }));
    const largest = runs.at(-1) as (typeof runs)[number];
    const ratio = largest.mainMs / base.mainMs;
    const toGreen = (newMs + newMainMs) / 1000;
    return {
      name: 'services-scale',
      rows,
      notes: [
        'Each size: a checkout of this commit with node_modules hard-linked, the synthetic services written by new:service and committed, then `npm run pipeline -- main` cold (fresh state folder: base image, registry, remote), podman smoke run of every image included.',
        `Goal 20 services <= 10x the wall time of 2: ${largest.services} services took ${round(ratio, 2)}x ${base.services} services (${ratio <= 10 ? 'met' : 'MISSED'}).`,
        `From new:service to a green main rehearsal of the new service (state of the ${base.services}-service run kept, --service ${added}): ${round(newMs / 1000, 1)} s + ${round(newMainMs / 1000, 1)} s = ${round(toGreen, 1)} s (goal < 60 s: ${toGreen < 60 ? 'met' : 'MISSED'}).`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
