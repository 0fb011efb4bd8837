// (tests only) Certificates made with openssl, one of the tools the tests drive: a fresh P-256 key and a
// one-day self-signed certificate (for TLS stand-ins and token signers, or as a test's own CA), and a server
// certificate such a CA signs: what `sslmode=verify-full` checks (chain to a trusted CA, host name in the SAN).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface KeyAndCertificate {
  readonly keyPath: string;
  readonly certPath: string;
}

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

/**
 * Writes `<name>-key.pem` and `<name>-cert.pem` into `dir` for subject `/CN=<commonName>`; with `ca`, the
 * certificate may sign others (basicConstraints CA, keyCertSign).
 */
export function selfSignedCertificate(
  dir: string,
  name: string,
  commonName: string,
  options: { subjectAltName?: string; ca?: boolean } = {},
): KeyAndCertificate {
  const keyPath = join(dir, `${name}-key.pem`);
  const certPath = join(dir, `${name}-cert.pem`);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${commonName}`,
    ...(options.subjectAltName ? ['-addext', `subjectAltName=${options.subjectAltName}`] : []),
    ...(options.ca
      ? ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']
      : []),
    '-keyout',
    keyPath,
    '-out',
    certPath,
  ]);
  return { keyPath, certPath };
}

/** A one-day server certificate for `dnsName` signed by `ca`, `<name>-key.pem` and `<name>.pem` in `dir`. */
export function issueServerCertificate(
  ca: KeyAndCertificate,
  dir: string,
  name: string,
  dnsName: string,
): KeyAndCertificate {
  const keyPath = join(dir, `${name}-key.pem`);
  const certPath = join(dir, `${name}.pem`);
  const csrPath = join(dir, `${name}.csr`);
  const extPath = join(dir, `${name}.ext`);
  openssl([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    `/CN=${dnsName}`,
    '-keyout',
    keyPath,
    '-out',
    csrPath,
  ]);
  execFileSync('sh', [
    '-c',
    `printf 'subjectAltName=DNS:${dnsName}\\nextendedKeyUsage=serverAuth\\n' > "$1"`,
    'sh',
    extPath,
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    csrPath,
    '-CA',
    ca.certPath,
    '-CAkey',
    ca.keyPath,
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    extPath,
    '-out',
    certPath,
  ]);
  return { keyPath, certPath };
}
