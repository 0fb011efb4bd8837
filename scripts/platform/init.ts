// `npm run init -- --repo OWNER/NAME --domain DOMAIN --email EMAIL --region REGION --admin-cidr CIDR
// [--admin-cidr CIDR…] [--prefix PREFIX] [--auth-issuer URL] [--owner AREA=@OWNER…]
// [--app-client-id ID --app-slug SLUG --reviewer LOGIN… --base-image REF]`: writes init.values.json, the one
// file that says whose platform this is, then everything derived from it (npm run derive) and, when the
// prefix changed, the workflows. A flag that is missing is asked for when a terminal is attached; otherwise
// it is an error. Every value is checked before anything is written; a second run with the same values
// changes nothing and says so. With no flag and no terminal it checks the file (npm run up's preflight).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCatalogue, REPOSITORY_ROOT } from '../../services/lib/catalogue/catalogue.js';
import { writeDerived } from '../catalogue/derive.js';
import { derivedFiles } from '../catalogue/derived.js';
import { type InitValuesFile, initValuesFile, platformFields, problemsOf, VALUES_FILE } from './values.js';

export class InitError extends Error {
  override name = 'InitError';
}

/** Flag → the field it sets, and the question asked for it at a terminal. */
const ASKED = [
  { flag: 'repo', field: 'repository', question: 'GitHub repository of your fork (owner/name)' },
  {
    flag: 'domain',
    field: 'domain',
    question: 'DNS zone you own in Route 53 (prod at <domain>, dev at dev.<domain>)',
  },
  { flag: 'email', field: 'email', question: 'E-mail address for the alarms' },
  { flag: 'region', field: 'region', question: 'AWS region' },
  {
    flag: 'admin-cidr',
    field: 'adminCidrs',
    question: 'CIDR block allowed to reach the clusters’ API (yours)',
  },
  { flag: 'prefix', field: 'prefix', question: 'Name prefix of every AWS resource and namespace' },
] as const;

const OPTIONAL = [
  { flag: 'auth-issuer', field: 'authIssuer' },
  { flag: 'app-client-id', field: 'appClientId' },
  { flag: 'app-slug', field: 'appSlug' },
  { flag: 'base-image', field: 'baseImage' },
  { flag: 'sonar-organization', field: 'sonarOrganization' },
  { flag: 'sonar-project-key', field: 'sonarProjectKey' },
] as const;

const USAGE = `usage: npm run init -- --repo OWNER/NAME --domain DOMAIN --email EMAIL --region REGION --admin-cidr CIDR [--prefix PREFIX]
       [--auth-issuer https://…/] [--owner AREA=@LOGIN|@ORG/TEAM]…
       [--app-client-id ID] [--app-slug SLUG] [--reviewer LOGIN|ORG/TEAM]… [--base-image REF@sha256:…] [--sonar-organization ORG] [--sonar-project-key KEY] [--commit]`;

export interface InitIo {
  /** Asks one question; undefined when no terminal is attached. */
  readonly ask?: (question: string, current: string | undefined) => Promise<string>;
  readonly log: (line: string) => void;
}

