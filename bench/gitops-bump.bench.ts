// gitops-bump under contention, beside a hand-written loop in the same setup and run: N runs at once (separate
// processes, one clone each, each pinning a different image of one overlay) against one real bare git remote,
// while a person pushes an unrelated commit to the same branch. The hand loop is what someone would script:
// sed the digest, `git commit -a`, `git push`, and on a rejection `git pull --rebase` and push again. A third
// row pins the same N images with ONE gitops-bump run (main.yml's deploy job: one commit for every service
// built), which is what one bump per service costs against.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overlayDir } from '../scripts/gitops/layout.js';
import { digest, GitRemote, git } from '../scripts/lib/git-remote.js';
import { type BenchReport, percentile, round } from './types.js';

const actionDir = join(import.meta.dirname, '..', 'actions', 'gitops-bump');
const OVERLAY = overlayDir('dev');
const FILE = `${OVERLAY}/kustomization.yaml`;
const REPO = 'registry.example.com/shop';
const SIZES = (process.env.BENCH_SIZES ?? '1,2,5,10,20').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
// gitops-bump accepts at most 20; 20 services and a person are 21 pushers, so the last may need all of them.
const MAX_ATTEMPTS = 20;
/** As many services as the largest size asks for: service-01, service-02, … */
const IMAGE_NAMES = Array.from(
  { length: Math.max(...SIZES) },
  (_, i) => `service-${String(i + 1).padStart(2, '0')}`,
);

/** Every image pinned by digest in kustomize's block style, so one sed line can re-pin any of them. */
const KUSTOMIZATION = `# Dev: pins the images built on main.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../base/shop
images:
${IMAGE_NAMES.map((name) => `- name: ${name}\n  newName: ${REPO}/${name}\n  digest: ${digest('0')}`).join('\n')}
`;

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Dev Eloper',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev Eloper',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};

/** The hand loop, as a person writes it; prints its attempt count. */
const HAND_LOOP = `set -e
sed -i "/^- name: $NAME\\$/,/digest:/ s/digest: .*/digest: $DIGEST/" "$FILE"
git commit -qam "bump $NAME"
n=1
until git push -q origin HEAD:main 2>/dev/null; do
  n=$((n + 1)); [ "$n" -le "$MAX" ] || exit 1
  git pull -q --rebase origin main
done
echo "attempts=$n"`;

/** A person's unrelated commit, pushed the same way while the bumps race. */
const PERSON = `set -e
echo "More." >> README.md
git commit -qam "Someone else was here"
until git push -q origin HEAD:main 2>/dev/null; do git pull -q --rebase origin main; done`;

interface Run {
  code: number | null;
  attempts: number;
  gitProcesses: number;
}

function spawnRun(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  const trace = env.GIT_TRACE2;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, LC_ALL: 'C', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const summary = env.GITHUB_STEP_SUMMARY ? readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8') : '';
      const attempts = Number(
        (/landed on attempt (\d+)/.exec(summary) ?? /attempts=(\d+)/.exec(out))?.[1] ?? 0,
      );
      const gitProcesses = trace
        ? readFileSync(trace, 'utf8')
            .split('\n')
            .filter((l) => / start /.test(l)).length
        : 0;
      if (code !== 0) process.stderr.write(`${command} in ${cwd} exited ${code}:\n${out}\n`);
      resolve({ code, attempts, gitProcesses });
    });
  });
}

type Kind = 'hand loop' | 'gitops-bump' | 'gitops-bump, one for all';

function start(
  kind: Kind,
  clone: string,
  pins: ReadonlyArray<readonly [name: string, pin: string]>,
  files: string,
  trace?: string,
): Promise<Run> {
  const traced: Record<string, string> = trace ? { GIT_TRACE2: trace } : {};
  if (kind === 'hand loop') {
    const [[name, pin]] = pins as [readonly [string, string]];
    return spawnRun('sh', ['-c', HAND_LOOP], clone, {
      ...IDENTITY,
      ...traced,
      NAME: name,
      DIGEST: pin,
      FILE,
      MAX: String(MAX_ATTEMPTS),
    });
  }
  const runner = mkdtempSync(join(files, 'runner-'));
  const summary = join(runner, 'summary');
  const output = join(runner, 'output');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  return spawnRun(process.execPath, [join(actionDir, 'dist', 'index.js')], clone, {
    ...traced,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: clone,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    RUNNER_TEMP: runner,
    INPUT_PATH: OVERLAY,
    INPUT_IMAGES: pins.map(([name, pin]) => `${name}=${REPO}/${name}@${pin}`).join('\n'),
    'INPUT_MAX-ATTEMPTS': String(MAX_ATTEMPTS),
  });
}

interface Trial {
  wallMs: number;
  attempts: number;
  failed: number;
  gitProcesses: number;
}

