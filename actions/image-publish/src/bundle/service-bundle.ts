// The service's files for its layer: `node services/build.mjs <service> --outdir DIR` in the build
// context (esbuild: main.js + source map, and the SQL migrations), placed under /app.
// DIR is a fresh folder under <context>/node_modules/.cache: at a fixed depth in the context, so the
// source map's relative paths are the same in every checkout (its own name never appears in the
// output), and where git, Biome and .dockerignore already look away should a killed build leave it.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LayerFile } from './layer.js';

/** The services the bundle builder knows, with the port each listens on (CONTRACTS "Services"). */
export const SERVICES = { inventory: 8080, pricing: 8081 } as const;
export type ServiceName = keyof typeof SERVICES;

/** Where the bundle lives in the image (the working directory). */
export const APP_DIR = 'app';
/** The bundler script, relative to the context. */
export const BUNDLER = 'services/build.mjs';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Runs the bundler in `context` and returns its output as layer files under `app/`. */
export async function bundleService(
  context: string,
  service: ServiceName,
  node = process.execPath,
): Promise<LayerFile[]> {
  const cache = join(context, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'image-bundle-'));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(node, [BUNDLER, service, '--outdir', outdir], { cwd: context }, (error, _stdout, stderr) =>
        error
          ? reject(
              new Error(`node ${BUNDLER} ${service} failed in ${context}: ${stderr.trim() || error.message}`),
            )
          : resolve(),
      );
    });
    const files = listFiles(outdir).map((path) => ({
      path: `${APP_DIR}/${relative(outdir, path).split('\\').join('/')}`,
      content: readFileSync(path),
    }));
    if (!files.some((file) => file.path === `${APP_DIR}/main.js`)) {
      throw new Error(`node ${BUNDLER} ${service} wrote no main.js`);
    }
    return files;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
