// DATABASE_URL's TLS, in one place for the config check and the pool. The services honour libpq's two
// safe modes only: `sslmode=verify-full` (TLS, the certificate chains to DATABASE_CA_FILE's authorities,
// else to the built-in Amazon RDS ones, and names the host) and no TLS (`sslmode=disable` or none, for loopback and tests). `require`,
// `verify-ca`, `prefer`, `allow` and `no-verify` are refused at start rather than silently read as
// something else (`pg` treats the first three as verify-full and the last as no check at all).
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from './logger.js';
import { RDS_CA_SOURCE, rdsCaBundle } from './rds-ca-bundle.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The SSL parameters `pg` would read from the URL itself; we read them here instead. */
const SSL_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'ssl', 'uselibpqcompat'] as const;

/** Whether `url` asks for `sslmode=verify-full`; throws naming the parameter for any other TLS setting. */
export function requiresVerifiedTls(url: string): boolean {
  const params = new URL(url).searchParams;
  for (const name of ['sslrootcert', 'sslcert', 'sslkey', 'ssl', 'uselibpqcompat'] as const)
    if (params.has(name))
      throw new Error(
        `${name} is not read from the URL: use sslmode=verify-full with DATABASE_CA_FILE for the server's CA`,
      );
  const mode = params.get('sslmode');
  if (mode === null || mode === 'disable') return false;
  if (mode === 'verify-full') return true;
  throw new Error(
    `sslmode=${mode} is not supported: use sslmode=verify-full (certificate and host name checked) or sslmode=disable`,
  );
}

/**
 * The certificates of a CA file, as PEM text.
 * @throws Error saying what is wrong with the file (unreadable, no PEM certificate, a block that does not parse)
 */
export function readCaFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error(`${path} holds no PEM certificate`);
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new Error(`${path}: certificate ${index + 1} of ${blocks.length} does not parse`);
    }
  });
  return blocks.join('\n');
}

/** The CAs `sslmode=verify-full` trusts, and where they came from. */
export interface DatabaseCa {
  pem: string;
  /** DATABASE_CA_FILE's path, or the built-in RDS bundle ({@link rdsCaBundle}) when it is not set. */
  source: { file: string } | { builtIn: typeof RDS_CA_SOURCE };
}

/** DATABASE_CA_FILE's certificates, else the built-in RDS CA bundle (checked against its pinned SHA-256). */
export function databaseCa(file: string | undefined): DatabaseCa {
  return file === undefined
    ? { pem: rdsCaBundle(), source: { builtIn: RDS_CA_SOURCE } }
    : { pem: readCaFile(file), source: { file } };
}

/**
 * One start line saying how the database connection is secured, and a warning when the built-in RDS
 * bundle holds no root for the region: it predates the regions AWS opened since (services/lib/README.md),
 * and a refused certificate there would otherwise only show as `tls_rejected`.
 */
export function logDatabaseTls(
  ca: DatabaseCa | undefined,
  url: string,
  region: string,
  logger: Pick<Logger, 'info' | 'warn'>,
): void {
  if (!requiresVerifiedTls(url)) {
    logger.info({ tls: false }, 'database connection without TLS (no sslmode=verify-full in DATABASE_URL)');
    return;
  }
  if (!ca) return;
  const subjects = (ca.pem.match(PEM_BLOCK) ?? []).map((block) => new X509Certificate(block).subject);
  logger.info(
    {
      tls: 'verify-full',
      ca: 'file' in ca.source ? ca.source.file : `built-in ${ca.source.builtIn}`,
      certificates: subjects.length,
      sha256: createHash('sha256').update(ca.pem).digest('hex'),
    },
    'database TLS: verify-full',
  );
  if ('builtIn' in ca.source && !subjects.some((subject) => subject.includes(`CN=Amazon RDS ${region} `)))
    logger.warn(
      { region },
      `the built-in RDS CA bundle holds no root for ${region}: if the database is there, set DATABASE_CA_FILE to AWS's current global bundle`,
    );
}

/** What `pg.Pool` needs: the URL without its SSL parameters, and the TLS options they stood for. */
export interface PoolConnection {
  connectionString: string;
  /** `false`: no TLS; otherwise verify-full with `ca` (Node's own store when absent). */
  ssl: false | { ca?: string; rejectUnauthorized: true };
}

/**
 * `pg` lets the URL's SSL parameters override an explicit `ssl` object, so they are taken out of the URL
 * and turned into options here. Host-name checking is Node's default `checkServerIdentity`; `pg` sets
 * the SNI name to the host (not for IP addresses, whose certificate must then carry the IP).
 */
export function poolConnection(url: string, caPem: string | undefined): PoolConnection {
  const verify = requiresVerifiedTls(url);
  const parsed = new URL(url);
  for (const name of SSL_PARAMS) parsed.searchParams.delete(name);
  return {
    connectionString: parsed.toString(),
    ssl: verify ? { ...(caPem === undefined ? {} : { ca: caPem }), rejectUnauthorized: true } : false,
  };
}