function flagsOf(argv: readonly string[]) {
  try {
    return parseArgs({
      args: argv.filter((a) => a !== '--'),
      options: {
        ...Object.fromEntries(
          [...ASKED, ...OPTIONAL].map(({ flag }) => [
            flag,
            { type: 'string', multiple: flag === 'admin-cidr' },
          ]),
        ),
        reviewer: { type: 'string', multiple: true },
        owner: { type: 'string', multiple: true },
        commit: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | string[] | undefined>;
  } catch (error) {
    throw new InitError(`${(error as Error).message}\n${USAGE}`);
  }
}

/** The committed values, or {} when the file is absent; a file that is not JSON is an error. */
function readCurrent(root: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(join(root, VALUES_FILE), 'utf8');
  } catch {
    return {};
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new InitError(`${VALUES_FILE} is not JSON: fix or delete it, then run init again`);
  }
}

const fieldOk = (field: keyof typeof platformFields, value: unknown) =>
  value !== undefined && platformFields[field].safeParse(value).success;

/** The values to write: flags first, then what the file holds if it is valid, then a terminal's answers. */
export async function resolveValues(
  argv: readonly string[],
  current: Record<string, unknown>,
  io: Pick<InitIo, 'ask'>,
): Promise<InitValuesFile> {
  const flags = flagsOf(argv);
  const next: Record<string, unknown> = { ...current };
  for (const { flag, field } of ASKED) if (flags[flag] !== undefined) next[field] = flags[flag];
  for (const { flag, field } of OPTIONAL) if (flags[flag] !== undefined) next[field] = flags[flag];
  if (flags.reviewer !== undefined) next.reviewers = flags.reviewer;
  if (flags.owner !== undefined) next.owners = ownersOf(flags.owner as string[]);
  if (next.prefix === undefined && flags.prefix === undefined) next.prefix = 'shop';

  const problems: string[] = [];
  for (const { flag, field, question } of ASKED) {
    if (fieldOk(field, next[field])) continue;
    const given = flags[flag] !== undefined;
    if (!given && io.ask) {
      const shown = Array.isArray(next[field])
        ? (next[field] as string[]).join(',')
        : (next[field] as string);
      for (;;) {
        const answer = (await io.ask(question, shown)).trim();
        const value = field === 'adminCidrs' ? answer.split(/[\s,]+/).filter(Boolean) : answer;
        const parsed = platformFields[field].safeParse(value);
        if (parsed.success) {
          next[field] = value;
          break;
        }
        process.stderr.write(
          `  ${problemsOf(parsed.error)
            .map((p) => p.replace(/^\(top\): /, ''))
            .join('; ')}\n`,
        );
      }
      continue;
    }
    const parsed = platformFields[field].safeParse(next[field]);
    const why =
      next[field] === undefined
        ? 'missing'
        : problemsOf((parsed as { error: never }).error)
            .map((p) => p.replace(/^\(top\): |^\d+: /, ''))
            .join('; ');
    problems.push(`--${flag}: ${why}`);
  }
  const parsed = initValuesFile.safeParse(next);
  if (problems.length > 0 || !parsed.success) {
    const rest = parsed.success
      ? []
      : problemsOf(parsed.error).filter((p) => !ASKED.some((a) => p.startsWith(`${a.field}`)));
    throw new InitError(
      `nothing written:\n${[...problems, ...rest].map((p) => `  ${p}`).join('\n')}\n${USAGE}`,
    );
  }
  return parsed.data;
}

/** `--owner gitops=@acme/platform --owner gitops=@ana`: owners per CODEOWNERS area. */
function ownersOf(flags: readonly string[]): Record<string, string[]> {
  const owners: Record<string, string[]> = {};
  for (const flag of flags) {
    const [area, owner] = flag.split('=', 2);
    if (!area || !owner)
      throw new InitError(`--owner ${flag}: expected AREA=@LOGIN or AREA=@ORG/TEAM\n${USAGE}`);
    owners[area] = [...(owners[area] ?? []), owner];
  }
  return owners;
}

/**
 * JSON as the repository's formatter (Biome) writes it, so `npm run lint` passes on the file init wrote:
 * objects one key per line, a list of plain values on one line when it fits the line width.
 */
export function jsonText(value: unknown, indent = '', key = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    const plain = value.every((v) => v === null || typeof v !== 'object');
    if (plain && `${indent}${key}${flat},`.length <= 110) return flat;
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${jsonText(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries
      .map(([k, v]) => {
        const head = `${JSON.stringify(k)}: `;
        return `${inner}${head}${jsonText(v, inner, head)}`;
      })
      .join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** `field: old → new` for each field that changes. */
function changesOf(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => `${k}: ${JSON.stringify(before[k]) ?? '(unset)'} → ${JSON.stringify(after[k])}`);
}

/**
 * The workflows name the prefix (images are `<registry>/<prefix>/<service>`), and their definitions read it
 * when loaded: regenerated in a process of their own, which reads the values just written. A root without
 * the definitions (a test's scratch copy) has none to regenerate.
 */
function regenerateWorkflows(root: string): string[] {
  const generator = join(root, 'workflows', 'generate.ts');
  if (!existsSync(generator)) return [];
  const result = spawnSync(process.execPath, ['--import', 'tsx', generator], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`npm run workflows failed:\n${`${result.stdout}${result.stderr}`.trim()}`);
  return [...result.stdout.matchAll(/^wrote (.+)$/gm)].map((m) => relative(root, m[1] ?? ''));
}

export async function init(argv: readonly string[], root: string, io: InitIo): Promise<void> {
  const current = readCurrent(root);
  const values = await resolveValues(argv, current, io);
  const changes = changesOf(current, values);
  const file = join(root, VALUES_FILE);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (changes.length > 0) writeFileSync(file, `${jsonText(values)}\n`);
  // Everything derived is computed before any of it is written: a value only the derivation can judge (an
  // owner of an area that is none, a prefix some declared service's names could not take) puts the file back.
  let files: ReturnType<typeof derivedFiles>;
  try {
    files = derivedFiles(loadCatalogue(root));
  } catch (error) {
    if (changes.length > 0) {
      if (before === undefined) rmSync(file);
      else writeFileSync(file, before);
    }
    throw new InitError(`nothing written: ${(error as Error).message}\n${USAGE}`);
  }
  if (changes.length > 0) {
    io.log(`${VALUES_FILE}:`);
    for (const change of changes) io.log(`  ${change}`);
  }
  const written = [...writeDerived(root, files), ...regenerateWorkflows(root)];
  for (const path of written) io.log(`wrote ${path}`);
  if (changes.length === 0 && written.length === 0) {
    io.log('nothing to change: the tree already says this');
    return;
  }
  // --commit: one commit of exactly what init wrote (as `flux bootstrap` commits its own manifests), so
  // the next command can rehearse it; nothing else of the work tree goes in.
  if (flagsOf(argv).commit) {
    const paths = [...(changes.length > 0 ? [VALUES_FILE] : []), ...written];
    const git = (args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    try {
      git(['add', '--', ...paths]);
      git(['commit', '--quiet', '--message', 'Our platform: npm run init', '--', ...paths]);
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim() ?? (error as Error).message;
      throw new InitError(`written but not committed (git: ${stderr}); commit the files above yourself`);
    }
    io.log(
      `committed ${paths.length} file${paths.length === 1 ? '' : 's'}: ${git(['rev-parse', '--short', 'HEAD']).trim()}`,
    );
  }
}

export async function main(argv: readonly string[], root: string = REPOSITORY_ROOT): Promise<number> {
  const terminal = process.stdin.isTTY && process.stdout.isTTY;
  const rl = terminal ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  try {
    await init(argv, root, {
      log: (line) => process.stdout.write(`${line}\n`),
      ...(rl && {
        ask: async (question: string, current: string | undefined) =>
          (await rl.question(`${question}${current ? ` [${current}]` : ''}: `)) || (current ?? ''),
      }),
    });
    return 0;
  } catch (error) {
    process.stderr.write(`init: ${(error as Error).message}\n`);
    return error instanceof InitError ? 2 : 1;
  } finally {
    rl?.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
