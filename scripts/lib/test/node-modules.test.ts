// node_modules for a checkout: the root's and each workspace's own, as hard links (npm nests a package
// in a workspace's node_modules at times: a checkout with the root's alone misses it).
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { linkNodeModules, nodeModulesFolders } from '../node-modules.js';

const dir = mkdtempSync(join(tmpdir(), 'node-modules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (path: string, text = '') => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

describe('linkNodeModules', () => {
  it("links the root's and every workspace's node_modules, replacing what was there", () => {
    const from = join(dir, 'repo');
    const to = join(dir, 'checkout');
    write(join(from, 'package.json'), JSON.stringify({ workspaces: ['tools', 'services/*'] }));
    write(join(from, 'node_modules', 'vite', 'index.js'), 'vite');
    write(join(from, 'services', 'web', 'node_modules', '@vitejs', 'plugin-react', 'index.js'), 'plugin');
    write(join(from, 'services', 'api', 'package.json'), '{}');
    write(join(from, 'services', 'gone', 'node_modules', 'x', 'index.js'), 'x');
    write(join(to, 'services', 'web', 'package.json'), '{}');
    write(join(to, 'services', 'web', 'node_modules', 'stale', 'index.js'), 'stale');
    write(join(to, 'services', 'api', 'package.json'), '{}');

    expect(nodeModulesFolders(from)).toEqual([
      'node_modules',
      'services/gone/node_modules',
      'services/web/node_modules',
    ]);
    linkNodeModules(from, to);
    const plugin = join('services', 'web', 'node_modules', '@vitejs', 'plugin-react', 'index.js');
    expect(statSync(join(to, plugin)).ino).toBe(statSync(join(from, plugin)).ino);
    expect(statSync(join(to, 'node_modules', 'vite', 'index.js')).ino).toBe(
      statSync(join(from, 'node_modules', 'vite', 'index.js')).ino,
    );
    expect(existsSync(join(to, 'services', 'web', 'node_modules', 'stale'))).toBe(false);
    // A workspace the checkout does not have gets nothing.
    expect(existsSync(join(to, 'services', 'gone'))).toBe(false);
  });
});
