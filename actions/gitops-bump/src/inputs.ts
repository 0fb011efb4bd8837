// Every input parsed and validated once, before any git command or API call.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import { booleanInput, InputError, type InputReader, parseInteger, runnerInputs } from '../../lib/inputs.js';
import { type ImagePin, parseImages } from './images.js';

export type Mode = 'push' | 'pull-request';

/** The action's settings, validated. */
export interface Settings {
  /** The Kustomize directory, absolute and resolved (inside the workspace). */
  readonly dir: string;
  /** The `path` input as given, normalised with forward slashes (for messages, branch names, defaults). */
  readonly path: string;
  readonly images: readonly ImagePin[];
  /** @defaultValue 'push' */
  readonly mode: Mode;
  /** Target branch; undefined means the checkout's current branch. */
  readonly branch: string | undefined;
  /** @defaultValue `chore(gitops): bump <names> in <path>` */
  readonly commitMessage: string;
  readonly token: string | undefined;
  /** @defaultValue 5 */
  readonly maxAttempts: number;
  /** Never replace a digest with one built from an older commit (push mode). @defaultValue false */
  readonly onlyNewer: boolean;
  /** For reading the images' labels (only-newer); anonymous when absent. */
  readonly registry: { readonly username: string; readonly password: string } | undefined;
}

/** The one input reader type of the actions (actions/lib/inputs.ts). */
export type { InputReader };

// A branch name `git check-ref-format --branch` accepts, minus the exotic parts; nothing a shell or a
// refspec could read as more than a name.
// A plain RegExp, not a zod schema: zod costs ~30 ms of CPU at every start of the bundle for this one check.
const BRANCH =
  /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)(?!.*\.lock(?:\/|$))(?!.*(?:^|\/)\.)[A-Za-z0-9._/-]+(?<![./])$/;

/** The Kustomize directory: relative to the workspace and, after resolving symlinks, still inside it. */
export function resolveDir(raw: string, workspace: string): { dir: string; path: string } {
  const expected = 'a directory relative to the workspace that stays inside it';
  if (raw === '') throw new InputError('path', expected);
  if (isAbsolute(raw) || raw.includes('\0')) throw new InputError('path', expected, raw);
  const root = realpathSync(workspace);
  const target = resolve(root, raw);
  if (!existsSync(target) || !statSync(target).isDirectory())
    throw new InputError('path', `${expected} (no such directory)`, raw);
  const dir = realpathSync(target);
  const inside = relative(root, dir);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    throw new InputError('path', expected, raw);
  return { dir, path: inside === '' ? '.' : inside.split(sep).join('/') };
}

export function defaultCommitMessage(images: readonly ImagePin[], path: string): string {
  return `chore(gitops): bump ${images.map((image) => image.name).join(', ')} in ${path}`;
}

/** Parses all inputs; throws InputError naming the first bad one. `token` is masked as soon as it is read. */
export function readSettings(
  input: InputReader = runnerInputs,
  workspace = process.env.GITHUB_WORKSPACE ?? process.cwd(),
): Settings {
  const token = input('token') || undefined;
  if (token !== undefined) core.setSecret(token);

  const { dir, path } = resolveDir(input('path'), workspace);
  const images = parseImages(input('images'));

  const rawMode = input('mode') || 'push';
  if (rawMode !== 'push' && rawMode !== 'pull-request')
    throw new InputError('mode', "'push' or 'pull-request'", rawMode);

  const rawBranch = input('branch');
  if (rawBranch !== '' && !BRANCH.test(rawBranch)) {
    throw new InputError(
      'branch',
      'a branch name such as main or release/1.2 (letters, digits, . _ / -)',
      rawBranch,
    );
  }
  if (rawMode === 'pull-request' && token === undefined) {
    throw new InputError(
      'token',
      'a GitHub token with contents: write and pull-requests: write in pull-request mode',
    );
  }
  const commitMessage = input('commit-message') || defaultCommitMessage(images, path);

  const onlyNewer = booleanInput(input, 'only-newer', false);
  if (onlyNewer && rawMode !== 'push')
    throw new InputError(
      'only-newer',
      "false in pull-request mode (a pull request is reviewed, and may roll back on purpose); true needs mode 'push'",
      'true',
    );
  const password = input('registry-password');
  if (password !== '') core.setSecret(password);
  const username = input('registry-username');
  if ((username === '') !== (password === ''))
    throw new InputError('registry-username', "given together with 'registry-password', or neither");

  return {
    dir,
    path,
    images,
    mode: rawMode,
    branch: rawBranch || undefined,
    commitMessage,
    token,
    maxAttempts: parseInteger('max-attempts', input('max-attempts'), 5, 1, 20),
    onlyNewer,
    registry: password === '' ? undefined : { username, password },
  };
}
