// The git CLI: argv arrays only (no shell), the C locale, and no terminal prompt so a missing credential fails
// instead of hanging the job. Automatic maintenance is off for our commands: a bump must not start a gc on the
// runner's checkout, and every process counts while eight runs race for one branch.
import { spawn } from 'node:child_process';
import { parseBatch, parseTree, rawNow, type TreeEntry } from './git-objects.js';

/** The bot identity GitHub documents for commits made with GITHUB_TOKEN. */
export const BOT_NAME = 'github-actions[bot]';
export const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';

/** A git command failed; the message quotes git's own output. */
export class GitError extends Error {
  override name = 'GitError';
  constructor(
    readonly args: readonly string[],
    readonly output: string,
  ) {
    super(`git ${args.join(' ')} failed: ${output.trim() || 'no output'}`);
  }
}

/** The push was refused because the remote branch moved (or moved while we pushed): fetch and try again. */
export class RemoteMovedError extends GitError {
  override name = 'RemoteMovedError';
}

/**
 * Why git itself refused an update, from the status line of `git push --porcelain` (never from the text a
 * server hook prints, which can say anything): the client saw a non-fast-forward, or receive-pack lost the
 * race for the ref lock to another push.
 */
const MOVED_STATUS =
  /^\[rejected\] \((?:fetch first|non-fast-forward|stale info)\)$|^\[remote rejected\] \((?:cannot lock ref|failed to update ref|failed to lock|incorrect old value)/;

/** What a commit holds in one directory: the commit, the directory's entries, and the blobs asked for. */
export interface Snapshot {
  readonly commit: string;
  /** Entries of the directory by name; undefined when the commit has no such directory. */
  readonly entries: ReadonlyMap<string, TreeEntry> | undefined;
  /** Contents of the files asked for, by name (absent when missing). */
  readonly files: ReadonlyMap<string, { oid: string; text: string }>;
}

/** Where the work tree is and what is checked out, from one `git rev-parse`. */
export interface Checkout {
  readonly topLevel: string;
  readonly shallow: boolean;
  /** The checked-out branch, or undefined on a detached HEAD. */
  readonly branch: string | undefined;
}

interface Result {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** A git process already running, waiting for its standard input; giving it that input returns its result. */
type Started = (input: string) => Promise<Result>;

const CAT_FILE = ['cat-file', '--batch'];
const FAST_IMPORT = [
  '-c',
  'fastimport.unpackLimit=0',
  'fast-import',
  '--quiet',
  '--done',
  '--date-format=raw',
];
/** What a spare process is given when it was not needed: cat-file stops at the end of its input, fast-import at `done`. */
const IDLE_INPUT = new Map<readonly string[], string>([
  [CAT_FILE, ''],
  [FAST_IMPORT, 'done\n'],
]);

/** Author or committer `Name <email>`, git's environment variables winning over the bot identity as git does. */
function ident(env: NodeJS.ProcessEnv, who: 'AUTHOR' | 'COMMITTER'): string {
  const clean = (text: string) => text.replace(/[<>\n]/g, '').trim();
  return `${clean(env[`GIT_${who}_NAME`] || BOT_NAME)} <${clean(env[`GIT_${who}_EMAIL`] || BOT_EMAIL)}>`;
}

export class Git {
  /** cat-file and fast-import processes started ahead (see warmUp), by their argument list. */
  private readonly spare = new Map<readonly string[], Started>();

  constructor(
    /** Any directory inside the work tree. */
    readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /**
   * Starts the cat-file and fast-import processes of the next snapshot and commit now, so that their start-up
   * runs while a fetch or rev-parse does, not between the fetch and the push: the shorter that window, the less
   * often another run lands inside it. Both read refs and objects only when given their input.
   */
  warmUp(): void {
    for (const args of [CAT_FILE, FAST_IMPORT])
      if (!this.spare.has(args)) this.spare.set(args, this.start(args));
  }

  /** Ends the processes warmUp started and nothing used (they write nothing). */
  async close(): Promise<void> {
    const idle = [...this.spare].map(([args, started]) => started(IDLE_INPUT.get(args) ?? ''));
    this.spare.clear();
    await Promise.all(idle);
  }

  /** Runs git; returns trimmed stdout, or throws GitError with git's output. */
  async run(
    args: readonly string[],
    allowedCodes: readonly number[] = [0],
  ): Promise<{ code: number; stdout: string }> {
    const result = await this.exec(args);
    if (!allowedCodes.includes(result.code))
      throw new GitError(args, `${result.stderr}\n${result.stdout.toString('utf8')}`);
    return { code: result.code, stdout: result.stdout.toString('utf8').trim() };
  }

  /** Top level, shallowness and current branch in one process. */
  async checkout(): Promise<Checkout> {
    const { stdout } = await this.run([
      'rev-parse',
      '--show-toplevel',
      '--is-shallow-repository',
      '--symbolic-full-name',
      'HEAD',
    ]);
    const [topLevel = '', shallow, head = ''] = stdout.split('\n');
    return {
      topLevel,
      shallow: shallow === 'true',
      branch: head.startsWith('refs/heads/') ? head.slice('refs/heads/'.length) : undefined,
    };
  }

  async topLevel(): Promise<string> {
    return (await this.run(['rev-parse', '--show-toplevel'])).stdout;
  }

  /** The checked-out branch, or undefined on a detached HEAD. */
  async currentBranch(): Promise<string | undefined> {
    return (await this.checkout()).branch;
  }

  /** Whether `origin` has the branch (ls-remote exits 2 when it does not). */
  async remoteHas(branch: string): Promise<boolean> {
    const { code } = await this.run(
      ['ls-remote', '--exit-code', '--heads', 'origin', `refs/heads/${branch}`],
      [0, 2],
    );
    return code === 0;
  }

  /**
   * Fetches one branch into refs/remotes/origin/<branch>: no tags, no FETCH_HEAD, no submodules. `shallow`
   * fetches the tip alone, for a checkout that is shallow already (actions/checkout's default); a full clone
   * is never made shallow.
   */
  async fetch(branch: string, shallow = false): Promise<void> {
    await this.run([
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-write-fetch-head',
      '--no-recurse-submodules',
      ...(shallow ? ['--depth=1'] : []),
      'origin',
      `+refs/heads/${branch}:refs/remotes/origin/${branch}`,
    ]);
  }

  /** Fetches one branch and returns its tip. */
  async fetchTip(branch: string): Promise<string> {
    await this.fetch(branch);
    return this.revParse(`refs/remotes/origin/${branch}`);
  }

  async revParse(ref: string): Promise<string> {
    return (await this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).stdout;
  }

  /**
   * Reads, in one `git cat-file --batch`, the commit `ref` points at, the entries of `dir` (relative to the top
   * level, '' for the root) in it, and the files `names` of that directory. Undefined when `ref` does not exist.
   */
  async snapshot(ref: string, dir: string, names: readonly string[]): Promise<Snapshot | undefined> {
    const prefix = dir === '' ? '' : `${dir}/`;
    const queries = [ref, `${ref}:${dir}`, ...names.map((name) => `${ref}:${prefix}${name}`)];
    const args = CAT_FILE;
    const result = await this.take(args)(`${queries.join('\n')}\n`);
    if (result.code !== 0) throw new GitError(args, result.stderr);
    const objects = parseBatch(result.stdout, queries.length);
    const [commit, tree, ...blobs] = objects;
    if (commit?.type !== 'commit') return undefined;
    const files = new Map<string, { oid: string; text: string }>();
    blobs.forEach((blob, i) => {
      if (blob?.type === 'blob')
        files.set(names[i] as string, { oid: blob.oid, text: blob.content.toString('utf8') });
    });
    return {
      commit: commit.oid,
      entries: tree?.type === 'tree' ? parseTree(tree.content, tree.oid.length / 2) : undefined,
      files,
    };
  }

  /**
   * Writes one commit on `parent` whose only change is `path` (relative to the top level) set to `text`, without
   * touching the index, the work tree or any ref (one `git fast-import`); returns its SHA.
   */
  async commitFile(
    parent: string,
    path: string,
    mode: string,
    text: string,
    message: string,
  ): Promise<string> {
    // An unquoted path runs to the end of its line; one that needs C-style quoting is not worth supporting.
    if (path.includes('\n') || path.startsWith('"'))
      throw new GitError(['fast-import'], `unsupported path ${path}`);
    const data = (body: string) => `data ${Buffer.byteLength(body)}\n${body}\n`;
    const when = rawNow();
    // The commit is written on a scratch ref that the closing `reset` (without `from`) discards again.
    const scratch = 'refs/gitops-bump/scratch';
    const stream =
      `commit ${scratch}\nmark :1\nauthor ${ident(this.env, 'AUTHOR')} ${when}\n` +
      `committer ${ident(this.env, 'COMMITTER')} ${when}\n${data(message)}from ${parent}\n` +
      `M ${mode} inline ${path}\n${data(text)}\nget-mark :1\nreset ${scratch}\n\ndone\n`;
    const args = FAST_IMPORT;
    const result = await this.take(args)(stream);
    const sha = result.stdout.toString('utf8').trim();
    if (result.code !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) throw new GitError(args, result.stderr);
    return sha;
  }

  /** Points the local branch at `start` and checks it out; local changes to other files are carried along. */
  async checkoutAt(branch: string, start: string): Promise<void> {
    await this.run(['checkout', '--quiet', '-B', branch, start]);
  }

  /** A file's content at a commit; `path` relative to the top level. */
  async show(commit: string, path: string): Promise<string> {
    return (await this.run(['show', `${commit}:${path}`])).stdout;
  }

  /**
   * Merges `ref` into HEAD (a merge commit when needed). Conflicting hunks take `ref`'s side: callers re-apply
   * their own edit afterwards. Any conflict left (e.g. a deleted file) aborts the merge and throws.
   */
  async merge(ref: string, message: string): Promise<void> {
    try {
      await this.run([
        ...this.identity(),
        'merge',
        '--quiet',
        '--no-edit',
        '--no-verify',
        '-X',
        'theirs',
        '-m',
        message,
        ref,
      ]);
    } catch (error) {
      await this.run(['merge', '--abort'], [0, 128]);
      throw error;
    }
  }

  /** Whether `file` differs from HEAD in the index or the work tree (uncommitted local changes). */
  async isModified(file: string): Promise<boolean> {
    const { stdout } = await this.run(['status', '--porcelain', '--untracked-files=no', '--', file]);
    return stdout !== '';
  }

  /** Commits exactly `file` (other staged or modified files stay out of the commit); returns the new SHA. */
  async commitWorkTreeFile(file: string, message: string): Promise<string> {
    // `--only -- file` commits the work-tree content of that tracked file itself: no `git add` needed.
    await this.run([
      ...this.identity(),
      'commit',
      '--quiet',
      '--no-verify',
      '-m',
      message,
      '--only',
      '--',
      file,
    ]);
    return this.revParse('HEAD');
  }

  /**
   * Pushes `commit` to origin's `branch` as a fast-forward (never forced). Decides from git's own status line
   * for the ref (`--porcelain`): RemoteMovedError when the remote moved meanwhile, GitError (quoting git) for
   * anything else: credentials, protected branches, hooks.
   */
  async push(commit: string, branch: string): Promise<void> {
    const ref = `refs/heads/${branch}`;
    const args = ['push', '--porcelain', '--no-verify', 'origin', `${commit}:${ref}`];
    const result = await this.exec(args);
    const stdout = result.stdout.toString('utf8');
    const status = stdout
      .split('\n')
      .map((line) => line.split('\t'))
      .find((fields) => fields.length >= 3 && fields[1] === `${commit}:${ref}`);
    const output = `${result.stderr}\n${stdout}`;
    if (result.code === 0 && status !== undefined && status[0] !== '!') return;
    throw status?.[0] === '!' && MOVED_STATUS.test(status.slice(2).join('\t'))
      ? new RemoteMovedError(args, output)
      : new GitError(args, output);
  }

  private exec(args: readonly string[], input?: string): Promise<Result> {
    return this.start(args)(input ?? '');
  }

  /** The process warmUp started for `args`, or a new one. */
  private take(args: readonly string[]): Started {
    const started = this.spare.get(args);
    this.spare.delete(args);
    return started ?? this.start(args);
  }

  private start(args: readonly string[]): Started {
    const child = spawn('git', ['-c', 'maintenance.auto=false', '-c', 'gc.auto=0', ...args], {
      cwd: this.cwd,
      env: { ...this.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    const result = new Promise<Result>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 128, stdout: Buffer.concat(out), stderr: err }));
    });
    // A spare process that fails to start is reported when it is used, not as an unhandled rejection.
    result.catch(() => {});
    // A git that exits early (bad ref) closes stdin; the close handler reports it.
    child.stdin.on('error', () => {});
    return (input) => {
      child.stdin.end(input);
      return result;
    };
  }

  /** Author and committer default to the Actions bot; GIT_AUTHOR_* / GIT_COMMITTER_* in the env still win. */
  private identity(): string[] {
    return ['-c', `user.name=${BOT_NAME}`, '-c', `user.email=${BOT_EMAIL}`];
  }
}
