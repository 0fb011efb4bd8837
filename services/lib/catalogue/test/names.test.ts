// The name rules (names.ts), each on its own, then held by the catalogue loader to a hand-written
// score.yaml. The project prefix is init.values.json's.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse as parseYaml, stringify } from 'yaml';
import { loadCatalogue } from '../catalogue.js';
import {
  INIT_VALUES_FILE,
  KUBERNETES_SUFFIXES,
  LIMITS,
  projectName,
  queueIdProblems,
  REPOSITORY_ROOT,
  schemaOf,
  schemaProblems,
  serviceNameProblems,
} from '../names.js';

const context = { project: 'shop' };
const longest = Math.max(...KUBERNETES_SUFFIXES.map((s) => s.length));

describe('a service name', () => {
  it.each(['orders', 'order-book', 'a1', 'storefront2'])('accepts %s', (name) => {
    expect(serviceNameProblems(name, context)).toEqual([]);
  });

  it.each([
    ['Orders', 'upper case'],
    ['order_book', 'an underscore'],
    ['2fa', 'a leading digit'],
    ['-orders', 'a leading hyphen'],
    ['orders-', 'a trailing hyphen'],
    ['o', 'one character'],
    ['', 'nothing'],
    ['orders.v2', 'a dot'],
  ])('refuses %j (%s): not a lower-case DNS label', (name) => {
    expect(serviceNameProblems(name, context)).toEqual([
      expect.stringMatching(/is not a lower-case DNS label \(\^\[a-z\]/),
    ]);
  });

  it.each([
    ['lib', 'services/lib holds the shared library'],
    ['test', 'services/test holds the tests'],
    ['template', 'service template'],
    ['workload', 'placeholder name of the GitOps kind components'],
    ['default', 'namespace "default"'],
    ['argocd', "Argo CD's namespace"],
    ['external-secrets', "External Secrets' ServiceAccount"],
    ['aws-env', 'ConfigMap of Terraform'],
    ['prod', 'an environment'],
    ['shop', "the project's name"],
    ['kube-proxy', 'kube-* names are'],
    ['kube-state', 'kube-* names are'],
  ])('refuses %s: reserved (%s)', (name, why) => {
    const problems = serviceNameProblems(name, context);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`"${name}" is reserved: `);
    expect(problems[0]).toContain(why);
  });

  it('refuses a name whose longest Kubernetes name passes 63 characters, and takes one at exactly 63', () => {
    const fits = `a${'b'.repeat(LIMITS.kubernetesName - longest - 1)}`;
    expect(serviceNameProblems(fits, context)).toEqual([]);
    expect(serviceNameProblems(`${fits}c`, context)).toEqual([
      `"${fits}c" is too long: its Kubernetes name ${fits}c-config-0123456789 has 64 characters, a DNS label allows 63`,
    ]);
  });

  it("refuses a name whose prod IAM role passes 64 characters (a longer project's prefix)", () => {
    const project = 'a-project-of-21-chars';
    const name = `r${'x'.repeat(LIMITS.iamRole - `${project}-prod-`.length - 1)}`;
    expect(serviceNameProblems(name, { project }).find((p) => p.includes('IAM role'))).toBeUndefined();
    expect(serviceNameProblems(`${name}y`, { project })).toContainEqual(
      `"${name}y" is too long: its IAM role ${project}-prod-${name}y has 65 characters, AWS allows 64`,
    );
  });
});

describe('a queue id', () => {
  it('accepts a label whose prod dead-letter queue fits 80 characters, and refuses one that does not', () => {
    const fits = `q${'x'.repeat(LIMITS.sqsQueue - 'shop-prod--dlq.fifo'.length - 1)}`;
    expect(queueIdProblems(fits, context)).toEqual([]);
    expect(queueIdProblems(`${fits}y`, context)).toEqual([
      `queue id "${fits}y" is too long: its dead-letter queue shop-prod-${fits}y-dlq.fifo has 81 characters, SQS allows 80`,
    ]);
    expect(queueIdProblems('Orders_Events', context)).toEqual([
      expect.stringContaining('queue id "Orders_Events" is not a lower-case DNS label'),
    ]);
  });
});

