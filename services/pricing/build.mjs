// Bundles pricing into one ESM file for the container: `node services/pricing/build.mjs [outfile]`.
// Everything is inlined, so the runtime image holds only the bundle and the SQL migrations.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export async function bundlePricing(outfile = fileURLToPath(new URL('./dist/main.js', import.meta.url))) {
  await build({
    entryPoints: [fileURLToPath(new URL('./src/main.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    legalComments: 'none',
    // pg loads its optional native binding only on demand; we use the pure-JS client.
    external: ['pg-native'],
    // CommonJS dependencies (express, pg) call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundlePricing(process.argv[2]);
