// `npm run lock:complete`: records in package-lock.json the platform-specific optional packages that the
// registry this project installs from does not serve (it mirrors only this machine's platform: e.g.
// @biomejs/cli-darwin-arm64 answers 404). npm install leaves them out of the lock, and `npm ci` then refuses
// the lock as out of sync. Each gets an entry with its exact version and the os/cpu/libc its name says,
// so npm skips it on this platform without fetching it. Run it after every `npm install` that changes the lock;
// a test fails while an entry is missing.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OS = [
  'aix',
  'android',
  'darwin',
  'freebsd',
  'linux',
  'netbsd',
  'openbsd',
  'openharmony',
  'sunos',
  'win32',
];
const CPU = ['arm', 'arm64', 'ia32', 'loong64', 'mips64el', 'ppc64', 'riscv64', 's390x', 'x64'];

/** The lock key npm would resolve `name` to from the package at `from` (walking up node_modules). */
function resolveKey(packages, from, name) {
  for (let dir = from; ; ) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[key]) return key;
    if (!dir) return undefined;
    const at = dir.lastIndexOf('/node_modules/');
    dir = at === -1 ? '' : dir.slice(0, at);
  }
}

/** The platform a package name like `@swc/core-linux-arm-gnueabihf` is built for. */
export function platformOf(name) {
  const parts = (name.split('/').pop() ?? '').split('-');
  const os = parts.filter((p) => OS.includes(p));
  const cpu = parts.filter((p) => CPU.includes(p));
  const libc = parts.some((p) => p.startsWith('musl'))
    ? ['musl']
    : parts.some((p) => p === 'gnu' || p.startsWith('gnueabi'))
      ? ['glibc']
      : [];
  return { ...(os.length ? { os } : {}), ...(cpu.length ? { cpu } : {}), ...(libc.length ? { libc } : {}) };
}

/** Optional dependencies that no lock entry resolves, as `[lock key, entry]` to add. */
export function missingOptionalEntries(lock) {
  const packages = lock.packages ?? {};
  const missing = new Map();
  for (const [path, entry] of Object.entries(packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${name}`;
      if (resolveKey(packages, path, name) || missing.has(key)) continue;
      missing.set(key, { version, optional: true, ...(entry.dev ? { dev: true } : {}), ...platformOf(name) });
    }
  }
  return [...missing];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = fileURLToPath(new URL('../../package-lock.json', import.meta.url));
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const missing = missingOptionalEntries(lock);
  for (const [key, entry] of missing) lock.packages[key] = entry;
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`package-lock.json: ${missing.length} platform-specific optional packages recorded`);
}
