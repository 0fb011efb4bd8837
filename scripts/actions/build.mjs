// Bundles each action's src/index.ts into a single ESM dist/index.js that the runner executes.
// Usage: node scripts/actions/build.mjs [--outdir-root DIR] [action ...]
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const actionsDir = join(root, 'actions');

/** Every folder under actions/ with an action.yml and a src/index.ts. */
export function listActions() {
  return readdirSync(actionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(actionsDir, d.name, 'action.yml')))
    .filter((d) => existsSync(join(actionsDir, d.name, 'src', 'index.ts')))
    .map((d) => d.name)
    .sort();
}

// @actions/core imports @actions/http-client (and through it undici, ~770 kB, and tunnel) for
// getIDToken alone. None of the three does anything on import that an action relies on, so they are
// declared free of side effects: esbuild then leaves them out of every bundle that never calls into them,
// which is most of the cold start of an action that does not use the runner's HTTP client.
const SIDE_EFFECT_FREE = /^(?:undici|tunnel|@actions\/http-client)(?:\/.*)?$/;

const sideEffectFree = {
  name: 'side-effect-free',
  setup(build) {
    build.onResolve({ filter: SIDE_EFFECT_FREE }, async (args) => {
      if (args.pluginData?.sideEffectFree) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { sideEffectFree: true },
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, namespace: resolved.namespace, sideEffects: false };
    });
  },
};

/** esbuild options for one action; outfile defaults to the committed dist/index.js. */
export function buildOptions(name, outfile = join(actionsDir, name, 'dist', 'index.js')) {
  return {
    entryPoints: [join(actionsDir, name, 'src', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // Some bundled CommonJS dependencies call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
    legalComments: 'none',
    plugins: [sideEffectFree],
    logLevel: 'warning',
  };
}

export async function buildAction(name, outfile) {
  await build(buildOptions(name, outfile));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  for (const name of names.length > 0 ? names : listActions()) {
    await buildAction(name);
    console.log(`built actions/${name}/dist/index.js`);
  }
}
