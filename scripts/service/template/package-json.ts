// package.json: the workspace @delivery/<name> (root package.json's `services/*`), with the packages its
// own code imports; services/lib's come with the lib. The versions are the ones the lock already holds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queueOf, type ServiceSpec } from './spec.js';

/** The dependency ranges inventory and pricing declare, so the lock needs no new resolution. */
function rangesOf(root: string): Record<string, string> {
  const lib = JSON.parse(readFileSync(join(root, 'services', 'lib', 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  return lib.dependencies;
}

export function packageJson(spec: ServiceSpec, root: string): string {
  const ranges = rangesOf(root);
  const names = [
    ...(queueOf(spec) !== undefined ? ['@aws-sdk/client-sqs'] : []),
    'express',
    ...(spec.database ? ['pg'] : []),
    ...(spec.kind === 'web' ? [] : ['zod']),
  ];
  const dependencies = Object.fromEntries(
    names.map((name) => {
      const range = ranges[name];
      if (range === undefined)
        throw new Error(`services/lib/package.json has no ${name}: the template needs it`);
      return [name, range];
    }),
  );
  const manifest = {
    name: `@delivery/${spec.name}`,
    private: true,
    type: 'module',
    engines: { node: '>=24' },
    dependencies,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
