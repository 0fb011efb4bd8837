// Bundles src/main.ts into one ESM file for the container image; migrations are copied beside it.
// Usage: node services/inventory/build.mjs [--outdir DIR]   (default services/inventory/dist)
// Produces DIR/main.js (+ .map) and DIR/migrations/, which the bundle finds beside itself.
import { cp, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: 'string', default: join(here, 'dist') } } });
const outdir = resolve(values.outdir);

await mkdir(outdir, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile: join(outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  // pg loads pg-native only when asked to; it is not installed.
  external: ['pg-native'],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
await cp(join(here, 'migrations'), join(outdir, 'migrations'), { recursive: true });
