// src/main.ts: the process entry (and the esbuild bundle's), the same for every service: inventory's and
// pricing's are this file for their names (services/test/template.test.ts holds them to it).
import type { Identifiers } from './spec.js';

export function mainTs({ name, pascal }: Identifiers): string {
  return `// The process entry (and the esbuild bundle's): the services' one entry shape (services/lib/src/process.ts).
import { runServiceProcess } from '../../lib/src/process.js';
import { load${pascal}Config } from './config.js';
import { start${pascal} } from './service.js';

await runServiceProcess(
  '${name}',
  () => load${pascal}Config(),
  (config) => start${pascal}(config),
);
`;
}
