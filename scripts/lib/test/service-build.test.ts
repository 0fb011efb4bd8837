// npm start's build step (scripts/lib/service-build.ts) on a scratch workspace whose web service's build
// script writes public/ and counts its runs: it builds when the output is missing or older than the
// service's files, not otherwise; two stacks starting together build once; a failed build says why.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { exampleDeclaration } from '../scratch-repository.js';
import { buildIsFresh, buildServiceIfStale } from '../service-build.js';

const root = mkdtempSync(join(tmpdir(), 'service-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A workspace with one web service whose build script is `script` (none when undefined). */
function workspace(script: string | undefined) {
  rmSync(join(root, 'services'), { recursive: true, force: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, workspaces: ['services/*'] }),
  );
  const dir = join(root, 'services', 'web');
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, 'src', 'main.ts'), 'export {};\n');
  writeFileSync(join(dir, 'app', 'page.html'), '<p>hello</p>\n');
  writeFileSync(
    join(dir, 'build.mjs'),
    [
      "import { appendFileSync, cpSync, mkdirSync } from 'node:fs';",
      "appendFileSync('runs', 'x');",
      'await new Promise((resolve) => setTimeout(resolve, 300));',
      "mkdirSync('public', { recursive: true });",
      "cpSync('app/page.html', 'public/index.html');",
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'web',
      private: true,
      type: 'module',
      ...(script ? { scripts: { build: script } } : {}),
    }),
  );
  const declaration = parse(exampleDeclaration('web', { kind: 'web', port: 8099, routes: ['/'] }));
  declaration.metadata['x-build'].include = ['public'];
  writeFileSync(join(dir, 'score.yaml'), stringify(declaration));
  const runs = () => {
    try {
      return readFileSync(join(dir, 'runs'), 'utf8').length;
    } catch {
      return 0;
    }
  };
  return { dir, runs, service: () => loadCatalogue(root).get('web') };
}

describe('buildServiceIfStale', () => {
  it('builds a missing output, then not while it is fresh, then again once a source is newer', async () => {
    const { dir, runs, service } = workspace('node build.mjs');
    expect(buildIsFresh(service(), root)).toBe(false);
    expect(await buildServiceIfStale(service(), root)).toBe('built');
    expect(readFileSync(join(dir, 'public', 'index.html'), 'utf8')).toBe('<p>hello</p>\n');
    expect(await buildServiceIfStale(service(), root)).toBe('fresh');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'app', 'page.html'), later, later);
    expect(await buildServiceIfStale(service(), root)).toBe('built');
    expect(runs()).toBe(2);
  });

  it('two at once build once: the second waits for the first and finds it fresh', async () => {
    const { runs, service } = workspace('node build.mjs');
    const outcomes = await Promise.all([
      buildServiceIfStale(service(), root),
      buildServiceIfStale(service(), root),
    ]);
    expect(outcomes.sort()).toEqual(['built', 'fresh']);
    expect(runs()).toBe(1);
  });

  it('does nothing for a service without a build script', async () => {
    const { dir, service } = workspace(undefined);
    mkdirSync(join(dir, 'public'));
    expect(await buildServiceIfStale(service(), root)).toBe('none');
  });

  it('rejects with the end of the output when the build fails', async () => {
    const { service } = workspace('node -e "console.error(\'no such page\'); process.exit(3)"');
    await expect(buildServiceIfStale(service(), root)).rejects.toThrow(
      /web: `npm run build --workspace services\/web` exited 3:[\s\S]*no such page/,
    );
  });
});
