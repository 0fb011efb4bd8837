// Where a service finds the folders it ships beside its bundle (score.yaml `x-build.include`: migrations,
// a web front end's built files), whether it runs as the bundle or from the source tree.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `folder` seen from `moduleUrl` (pass `import.meta.url`): beside the module in the bundle layout
 * (`main.js` + the included folders, as image-publish and services/build.mjs write them), else
 * `../<folder>` from `src/` in the source tree.
 */
export function folderBeside(moduleUrl: string, folder: string): string {
  const bundled = fileURLToPath(new URL(`./${folder}`, moduleUrl));
  return existsSync(bundled) ? bundled : fileURLToPath(new URL(`../${folder}`, moduleUrl));
}
