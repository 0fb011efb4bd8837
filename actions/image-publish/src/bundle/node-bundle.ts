// How a Node.js service is bundled for its image, in one place: image-publish's bundle builder and
// services/build.mjs (services/Dockerfile, the services' own tests) both call bundleNodeService.
// services/build.mjs imports this file with Node's type stripping, so it stays a leaf: node: built-ins
// and type-only imports, erasable TypeScript only.
import { cp, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

/** The bundle's file name in the output folder (and in the image's working directory). */
export const BUNDLE_MAIN = 'main.js';

/** What any Node.js service needs bundled: paths relative to its folder. */
export interface NodeBundle {
  /** The service's folder: `entry` and `include` are relative to it, and its esbuild runs. */
  readonly workingDirectory: string;
  /** The TypeScript or JavaScript entry file, e.g. `src/main.ts`. */
  readonly entry: string;
  /** Files or folders copied beside the bundle at the same relative path, e.g. `migrations`. */
  readonly include: readonly string[];
  /** Receives `main.js`, `main.js.map` and the included paths. */
  readonly outdir: string;
}

/** esbuild's options: one ESM file for Node 24 (the bases' Node), minified, with a linked source map. */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile: join(outdir, BUNDLE_MAIN),
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
  };
}

type Esbuild = { build(options: BuildOptions): Promise<unknown> };

/**
 * The service's own esbuild (resolved from its folder, as `npx esbuild` would there): the version its
 * lock file pins, and a native binary the action could not carry in its one-file dist.
 */
function serviceEsbuild(workingDirectory: string): Esbuild {
  const require = createRequire(join(resolve(workingDirectory), 'package.json'));
  try {
    return require('esbuild') as Esbuild;
  } catch (error) {
    throw new Error(
      `esbuild is not installed for ${workingDirectory}: the bundle builder runs the service's own esbuild ` +
        `(a devDependency; run npm ci first) (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

/** Bundles `entry` into `outdir`, then copies each `include` beside it (fresh: nothing stale lingers). */
export async function bundleNodeService(bundle: NodeBundle): Promise<void> {
  const esbuild = serviceEsbuild(bundle.workingDirectory);
  await mkdir(bundle.outdir, { recursive: true });
  await esbuild.build(esbuildOptions(join(bundle.workingDirectory, bundle.entry), bundle.outdir));
  for (const path of bundle.include) {
    await rm(join(bundle.outdir, path), { recursive: true, force: true });
    await cp(join(bundle.workingDirectory, path), join(bundle.outdir, path), { recursive: true });
  }
}
