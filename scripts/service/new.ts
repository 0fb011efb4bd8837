// `npm run new:service -- <name> --kind http-api|queue-worker|web [--database] [--sends <id>] [--receives <id>]`:
// writes services/<name>/ from the one template (scripts/service/template) and what follows from its
// declaration (lock, CODEOWNERS, derived files, workflows). A refusal (exit 2) writes nothing.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPOSITORY_ROOT } from '../../services/lib/catalogue/catalogue.js';
import { ScaffoldRefusal } from './options.js';
import { type Scaffolded, scaffold } from './scaffold.js';

function report({ spec, files, updated }: Scaffolded, ms: number): string {
  const parts = [
    spec.kind,
    `port ${spec.port}`,
    ...(spec.database ? ['its own PostgreSQL schema'] : []),
    ...(spec.sends ? [`sends to ${spec.sends}`] : []),
    ...(spec.receives ? [`receives from ${spec.receives}`] : []),
  ];
  return [
    `new:service: wrote services/${spec.name} (${parts.join(', ')}) in ${(ms / 1000).toFixed(1)} s`,
    ...files.map((f) => `  ${f}`),
    'and updated:',
    ...updated.map((f) => `  ${f}`),
    '',
    'Next:',
    `  npm test -- services/${spec.name}    its first tests (real HTTP${spec.database ? ', PostgreSQL' : ''}${spec.sends || spec.receives ? ', fauxqs' : ''})`,
    `  npm start                         runs it beside the others on http://127.0.0.1:${spec.port}`,
    `  npm install                       links @delivery/${spec.name} into node_modules (the lock already has it)`,
    `  git add -A && git commit          one commit: the service, its declaration and what follows from it`,
    '',
  ].join('\n');
}

export function main(argv: readonly string[], root: string = REPOSITORY_ROOT): number {
  const started = Date.now();
  try {
    process.stdout.write(report(scaffold(root, argv), Date.now() - started));
    return 0;
  } catch (error) {
    if (!(error instanceof ScaffoldRefusal)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
