// The git CLI through @actions/exec: argv arrays only (no shell), the C locale so git's messages can be
// classified, and no terminal prompt so a missing credential fails instead of hanging the job.
import { getExecOutput } from '@actions/exec';

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

// Non-fast-forward as the client sees it, and the receiving side losing a race for the ref lock.
const REMOTE_MOVED =
  /\[rejected\][^\n]*\((?:fetch first|non-fast-forward)\)|\[remote rejected\][^\n]*\((?:cannot lock ref|failed to update ref|incorrect old value)|cannot lock ref/;

export class Git {
  constructor(
    /** Any directory inside the work tree. */
    readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Runs git; returns stdout, or throws GitError with git's output. */
  async run(
    args: string[],
    allowedCodes: readonly number[] = [0],
  ): Promise<{ code: number; stdout: string }> {
    const result = await this.exec(args);
    if (!allowedCodes.includes(result.exitCode))
      throw new GitError(args, `${result.stderr}\n${result.stdout}`);
    return { code: result.exitCode, stdout: result.stdout.trim() };
  }

  async topLevel(): Promise<string> {
    return (await this.run(['rev-parse', '--show-toplevel'])).stdout;
  }

  /** The checked-out branch, or undefined on a detached HEAD. */
  async currentBranch(): Promise<string | undefined> {
    const { code, stdout } = await this.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], [0, 1]);
    return code === 0 && stdout !== '' ? stdout : undefined;
  }

  /** Whether `origin` has the branch (ls-remote exits 2 when it does not). */
  async remoteHas(branch: string): Promise<boolean> {
    const { code } = await this.run(
      ['ls-remote', '--exit-code', '--heads', 'origin', `refs/heads/${branch}`],
      [0, 2],
    );
    return code === 0;
  }

  /** Fetches one branch into refs/remotes/origin/<branch>. */
  async fetch(branch: string): Promise<void> {
    await this.run([
      'fetch',
      '--quiet',
      '--no-tags',
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

  /** Commits exactly `file` (other staged or modified files stay out of the commit); returns the new SHA. */
  async commitFile(file: string, message: string): Promise<string> {
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
   * Pushes `commit` to origin's `branch` as a fast-forward (never forced). Throws RemoteMovedError when the
   * remote moved meanwhile, GitError (quoting git) for anything else: credentials, protected branches, hooks.
   */
  async push(commit: string, branch: string): Promise<void> {
    const args = ['push', '--porcelain', '--no-verify', 'origin', `${commit}:refs/heads/${branch}`];
    const result = await this.exec(args);
    if (result.exitCode === 0) return;
    const output = `${result.stderr}\n${result.stdout}`;
    throw REMOTE_MOVED.test(output) ? new RemoteMovedError(args, output) : new GitError(args, output);
  }

  private exec(args: string[]) {
    return getExecOutput('git', args, {
      cwd: this.cwd,
      env: { ...(this.env as Record<string, string>), GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      ignoreReturnCode: true,
      silent: true,
    });
  }

  /** Author and committer default to the Actions bot; GIT_AUTHOR_* / GIT_COMMITTER_* in the env still win. */
  private identity(): string[] {
    return ['-c', `user.name=${BOT_NAME}`, '-c', `user.email=${BOT_EMAIL}`];
  }
}
