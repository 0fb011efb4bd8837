// Bundles a service's entry into one ESM file for its container image, with what its declaration ships
// beside it, with image-publish's own bundling (one place for the esbuild options).
// Usage: node services/build.mjs <service> [--outdir DIR]   (any folder services/<service> with a score.yaml;
// default DIR services/<service>/dist). Produces DIR/main.js (+ main.js.map) and the paths its score.yaml
// `metadata.x-build` lists (`entry`, `include`: migrations, a web front end's files), which the service
// finds beside its bundle. npm test validates every declaration (services/lib/catalogue); this reads only
// x-build, so it needs nothing of the repository but the service's folder.
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

await bundleNodeService({ workingDirectory: serviceDir, entry: build.entry, include: build.include, outdir });
