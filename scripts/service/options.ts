// `npm run new:service` arguments → a validated ServiceSpec, or every problem at once. Nothing here writes:
// a refusal leaves the repository as it was.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import {
  type NameContext,
  queueIdProblems,
  schemaOf,
  schemaProblems,
  serviceNameProblems,
} from '../../services/lib/catalogue/names.js';
import { KINDS, type Kind } from '../../services/lib/catalogue/score-schema.js';
import type { ServiceSpec } from './template/spec.js';

export const USAGE = `usage: npm run new:service -- <name> --kind http-api|queue-worker|web [options]

  --kind http-api       an Express JSON API           [--database] [--sends <queue-id>]
  --kind queue-worker   a consumer with a read API    --receives <queue-id> [--database]
  --kind web            a static front end's server
  --database            its own PostgreSQL schema (the name, - as _) with a first migration
  --sends <queue-id>    sends to that FIFO queue (a new id or one another service names)
  --receives <queue-id> consumes that FIFO queue
  --port <n>            the port it listens on (default: the next free one after the declared ones)`;

/** The arguments were not usable; `problems` says each, and nothing was written. */
export class ScaffoldRefusal extends Error {
  override name = 'ScaffoldRefusal';
  constructor(readonly problems: readonly string[]) {
    super(`new:service: refused, nothing was written:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Ports the local stack keeps for itself (scripts/stack/start.ts FAUXQS_PORT, PGLITE_PORT, IDP_PORT). */
const STACK_PORTS = new Set([4566, 5433, 8090]);

/** The first port after the highest declared one that no service and no stack server uses. */
export function nextPort(catalogue: Catalogue): number {
  const used = new Set(catalogue.services.map((s) => s.port));
  let port = Math.max(8079, ...used) + 1;
  while (used.has(port) || STACK_PORTS.has(port)) port += 1;
  return port;
}

const KIND_FLAGS: Readonly<Record<Kind, { allowed: readonly string[]; required: readonly string[] }>> = {
  'http-api': { allowed: ['database', 'sends'], required: [] },
  'queue-worker': { allowed: ['database', 'receives'], required: ['receives'] },
  web: { allowed: [], required: [] },
};

/** Whether `services/<name>` already holds something, and what. */
function existing(root: string, name: string, catalogue: Catalogue): string | undefined {
  if (catalogue.names.includes(name)) return `"${name}" is an existing service (services/${name}/score.yaml)`;
  if (existsSync(join(root, 'services', name)))
    return `services/${name} already exists and is not a service (no score.yaml): pick another name`;
  return undefined;
}

/**
 * Parses and checks the command line against the repository's catalogue and name rules.
 * @throws ScaffoldRefusal listing every problem (usage errors included)
 */
export function parseOptions(
  argv: readonly string[],
  catalogue: Catalogue,
  context: NameContext,
): ServiceSpec {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new ScaffoldRefusal([`${(error as Error).message}\n${USAGE}`]);
  }
  const { values, positionals } = parsed;
  const problems: string[] = [];
  const [name = ''] = positionals;
  if (positionals.length !== 1) problems.push(`expected one name, got ${positionals.length}\n${USAGE}`);
  else {
    problems.push(...serviceNameProblems(name, context));
    const taken = existing(catalogue.root, name, catalogue);
    if (taken) problems.push(taken);
  }
  const kind = values.kind as Kind | undefined;
  if (kind === undefined || !KINDS.includes(kind)) {
    problems.push(`--kind: expected one of ${KINDS.join(', ')}, got ${kind ?? 'nothing'}`);
    throw new ScaffoldRefusal(problems);
  }
  const given = (['database', 'sends', 'receives'] as const).filter((flag) => values[flag] !== undefined);
  const rules = KIND_FLAGS[kind];
  for (const flag of given)
    if (!rules.allowed.includes(flag))
      problems.push(
        `--${flag} does not go with --kind ${kind}${rules.allowed.length ? ` (it takes ${rules.allowed.map((f) => `--${f}`).join(', ')})` : ''}`,
      );
  for (const flag of rules.required)
    if (!given.includes(flag as (typeof given)[number]))
      problems.push(`--kind ${kind} needs --${flag} <queue-id>: the queue it consumes`);
  for (const flag of ['sends', 'receives'] as const) {
    const id = values[flag];
    if (id !== undefined) problems.push(...queueIdProblems(id, context).map((p) => `--${flag}: ${p}`));
  }
  const receiver = catalogue.services.find((s) =>
    s.queues.some((q) => q.id === values.receives && q.direction === 'receive'),
  );
  if (receiver)
    problems.push(
      `--receives: ${values.receives} is already received by ${receiver.name}; an SQS queue hands each message to one consumer: give it a queue of its own`,
    );
  const database = values.database === true;
  if (database && name) problems.push(...schemaProblems(schemaOf(name)).map((p) => `--database: ${p}`));
  const port = values.port === undefined ? nextPort(catalogue) : Number(values.port);
  if (values.port !== undefined) {
    const taken = catalogue.services.find((s) => s.port === port);
    if (!/^\d+$/.test(values.port) || port < 1024 || port > 65_535)
      problems.push(`--port: expected an integer from 1024 to 65535, got ${values.port}`);
    else if (taken) problems.push(`--port: ${port} is ${taken.name}'s (${taken.file})`);
    else if (STACK_PORTS.has(port)) problems.push(`--port: ${port} is the local stack's (npm start)`);
  }
  if (problems.length > 0) throw new ScaffoldRefusal(problems);
  return { name, kind, port, database, sends: values.sends, receives: values.receives };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: argv.filter((a) => a !== '--'),
    allowPositionals: true,
    strict: true,
    options: {
      kind: { type: 'string' },
      database: { type: 'boolean' },
      sends: { type: 'string' },
      receives: { type: 'string' },
      port: { type: 'string' },
    },
  });
}
