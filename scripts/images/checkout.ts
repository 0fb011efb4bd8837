// A clean checkout of one commit of this repository in another folder, with node_modules of its own
// as `npm ci` would leave it (hard links to this one's, the root's and each workspace's: scripts/lib/node-modules.ts). Builds from it
// do not see uncommitted edits in the working tree, and two of them show what a different folder changes.
// npm rewrites one file of node_modules in place, its hidden lockfile: that one is a copy, so an npm
// command in the checkout (new:service updates the lock) cannot reach this repository's node_modules.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { linkNodeModules } from '../lib/node-modules.js';

/** `git rev-parse HEAD` of `repo`. */
export function headCommit(repo: string): string {
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
}

/** Checks `commit` of `repo` out at `path` (created), detached, with node_modules; returns `path`. */
export function checkoutCommit(repo: string, path: string, commit = headCommit(repo)): string {
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('git', ['clone', '--quiet', '--no-checkout', repo, path]);
  execFileSync('git', ['checkout', '--quiet', '--detach', commit], { cwd: path });
  linkNodeModules(repo, path);
  const hidden = join('node_modules', '.package-lock.json');
  if (existsSync(join(repo, hidden))) {
    rmSync(join(path, hidden));
    copyFileSync(join(repo, hidden), join(path, hidden));
  }
  return path;
}
