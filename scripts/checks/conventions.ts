// The rule every checker's registry keeps, checked by each checker's tests alike: a check lives in
// `<dir>/<id>.ts`, has its test in `<dir>/test/<id>.test.ts`, and a line of the README names its id.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check } from './check.js';

/** What breaks the convention, one line each; empty when the registry keeps it. */
export function conventionProblems(
  checks: readonly Check<never>[],
  options: { readonly dir: string; readonly readme: string },
): string[] {
  const readme = readFileSync(options.readme, 'utf8');
  const problems: string[] = [];
  for (const { id } of checks) {
    if (!existsSync(join(options.dir, `${id}.ts`))) problems.push(`${id}: no ${id}.ts in ${options.dir}`);
    if (!existsSync(join(options.dir, 'test', `${id}.test.ts`)))
      problems.push(`${id}: no test/${id}.test.ts in ${options.dir}`);
    if (!readme.includes(`\`${id}\``)) problems.push(`${id}: ${options.readme} has no line naming \`${id}\``);
  }
  return problems;
}
