// node_modules as `npm ci` leaves it, hard-linked from this repository's (the same files, made in seconds):
// the root's and each workspace's own. npm nests a package in a workspace's node_modules when it places it
// there rather than at the root (the storefront's @vitejs/plugin-react), so the root's alone is not enough.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The node_modules folders of `root`, relative to it: its own, then each workspace's that has one. */
export function nodeModulesFolders(root: string): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const folders = ['node_modules'];
  for (const pattern of manifest.workspaces ?? []) {
    const parent = pattern.endsWith('/*') ? pattern.slice(0, -2) : undefined;
    const dirs = parent
      ? readdirSync(join(root, parent), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${parent}/${entry.name}`)
      : [pattern];
    for (const dir of dirs)
      if (existsSync(join(root, dir, 'node_modules'))) folders.push(`${dir}/node_modules`);
  }
  return folders;
}

/**
 * Replaces every node_modules folder of the checkout `to` with hard links to `from`'s (a workspace the
 * checkout does not have is left out).
 */
export function linkNodeModules(from: string, to: string): void {
  for (const folder of nodeModulesFolders(from)) {
    if (!existsSync(join(to, folder, '..'))) continue;
    rmSync(join(to, folder), { recursive: true, force: true });
    execFileSync('cp', ['-al', join(from, folder), join(to, folder)]);
  }
}
