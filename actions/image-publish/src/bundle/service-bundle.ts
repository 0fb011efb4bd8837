// The service's files for its layer: bundleNodeService (esbuild: main.js + source map, then the included
// files) into a fresh folder, placed under /app.
// The folder is <working-directory>/node_modules/.cache/image-bundle-XXXXXX: at a fixed depth in the
// service's folder, so the source map's relative paths are the same in every checkout (its own name never
// appears in the output), and where git, Biome and .dockerignore already look away should a killed build
// leave it.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LayerFile } from './layer.js';
import { BUNDLE_MAIN, bundleNodeService } from './node-bundle.js';

/** Where the bundle lives in the image (the working directory). */
export const APP_DIR = 'app';

/** What to bundle: the service's folder (absolute), its entry file and the files shipped beside it. */
export interface ServiceSource {
  readonly workingDirectory: string;
  readonly entry: string;
  readonly include: readonly string[];
}

/** Regular files only: a link or device in an included folder could carry anything into the image. */
function listFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  const odd = entries.find((entry) => !entry.isFile() && !entry.isDirectory());
  if (odd !== undefined) {
    const path = relative(dir, join(odd.parentPath, odd.name));
    throw new Error(
      `include holds '${path}', which is not a regular file or folder (a link?): copy the file itself`,
    );
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Bundles the service and returns its output as layer files under `app/`. */
export async function bundleService(source: ServiceSource): Promise<LayerFile[]> {
  const cache = join(source.workingDirectory, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'image-bundle-'));
  try {
    try {
      await bundleNodeService({ ...source, outdir });
    } catch (error) {
      throw new Error(
        `bundling ${source.entry} in ${source.workingDirectory} failed: ${(error as Error).message}`,
      );
    }
    return listFiles(outdir).map((path) => ({
      path: `${APP_DIR}/${relative(outdir, path).split('\\').join('/')}`,
      content: readFileSync(path),
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The history line of the service's layer: what was bundled, with no path of the build machine. */
export function bundleCreatedBy(source: Pick<ServiceSource, 'entry' | 'include'>): string {
  const extra = source.include.length > 0 ? ` + ${source.include.join(', ')}` : '';
  return `image-publish bundle: esbuild ${source.entry} -> ${BUNDLE_MAIN}${extra}`;
}
