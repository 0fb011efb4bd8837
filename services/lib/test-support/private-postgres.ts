// (tests only) A PostgreSQL cluster of the test's own, on a free port in a temporary folder: the one a
// test may stop, restart or serve with TLS. The machine's shared server on 5432 is never restarted.
// Uses the machine's initdb/pg_ctl (PATH, /usr/local/bin or /usr/lib/postgresql/*/bin); as root, the
// cluster runs as the `postgres` user (PostgreSQL refuses root).
import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes.js';

const run = promisify(execFile);

/** A running private cluster. */
export interface PrivatePostgres {
  port: number;
  /** `postgres://postgres@<host>:<port>/postgres` (trust authentication). */
  url: (host?: string) => string;
  /** Stops the server (fast shutdown: sessions are terminated, as in a failover). */
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** Stops the server for good and removes its folder. */
  destroy: () => Promise<void>;
}

/** The folder of initdb and pg_ctl, or `undefined` when this machine has none. */
export function postgresBinDir(): string | undefined {
  const candidates = [
    '/usr/local/bin',
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort()
          .reverse()
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

/**
 * Whether `suite` can start a private cluster here. Without initdb/pg_ctl it says so and is skipped, or
 * fails under `CI=true`, where a skip would hide a missing install step.
 */
export function canStartPrivatePostgres(suite: string): boolean {
  if (postgresBinDir() !== undefined) return true;
  if (process.env.CI === 'true')
    throw new Error(`${suite}: no initdb/pg_ctl on this machine (CI=true: failing)`);
  console.warn(`SKIPPED ${suite}: no initdb/pg_ctl on this machine`);
  return false;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL tool as the cluster's owner. */
async function asOwner(bin: string, tool: string, args: string[]): Promise<void> {
  if (isRoot()) await run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { timeout: 60_000 });
  else await run(join(bin, tool), args, { timeout: 60_000 });
}

/**
 * Initialises and starts a cluster. With `tls`, the server also offers TLS with that certificate (the
 * client's sslmode decides whether it is used).
 * @throws Error when the machine has no initdb/pg_ctl
 */
export async function startPrivatePostgres(
  options: { tls?: { certPath: string; keyPath: string } } = {},
): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no initdb/pg_ctl on this machine (install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'private-pg-'));
  const data = join(dir, 'data');
  const own = (path: string) => {
    if (isRoot()) {
      const { uid, gid } = ownerIds();
      chownSync(path, uid, gid);
    }
  };
  own(dir);
  await asOwner(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const settings = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'max_connections = 100',
  ];
  if (options.tls) {
    const cert = join(dir, 'server.pem');
    const key = join(dir, 'server-key.pem');
    copyFileSync(options.tls.certPath, cert);
    copyFileSync(options.tls.keyPath, key);
    chmodSync(key, 0o600);
    own(cert);
    own(key);
    settings.push('ssl = on', `ssl_cert_file = '${cert}'`, `ssl_key_file = '${key}'`);
  }
  writeFileSync(join(data, 'postgresql.auto.conf'), `${settings.join('\n')}\n`);
  own(join(data, 'postgresql.auto.conf'));
  const log = join(dir, 'server.log');
  const start = () => asOwner(bin, 'pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', 'start']);
  const stop = () => asOwner(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
  await start();
  return {
    port,
    url: (host = '127.0.0.1') => `postgres://postgres@${host}:${port}/postgres`,
    start,
    stop,
    destroy: async () => {
      await asOwner(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let ids: { uid: number; gid: number } | undefined;
function ownerIds(): { uid: number; gid: number } {
  if (!ids) {
    const fields = execFileSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).split(':');
    ids = { uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  return ids;
}