/** N runs of one kind at once (plus, with N > 1, a person's push), on a fresh remote; checks all of it landed. */
async function trial(kind: Kind, n: number, round_: number, trace = false): Promise<Trial> {
  const remote = new GitRemote({ [FILE]: KUSTOMIZATION });
  const files = mkdtempSync(join(tmpdir(), 'gitops-bump-bench-'));
  try {
    const names = IMAGE_NAMES.slice(0, n);
    const pins = names.map((_, i) => digest('123456789abcdef'[(round_ + i) % 15] as string));
    const pairs = names.map((name, i) => [name, pins[i] as string] as const);
    // One run per service, or one run for all of them.
    const groups = kind === 'gitops-bump, one for all' ? [pairs] : pairs.map((pair) => [pair]);
    const clones = groups.map(() => remote.clone());
    const person = n > 1 ? remote.clone() : undefined;
    const traces = groups.map((_, i) => (trace ? join(files, `trace-${i}`) : undefined));
    const started = performance.now();
    const runs = await Promise.all([
      ...groups.map((group, i) => start(kind, clones[i] as string, group, files, traces[i])),
      ...(person ? [spawnRun('sh', ['-c', PERSON], person, IDENTITY)] : []),
    ]);
    const wallMs = performance.now() - started;

    const file = remote.show(FILE);
    const missing = names.filter((name, i) => !file.includes(`${REPO}/${name}\n  digest: ${pins[i]}`));
    const log = remote.log();
    if (missing.length > 0 || (person && !log.includes('Someone else was here')))
      throw new Error(`${kind}: not everything landed (missing ${missing.join(', ') || 'the person'})`);
    if (git(remote.bare, ['rev-list', '--merges', 'main']) !== '') throw new Error(`${kind}: merge commits`);
    const bumps = runs.slice(0, groups.length);
    return {
      wallMs,
      attempts: bumps.reduce((sum, r) => sum + r.attempts, 0),
      failed: runs.filter((r) => r.code !== 0).length,
      gitProcesses: bumps.reduce((sum, r) => sum + r.gitProcesses, 0),
    };
  } finally {
    remote.dispose();
    rmSync(files, { recursive: true, force: true });
  }
}

const median = (values: number[]) => percentile(values, 50);
const KINDS: Kind[] = ['hand loop', 'gitops-bump', 'gitops-bump, one for all'];

export default async function bench(): Promise<BenchReport> {
  const results = new Map<string, Trial[]>();
  // Interleaved (loop, action, loop, action, ...) so both see the same machine load.
  for (let r = 0; r < REPEATS; r++) {
    for (const n of SIZES) {
      for (const kind of KINDS) {
        const key = `${kind}|${n}`;
        results.set(key, [...(results.get(key) ?? []), await trial(kind, n, r)]);
      }
    }
  }
  // One traced single run of each: git processes started (client and the local remote's side).
  const traced = new Map<Kind, number>();
  for (const kind of KINDS) traced.set(kind, (await trial(kind, 1, 0, true)).gitProcesses);

  const rows = SIZES.flatMap((n) =>
    KINDS.map((kind) => {
      const trials = results.get(`${kind}|${n}`) ?? [];
      const walls = trials.map((t) => t.wallMs);
      const loop = median((results.get(`hand loop|${n}`) ?? []).map((t) => t.wallMs));
      return {
        services: n === 1 ? '1' : `${n} + a person's push`,
        what: kind,
        'wall ms (median)': round(median(walls), 0),
        'wall ms (min..max)': `${round(Math.min(...walls), 0)}..${round(Math.max(...walls), 0)}`,
        'vs hand loop': round(median(walls) / loop, 2),
        'attempts (median total)': median(trials.map((t) => t.attempts)),
        'failed runs': trials.reduce((sum, t) => sum + t.failed, 0),
        'git processes (one run)': n === 1 ? (traced.get(kind) ?? 0) : '',
      };
    }),
  );
  return {
    name: 'gitops-bump',
    rows,
    notes: [
      `${REPEATS} trials per row, hand loop and gitops-bump interleaved; median shown, ratio against the hand loop's median of the same run. Each trial: a fresh bare remote, one clone per run, all started together as separate processes (node dist/index.js, or sh running the hand loop); with more than one service a person pushes an unrelated commit at the same time. "one for all": a single gitops-bump run given all N pins (one commit), as main.yml's deploy job does.`,
      'Wall time: from spawning the runs to the last one exiting. Every trial checks that all pins and the person commit landed, with a linear history.',
      `The hand loop: sed the digest, git commit -a, git push; on rejection git pull --rebase and push again (up to ${MAX_ATTEMPTS} attempts). gitops-bump: max-attempts ${MAX_ATTEMPTS}, its default retry (jitter under 25 ms).`,
      'git processes: GIT_TRACE2 start events of one traced single run (client and the local remote side), not timed.',
    ],
  };
}
