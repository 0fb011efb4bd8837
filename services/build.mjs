// Bundles a service's src/main.ts into one ESM file for its container image, migrations beside it,
// with image-publish's own bundling (one place for the esbuild options).
// Usage: node services/build.mjs <service> [--outdir DIR]   (any folder services/<service>; default DIR
// services/<service>/dist). Produces DIR/main.js (+ main.js.map) and DIR/migrations/ when the service has
// one, which the service finds beside its bundle.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleNodeService } from '../actions/image-publish/src/bundle/node-bundle.ts';

const here = dirname(fileURLToPath(import.meta.url));

const { values, positionals } = parseArgs({
  options: { outdir: { type: 'string' } },
  allowPositionals: true,
});
const [service] = positionals;
const entry = 'src/main.ts';
if (positionals.length !== 1 || !/^[a-z0-9][a-z0-9._-]*$/.test(service)) {
  console.error('usage: node services/build.mjs <service> [--outdir DIR]');
  process.exit(2);
}
const serviceDir = join(here, service);
if (!existsSync(join(serviceDir, entry))) {
  console.error(`services/build.mjs: services/${service}/${entry} does not exist`);
  process.exit(2);
}
const outdir = resolve(values.outdir ?? join(serviceDir, 'dist'));

await bundleNodeService({
  workingDirectory: serviceDir,
  entry,
  include: existsSync(join(serviceDir, 'migrations')) ? ['migrations'] : [],
  outdir,
});
