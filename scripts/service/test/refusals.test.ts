// `npm run new:service` refuses what breaks a rule, naming the rule, and writes nothing: each case runs
// against a checkout of this commit and compares its whole tree (every file's bytes) before and after. A
// failure after the service was moved into place (here: a CODEOWNERS without a default owner) puts every
// file back too.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '../../../services/lib/test-support/processes.js';
import { checkoutCommit } from '../../images/checkout.js';
import { main } from '../new.js';
import { ScaffoldRefusal } from '../options.js';
import { scaffold } from '../scaffold.js';

const dir = mkdtempSync(join(tmpdir(), 'new-service-refusals-'));
let root: string;

beforeAll(() => {
  root = checkoutCommit(repoRoot, join(dir, 'repo'));
  // A folder of services/ that is not a service.
  mkdirSync(join(root, 'services', 'notes'));
  writeFileSync(join(root, 'services', 'notes', 'README.md'), 'not a service\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file of the checkout (node_modules and .git aside) with a hash of its bytes. */
function tree(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', '.git'].includes(entry.name)) walk(path);
      } else files[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return files;
}

/** The refusal's message for `argv`, after checking that the tree did not change. */
function refusal(argv: string[]): string {
  const before = tree();
  let message = '';
  try {
    scaffold(root, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(ScaffoldRefusal);
    message = (error as Error).message;
  }
  expect(message).toMatch(/^new:service: refused, nothing was written:\n/);
  expect(tree()).toEqual(before);
  return message;
}

describe('new:service refuses, naming the rule, and writes nothing', () => {
  it.each([
    [['Returns', '--kind', 'http-api'], /"Returns" is not a lower-case DNS label/],
    [['order_book', '--kind', 'http-api'], /"order_book" is not a lower-case DNS label/],
    [['2fa', '--kind', 'http-api'], /"2fa" is not a lower-case DNS label/],
    [['returns-', '--kind', 'http-api'], /"returns-" is not a lower-case DNS label/],
    [['lib', '--kind', 'http-api'], /"lib" is reserved: services\/lib holds the shared library/],
    [['test', '--kind', 'web'], /"test" is reserved: services\/test holds the tests/],
    [['workload', '--kind', 'web'], /"workload" is reserved: the placeholder name of the GitOps kind/],
    [['kube-dash', '--kind', 'web'], /"kube-dash" is reserved: kube-\* names/],
    [['external-secrets', '--kind', 'web'], /"external-secrets" is reserved/],
    [['shop', '--kind', 'web'], /"shop" is reserved: it is the project's name/],
    [
      ['inventory', '--kind', 'http-api'],
      /"inventory" is an existing service \(services\/inventory\/score\.yaml\)/,
    ],
    [['notes', '--kind', 'web'], /services\/notes already exists and is not a service/],
    [
      [`a${'b'.repeat(45)}`, '--kind', 'web'],
      /is too long: its Kubernetes name a?b+-config-0123456789 has 64/,
    ],
    [
      ['order', '--kind', 'http-api', '--database'],
      /--database: schema "order" is a PostgreSQL reserved key word/,
    ],
    [
      ['returns', '--kind', 'http-api', '--sends', `q${'x'.repeat(61)}`],
      /--sends: queue id "qx+" is too long: its dead-letter queue shop-prod-qx+-dlq\.fifo has 81 characters/,
    ],
    [
      ['returns', '--kind', 'http-api', '--sends', 'Returns'],
      /--sends: queue id "Returns" is not a lower-case/,
    ],
    [['shipping', '--kind', 'queue-worker'], /--kind queue-worker needs --receives <queue-id>/],
    [
      ['ledger', '--kind', 'queue-worker', '--receives', 'inventory-events'],
      /--receives: inventory-events is already received by pricing; an SQS queue hands each message to one consumer/,
    ],
    [['storefront', '--kind', 'web', '--database'], /--database does not go with --kind web/],
    [
      ['returns', '--kind', 'http-api', '--receives', 'x-events'],
      /--receives does not go with --kind http-api/,
    ],
    [['returns', '--kind', 'cron'], /--kind: expected one of http-api, queue-worker, web, got cron/],
    [['returns'], /--kind: expected one of http-api, queue-worker, web, got nothing/],
    [
      ['returns', '--kind', 'web', '--port', '8080'],
      /--port: 8080 is inventory's \(services\/inventory\/score\.yaml\)/,
    ],
    [['returns', '--kind', 'web', '--port', '80'], /--port: expected an integer from 1024 to 65535, got 80/],
    [['returns', '--kind', 'web', '--port', '4566'], /--port: 4566 is the local stack's/],
    [['returns', '--kind', 'web', '--port', '8090'], /--port: 8090 is the local stack's/],
    [['returns', '--kind', 'web', '--databse'], /Unknown option '--databse'/],
    [['--kind', 'web'], /expected one name, got 0/],
    [['a', 'b', '--kind', 'web'], /expected one name, got 2/],
  ])('%j', (argv, message) => {
    expect(refusal(argv)).toMatch(message);
  });

  it('lists every problem of one command line at once', () => {
    const message = refusal(['Lib', '--kind', 'queue-worker', '--sends', 'x']);
    expect(message).toContain('"Lib" is not a lower-case DNS label');
    expect(message).toContain('--sends does not go with --kind queue-worker');
    expect(message).toContain('--kind queue-worker needs --receives');
  });

  it('exits 2 from the command line, with the message on stderr', () => {
    const before = tree();
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    try {
      expect(main(['lib', '--kind', 'web'], root)).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(written.join('')).toContain('"lib" is reserved');
    expect(tree()).toEqual(before);
  });

  it('puts everything back when a step after the move fails (a CODEOWNERS without a default owner)', () => {
    const codeowners = join(root, '.github', 'CODEOWNERS');
    const original = readFileSync(codeowners, 'utf8');
    writeFileSync(codeowners, original.replace(/^\*\s+\S+\n/m, ''));
    try {
      const before = tree();
      expect(() => scaffold(root, ['returns', '--kind', 'http-api', '--database'])).toThrow(
        /CODEOWNERS has no `\*` line/,
      );
      expect(tree()).toEqual(before);
    } finally {
      writeFileSync(codeowners, original);
    }
  });
});
