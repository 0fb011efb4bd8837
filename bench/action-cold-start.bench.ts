// Cold start of the actions, end to end. Main rows: aws-oidc-login's dist/ doing a full, SUCCESSFUL
// login (OIDC token request, STS AssumeRoleWithWebIdentity, exports, summary) against the loopback
// OIDC + STS stand-ins, paired with the anchor aws-actions/configure-aws-credentials' dist/ doing the
// same login against the same stand-ins (it also calls GetCallerIdentity with the new keys, which the
// stand-in answers). Every run is checked to have exported the granted keys; a failed run aborts the bench.
// Secondary rows: each bundled action loading and stopping at its first missing input (load cost only).
// Wall time of the whole process and its peak RSS (GNU time's %M), medians of interleaved rounds.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOidcTokenEndpoint } from '../actions/aws-oidc-login/test-support/oidc-token-endpoint.js';
import { startStsQueryApi } from '../actions/aws-oidc-login/test-support/sts-query-api.js';
import { listActions } from '../scripts/actions/build.mjs';
import { type BenchReport, percentile, round } from './types.js';

const ROUNDS = 15;
const LOAD_ROUNDS = 7;
const TIME = '/usr/bin/time';
const root = join(import.meta.dirname, '..');
// Bring it with the `fetch` tool (github:aws-actions/configure-aws-credentials) or set ANCHOR_MIRROR to a
// git directory of that repository; its dist/ is read at bench time into a temp dir, never committed.
const anchorMirror = process.env.ANCHOR_MIRROR ?? '/work/.mirror/aws-actions+configure-aws-credentials/repo';
const ROLE = 'arn:aws:iam::123456789012:role/deploy';

interface Sample {
  ms: number;
  kb: number;
}

interface Run {
  name: string;
  args: string[];
  inputs: Record<string, string>;
  /** Checks the runner files after a run; throws when the run did not do its job. */
  check?: (files: RunnerFiles) => void;
}

interface RunnerFiles {
  dir: string;
  env: string;
  output: string;
  summary: string;
}

function runnerFiles(): RunnerFiles {
  const dir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  const files = { dir, env: join(dir, 'env'), output: join(dir, 'output'), summary: join(dir, 'summary') };
  for (const file of [files.env, files.output, files.summary]) writeFileSync(file, '');
  return files;
}

/** One run under GNU time, asynchronous: the stand-ins answer from this very process. */
function measure(run: Run, baseEnv: Record<string, string>): Promise<Sample> {
  const files = runnerFiles();
  const env: Record<string, string> = {
    ...baseEnv,
    HOME: files.dir,
    RUNNER_TEMP: files.dir,
    GITHUB_WORKSPACE: files.dir,
    GITHUB_ENV: files.env,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
  };
  for (const [name, value] of Object.entries(run.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(TIME, ['-f', '%M', process.execPath, ...run.args], {
      env,
      cwd: files.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const kb = Number(log.trim().split('\n').at(-1));
      try {
        if (run.check) {
          if (code !== 0) throw new Error(`exit ${code}`);
          run.check(files);
        }
        resolve({ ms, kb });
      } catch (error) {
        reject(
          new Error(`${run.name}: not a successful run (${(error as Error).message}):\n${log.slice(-2000)}`),
        );
      } finally {
        rmSync(files.dir, { recursive: true, force: true });
      }
    });
  });
}

function anchorFile(): { file: string; commit: string } | undefined {
  if (!existsSync(anchorMirror)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'anchor-'));
  const file = join(dir, 'index.js');
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', anchorMirror, ...args], { maxBuffer: 64 << 20 });
  writeFileSync(file, git('show', 'HEAD:dist/index.js'));
  return { file, commit: git('rev-parse', '--short', 'HEAD').toString().trim() };
}

