// Bundles a service's src/main.ts into one ESM file for its container image, migrations beside it.
// Usage: node services/build.mjs <inventory|pricing> [--outdir DIR]   (default services/<service>/dist)
// Produces DIR/main.js (+ main.js.map) and DIR/migrations/, which the service finds beside its bundle.
import { cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const SERVICES = ['inventory', 'pricing'];
const here = dirname(fileURLToPath(import.meta.url));

const { values, positionals } = parseArgs({
  options: { outdir: { type: 'string' } },
  allowPositionals: true,
});
const [service] = positionals;
if (positionals.length !== 1 || !SERVICES.includes(service)) {
  console.error(`usage: node services/build.mjs <${SERVICES.join('|')}> [--outdir DIR]`);
  process.exit(2);
}
const serviceDir = join(here, service);
const outdir = resolve(values.outdir ?? join(serviceDir, 'dist'));

await mkdir(outdir, { recursive: true });
await build({
  entryPoints: [join(serviceDir, 'src', 'main.ts')],
  outfile: join(outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  // pg loads its optional native binding (not installed) only when asked to; we use the pure-JS client.
  external: ['pg-native'],
  // Bundled CommonJS dependencies (express, pg) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
// A fresh copy: a migration removed from the source must not linger in a reused outdir.
await rm(join(outdir, 'migrations'), { recursive: true, force: true });
await cp(join(serviceDir, 'migrations'), join(outdir, 'migrations'), { recursive: true });
