// DATABASE_URL's TLS parameters become pool options, and the start line says which CAs are trusted,
// warning when the shipped RDS bundle has no root for the region.
import { describe, expect, it } from '@jest/globals';
import { logDatabaseTls, poolConnection, requiresVerifiedTls } from '../src/db-tls.js';
import { createLogger } from '../src/logger.js';
import { rdsCaBundle } from '../tls/rds-ca-bundle.mjs';

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
  const linesFor = (region: string, source: 'bundled' | 'DATABASE_CA_FILE') => {
    const lines: Array<{ level: number; msg: string; certificates?: number }> = [];
    const logger = createLogger({
      name: 't',
      destination: { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
    });
    logDatabaseTls(
      { file: '/app/rds-ca-bundle.pem', pem: rdsCaBundle(), source },
      'postgres://h/db?sslmode=verify-full',
      region,
      logger,
    );
    return lines;
  };

  it('names the CA file and count; warns only for a region the shipped bundle lacks', () => {
    const covered = linesFor('eu-west-1', 'bundled');
    expect(covered).toEqual([
      expect.objectContaining({ msg: 'database TLS: verify-full', certificates: 115 }),
    ]);
    const lacking = linesFor('ca-west-1', 'bundled');
    expect(lacking[1]?.msg).toMatch(/holds no root for ca-west-1: .*DATABASE_CA_FILE/);
    // An operator's own file is theirs to choose: no guess about regions.
    expect(linesFor('ca-west-1', 'DATABASE_CA_FILE')).toHaveLength(1);
  });
});