export default async function coldStart(): Promise<BenchReport> {
  if (!existsSync(TIME)) {
    return { name: 'action-cold-start', rows: [], notes: [`skipped: ${TIME} (GNU time) is absent.`] };
  }
  const oidc = await startOidcTokenEndpoint();
  const sts = await startStsQueryApi({ verifyToken: (token) => oidc.verify(token) });
  const anchor = anchorFile();
  try {
    const baseEnv = {
      PATH: process.env.PATH ?? '',
      GITHUB_ACTIONS: 'true',
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
      GITHUB_REPOSITORY: 'octo-org/app',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      // What configure-aws-credentials insists on (it tags sessions with them).
      GITHUB_WORKFLOW: 'ci',
      GITHUB_ACTION: 'login',
      GITHUB_ACTOR: 'octocat',
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
    };
    /** The run exported the keys STS granted last, and the region. */
    const loggedIn = (files: RunnerFiles) => {
      const env = readFileSync(files.env, 'utf8');
      const granted = sts.granted.at(-1);
      if (!granted || !env.includes(granted.secretAccessKey) || !env.includes('eu-central-1')) {
        throw new Error('the granted keys were not exported');
      }
    };
    const ours: Run = {
      name: 'aws-oidc-login',
      args: [join(root, 'actions', 'aws-oidc-login', 'dist', 'index.js')],
      inputs: { 'role-arn': ROLE, 'aws-region': 'eu-central-1', 'sts-endpoint': sts.endpoint },
      check: loggedIn,
    };
    const theirs: Run | undefined = anchor && {
      name: 'anchor: configure-aws-credentials',
      args: [anchor.file],
      inputs: {
        'role-to-assume': ROLE,
        'aws-region': 'eu-central-1',
        'sts-endpoint': sts.endpoint,
        audience: 'sts.amazonaws.com',
        // A failure must fail the bench at once, not retry 12 times with backoff.
        'disable-retry': 'true',
      },
      check: loggedIn,
    };
    const node: Run = { name: "baseline: node -e ''", args: ['-e', ''], inputs: {} };
    const pairs = [ours, ...(theirs ? [theirs] : []), node];
    const loads: Run[] = (listActions() as string[]).map((name) => ({
      name: `${name} (load only: stops at its first missing input)`,
      args: [join(root, 'actions', name, 'dist', 'index.js')],
      inputs: {},
    }));

    const samples = new Map<string, Sample[]>([...pairs, ...loads].map((run) => [run.name, []]));
    for (const run of [...pairs, ...loads]) await measure(run, baseEnv); // warm the file cache
    for (let i = 0; i < ROUNDS; i++) {
      for (const run of pairs) samples.get(run.name)?.push(await measure(run, baseEnv));
      if (i < LOAD_ROUNDS) {
        const env = { PATH: baseEnv.PATH, GITHUB_ACTIONS: 'true' };
        for (const run of loads) samples.get(run.name)?.push(await measure(run, env));
      }
    }

    const median = (name: string, key: keyof Sample) =>
      percentile(
        (samples.get(name) ?? []).map((s) => s[key]),
        50,
      );
    const ratio = (name: string, key: keyof Sample) =>
      theirs ? round(median(name, key) / median(theirs.name, key), 2) : 'n/a (no anchor)';
    const paired = new Set(pairs.map((run) => run.name));
    const rows = [...pairs, ...loads].map((run) => ({
      subject: run.name,
      runs: samples.get(run.name)?.length ?? 0,
      'median ms': round(median(run.name, 'ms')),
      'p90 ms': round(
        percentile(
          (samples.get(run.name) ?? []).map((s) => s.ms),
          90,
        ),
      ),
      'peak MiB': round(median(run.name, 'kb') / 1024),
      // A load-only run is no login: no ratio against the anchor's login.
      'x anchor wall': paired.has(run.name) ? ratio(run.name, 'ms') : '-',
      'x anchor memory': paired.has(run.name) ? ratio(run.name, 'kb') : '-',
    }));
    return {
      name: 'action-cold-start',
      rows,
      notes: [
        `${ROUNDS} interleaved paired rounds after one warm-up: a full successful login each (checked: the granted keys were exported), medians; load-only rows ${LOAD_ROUNDS} rounds.`,
        'Goal (issue 16): aws-oidc-login <= 0.7x the anchor wall and <= 0.8x its peak memory.',
        anchor
          ? `anchor: aws-actions/configure-aws-credentials dist/index.js at ${anchor.commit} (from ${anchorMirror}; not committed), same stand-ins, disable-retry: true.`
          : `anchor row skipped: no mirror of aws-actions/configure-aws-credentials at ${anchorMirror} (fetch it, or set ANCHOR_MIRROR to its git directory).`,
        `node ${process.version}; peak memory is GNU time's maximum resident set size.`,
      ],
    };
  } finally {
    await Promise.all([oidc.close(), sts.close()]);
    if (anchor) rmSync(join(anchor.file, '..'), { recursive: true, force: true });
  }
}
