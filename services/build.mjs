// Bundles a service's entry into one ESM file for its container image, with what its declaration ships
// beside it, with image-publish's own bundling (one place for the esbuild options).
// Usage: node services/build.mjs <service> [--outdir DIR]   (any folder services/<service> with a score.yaml;
// default DIR services/<service>/dist). First, when the service's package.json has a `build` script, it
// runs it (`npm run build` in the folder: a web front end's build writes the files it ships), as every
// builder does. Produces DIR/main.js (+ main.js.map) and the paths its score.yaml `metadata.x-build` lists
// (`entry`, `include`: migrations, a web front end's files), which the service finds beside its bundle.
// npm test validates every declaration (services/lib/catalogue); this reads only x-build and the service's
// package.json, so it needs nothing of the repository but the service's folder and the installed packages.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { bundleNodeService } from '../actions/image-publish/src/bundle/node-bundle.ts';

const here = dirname(fileURLToPath(import.meta.url));

const { values, positionals } = parseArgs({
  options: { outdir: { type: 'string' } },
  allowPositionals: true,
});
const [service] = positionals;
if (positionals.length !== 1 || !/^[a-z0-9][a-z0-9._-]*$/.test(service)) {
  console.error('usage: node services/build.mjs <service> [--outdir DIR]');
  process.exit(2);
}
const serviceDir = join(here, service);
const declaration = join(serviceDir, 'score.yaml');
if (!existsSync(declaration)) {
  console.error(`services/build.mjs: services/${service}/score.yaml does not exist`);
  process.exit(2);
}
const build = parse(readFileSync(declaration, 'utf8'))?.metadata?.['x-build'];
if (typeof build?.entry !== 'string' || !Array.isArray(build.include)) {
  console.error(
    `services/build.mjs: services/${service}/score.yaml has no metadata.x-build {entry, include}`,
  );
  process.exit(2);
}
const outdir = resolve(values.outdir ?? join(serviceDir, 'dist'));

const manifest = join(serviceDir, 'package.json');
const scripts = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).scripts : undefined;
if (typeof scripts?.build === 'string') {
  // Its output on stderr: stdout stays the bundle's (nothing today, but a caller may read it).
  const built = spawnSync('npm', ['run', 'build'], { cwd: serviceDir, stdio: ['ignore', 2, 2] });
  if (built.status !== 0) {
    console.error(
      `services/build.mjs: \`npm run build\` in services/${service} failed (${built.error?.message ?? `exit ${built.status}`})`,
    );
    process.exit(1);
  }
}

await bundleNodeService({ workingDirectory: serviceDir, entry: build.entry, include: build.include, outdir });
