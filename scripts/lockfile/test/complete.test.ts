import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { missingOptionalEntries, platformOf } from '../complete.mjs';

const lock = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'package-lock.json'), 'utf8'),
) as {
  packages: Record<string, { version?: string; optional?: boolean; os?: string[]; cpu?: string[] }>;
};

describe('package-lock.json', () => {
  it('records every optional dependency, so npm ci accepts it (fix: npm run lock:complete)', () => {
    expect(missingOptionalEntries(lock).map(([key]) => key)).toEqual([]);
  });

  it('marks the recorded-only packages as optional, exact-version and for another platform than this one', () => {
    const installed = new Set(
      Object.keys(lock.packages).filter((key) => {
        try {
          readFileSync(join(import.meta.dirname, '..', '..', '..', key, 'package.json'));
          return true;
        } catch {
          return false;
        }
      }),
    );
    const recordedOnly = Object.entries(lock.packages).filter(
      ([key, e]) => e.optional && !installed.has(key),
    );
    for (const [key, entry] of recordedOnly) {
      expect([key, /^\d+\.\d+\.\d+/.test(entry.version ?? '')]).toEqual([key, true]);
      const forThisMachine =
        (entry.os ?? [process.platform]).includes(process.platform) &&
        (entry.cpu ?? [process.arch]).includes(process.arch);
      // An entry claiming this platform would make npm ci fetch a package the registry does not serve.
      if (forThisMachine) expect([key, (entry as { libc?: string[] }).libc]).toEqual([key, ['musl']]);
    }
  });
});

describe('platformOf', () => {
  it.each([
    ['@biomejs/cli-darwin-arm64', { os: ['darwin'], cpu: ['arm64'] }],
    ['@biomejs/cli-linux-x64-musl', { os: ['linux'], cpu: ['x64'], libc: ['musl'] }],
    ['@swc/core-linux-arm-gnueabihf', { os: ['linux'], cpu: ['arm'], libc: ['glibc'] }],
    ['@swc/core-win32-ia32-msvc', { os: ['win32'], cpu: ['ia32'] }],
    ['@unrs/resolver-binding-openharmony-arm64', { os: ['openharmony'], cpu: ['arm64'] }],
  ])('reads %s', (name, expected) => expect(platformOf(name)).toEqual(expected));
});
