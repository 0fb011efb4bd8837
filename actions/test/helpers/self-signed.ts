// A fresh P-256 key and a one-day self-signed certificate from openssl (one of the tools the tests drive),
// for TLS stand-ins and token signers.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface SelfSigned {
  readonly keyPath: string;
  readonly certPath: string;
}

/** Writes `<name>-key.pem` and `<name>-cert.pem` into `dir` for subject `/CN=<commonName>`. */
export function selfSignedCertificate(
  dir: string,
  name: string,
  commonName: string,
  options: { subjectAltName?: string } = {},
): SelfSigned {
  const keyPath = join(dir, `${name}-key.pem`);
  const certPath = join(dir, `${name}-cert.pem`);
  execFileSync(
    'openssl',
    [
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
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return { keyPath, certPath };
}
