// `scripts/images/local-base.sh` from TypeScript: builds the local Node.js base, pushes it to
// `registryHost` and returns the reference pinned by digest (and what the script said about sizes).
// `build: true` makes the Dockerfile's build-stage image instead (shell, npm).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const LOCAL_BASE_SCRIPT = fileURLToPath(new URL('./local-base.sh', import.meta.url));
const NODE_VERSION_FILE = fileURLToPath(new URL('../../.node-version', import.meta.url));

/** The Node.js version `.node-version` pins, e.g. `24.22.3`: the base holds that node, whatever runs this. */
export function pinnedNodeVersion(): string {
  return readFileSync(NODE_VERSION_FILE, 'utf8').trim();
}

export interface LocalBase {
  /** `host:port/base/node@sha256:…` */
  readonly reference: string;
  /** The script's size line, e.g. `local-base: node v24…, 104 MB uncompressed, 40 MB compressed layer`. */
  readonly summary: string;
}

export function buildLocalBase(
  registryHost: string,
  options: { build?: boolean; repository?: string } = {},
): Promise<LocalBase> {
  return new Promise((resolve, reject) => {
    const args = [
      ...(options.build ? ['--build'] : []),
      registryHost,
      ...(options.repository ? [options.repository] : []),
    ];
    execFile('bash', [LOCAL_BASE_SCRIPT, ...args], (error, stdout, stderr) => {
      const reference = stdout.trim().split('\n').pop() ?? '';
      if (error || !/@sha256:[0-9a-f]{64}$/.test(reference)) {
        reject(new Error(`local-base.sh ${registryHost} failed: ${stderr.trim() || error?.message}`));
        return;
      }
      resolve({ reference, summary: stderr.trim().split('\n').pop() ?? '' });
    });
  });
}