describe('the schema of a service with a database', () => {
  it.each([
    ['order', /"order" is a PostgreSQL reserved key word/],
    ['user', /"user" is a PostgreSQL reserved key word/],
    ['current_user', /"current_user" is a PostgreSQL reserved key word/],
    ['pg_stats', /starts with pg_/],
    ['public', /PostgreSQL's own/],
    ['information_schema', /PostgreSQL's own/],
  ])('refuses %s', (schema, message) => {
    expect(schemaProblems(schema)).toEqual([expect.stringMatching(message)]);
  });

  it('accepts the schema of a good name, its hyphens as underscores', () => {
    expect(schemaOf('order-book')).toBe('order_book');
    expect(schemaProblems(schemaOf('order-book'))).toEqual([]);
    expect(schemaProblems('orders')).toEqual([]);
  });
});

describe("the project's name", () => {
  const scratch = mkdtempSync(join(tmpdir(), 'project-name-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const values = JSON.parse(readFileSync(join(REPOSITORY_ROOT, INIT_VALUES_FILE), 'utf8'));

  it('is the prefix of init.values.json, the one place it is written', () => {
    expect(projectName()).toBe(values.prefix);
    writeFileSync(join(scratch, INIT_VALUES_FILE), JSON.stringify({ ...values, prefix: 'acme' }));
    expect(projectName(scratch)).toBe('acme');
  });

  it("is this repository's where a scratch root has no init.values.json", () => {
    const bare = mkdtempSync(join(scratch, 'bare-'));
    expect(projectName(bare)).toBe(projectName());
  });

  it.each([
    ['{ not json', /init\.values\.json is not JSON/],
    [JSON.stringify({ ...values, prefix: 'Acme' }), /init\.values\.json: prefix "Acme" is not 2 to 12/],
    [JSON.stringify({ ...values, prefix: undefined }), /init\.values\.json: prefix undefined is not/],
  ])('refuses %s, naming the file', (text, message) => {
    writeFileSync(join(scratch, INIT_VALUES_FILE), text);
    expect(() => projectName(scratch)).toThrow(message);
  });
});

describe('the catalogue loader holds a hand-written score.yaml to the same rules', () => {
  const root = mkdtempSync(join(tmpdir(), 'catalogue-names-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** inventory's declaration, renamed to `name` in a folder of that name, with a queue id. */
  function declare(name: string, queueId = 'inventory-events'): void {
    const doc = parseYaml(readFileSync(join(REPOSITORY_ROOT, 'services/inventory/score.yaml'), 'utf8'));
    doc.metadata.name = name;
    doc.containers = { [name]: doc.containers.inventory };
    doc.resources.events.id = queueId;
    rmSync(join(root, 'services'), { recursive: true, force: true });
    mkdirSync(join(root, 'services', name, 'src'), { recursive: true });
    mkdirSync(join(root, 'services', name, 'migrations'));
    writeFileSync(join(root, 'services', name, 'src', 'main.ts'), 'export {};\n');
    writeFileSync(join(root, 'services', name, 'score.yaml'), stringify(doc));
  }

  it.each([
    ['lib', /metadata\.name: "lib" is reserved: services\/lib holds the shared library/],
    ['kube-api', /metadata\.name: "kube-api" is reserved: kube-\* names/],
    ['shop', /metadata\.name: "shop" is reserved: it is the project's name/],
    [`s${'x'.repeat(50)}`, /metadata\.name: "sx+" is too long: its Kubernetes name/],
  ])('refuses a service named %s', (name, message) => {
    declare(name);
    expect(() => loadCatalogue(root)).toThrow(message);
  });

  it('refuses a queue id whose dead-letter queue name would be too long', () => {
    declare('orders', `q${'x'.repeat(61)}`);
    expect(() => loadCatalogue(root)).toThrow(/resources\.events\.id: queue id "qx+" is too long/);
  });

  it('loads a good one', () => {
    declare('orders');
    expect(loadCatalogue(root).names).toEqual(['orders']);
  });
});
