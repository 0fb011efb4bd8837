// Queries over a parsed tree: blocks by kind and type, variables and locals per directory, and the small
// part of expression evaluation the rules need (a whole-string `${var.x}` or `${local.x.y}` reference).
import { posix, sep } from 'node:path';
import type { TfFile, TfTree, TfVarFile } from './hcl.js';

export type Body = Readonly<Record<string, unknown>>;

export interface Block {
  readonly file: TfFile;
  readonly kind: 'resource' | 'data' | 'module' | 'variable' | 'output';
  /** Resource or data source type (`aws_sqs_queue`); empty for module, variable and output blocks. */
  readonly type: string;
  readonly name: string;
  readonly body: Body;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Nested blocks of a body (`statement`, `condition`, ...): hcl2json writes each as a list of bodies. */
export function nested(body: Body | undefined, key: string): Body[] {
  const v = body?.[key];
  if (Array.isArray(v)) return v.filter(isRecord);
  if (isRecord(v)) return [v];
  return [];
}

/** The body of a named map-valued attribute (`addons`, `fargate_profiles`), or undefined. */
export function record(v: unknown): Body | undefined {
  return isRecord(v) ? v : undefined;
}

/** An attribute written with a value: not absent, null or empty. */
export const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

function typedBlocks(tree: TfTree, kind: 'resource' | 'data', type?: string): Block[] {
  const out: Block[] = [];
  for (const file of tree.files) {
    const byType = record(file.json[kind]);
    if (!byType) continue;
    for (const [t, byName] of Object.entries(byType)) {
      if (type !== undefined && t !== type) continue;
      for (const [name, bodies] of Object.entries(record(byName) ?? {})) {
        for (const body of nested({ b: bodies }, 'b')) out.push({ file, kind, type: t, name, body });
      }
    }
  }
  return out;
}

function namedBlocks(tree: TfTree, kind: 'module' | 'variable' | 'output'): Block[] {
  const out: Block[] = [];
  for (const file of tree.files) {
    for (const [name, bodies] of Object.entries(record(file.json[kind]) ?? {})) {
      for (const body of nested({ b: bodies }, 'b')) out.push({ file, kind, type: '', name, body });
    }
  }
  return out;
}

export const resources = (tree: TfTree, type?: string): Block[] => typedBlocks(tree, 'resource', type);
export const dataSources = (tree: TfTree, type?: string): Block[] => typedBlocks(tree, 'data', type);
export const modules = (tree: TfTree): Block[] => namedBlocks(tree, 'module');
export const variables = (tree: TfTree): Block[] => namedBlocks(tree, 'variable');
export const outputs = (tree: TfTree): Block[] => namedBlocks(tree, 'output');

/** Directories (relative to the root) that hold at least one `.tf` file. */
export function directories(tree: TfTree): string[] {
  return [...new Set(tree.files.map((f) => f.dir))].sort();
}

/** Calls of a registry module whose source starts with `prefix` (e.g. `terraform-aws-modules/eks/aws`). */
export function registryModuleCalls(tree: TfTree, prefix: string): Block[] {
  return modules(tree).filter((m) => {
    const source = m.body.source;
    return typeof source === 'string' && (source === prefix || source.startsWith(`${prefix}//`));
  });
}

/** Calls of the local module in `moduleDir` (relative to the root), e.g. `modules/observability`. */
export function localModuleCalls(tree: TfTree, moduleDir: string): Block[] {
  return modules(tree).filter((m) => {
    const source = m.body.source;
    return (
      typeof source === 'string' &&
      source.startsWith('.') &&
      posix.normalize(posix.join(m.file.dir, source)) === moduleDir
    );
  });
}

/** All locals of one directory, merged across its files. */
export function localsOf(tree: TfTree, dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const file of tree.files) {
    if (file.dir !== dir) continue;
    for (const body of nested(file.json, 'locals')) Object.assign(out, body);
  }
  return out;
}

export function variableOf(tree: TfTree, dir: string, name: string): Block | undefined {
  return variables(tree).find((v) => v.file.dir === dir && v.name === name);
}

/** The environments the tree's var-files are for (`dev.tfvars`, `prod.tfvars`: dev, prod), sorted. */
export function environmentsOf(tree: TfTree): string[] {
  const envs = (tree.varFiles ?? []).flatMap((f) => (f.environment === undefined ? [] : [f.environment]));
  return [...new Set(envs)].sort();
}

/**
 * The tree as Terraform sees it in each environment: one view per environment its var-files name, with that
 * environment's `<env>.tfvars` applied over the auto files (`-var-file=<env>.tfvars`); the tree itself,
 * with its auto files, when they name none. Checks run on every view, so a value set per environment
 * (deletion protection in prod) is judged with each environment's own.
 */
export function environmentViews(tree: TfTree): TfTree[] {
  const envs = environmentsOf(tree);
  return envs.length === 0 ? [tree] : envs.map((environment) => ({ ...tree, environment }));
}

/** The directories applied once per environment: those holding an environment's var-file. */
export function environmentRoots(tree: TfTree): string[] {
  const dirs = (tree.varFiles ?? []).filter((f) => f.environment !== undefined).map((f) => f.dir);
  return [...new Set(dirs)].sort();
}

/**
 * The value a var-file gives variable `name` of root `dir` in this view (an environment's own file wins over
 * the auto files, as `-var-file` does), with that file; undefined when no var-file sets it.
 */
export function varFileValue(
  tree: TfTree,
  dir: string,
  name: string,
): { readonly value: unknown; readonly file: TfVarFile } | undefined {
  const files = (tree.varFiles ?? []).filter(
    (f) =>
      f.dir === dir &&
      name in f.values &&
      (f.environment === undefined || f.environment === tree.environment),
  );
  const file =
    files.find((f) => f.environment !== undefined) ??
    files.sort((a, b) => a.path.localeCompare(b.path)).at(-1);
  return file ? { value: file.values[name], file } : undefined;
}

const wholeReference = /^\$\{(var|local)\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\}$/;

/**
 * The value of `value` in directory `dir` when it is a literal or a whole `${var.x}` (the variable's
 * default) or `${local.x.y}` reference, followed recursively; `undefined` when it cannot be known here.
 */
export function resolve(tree: TfTree, dir: string, value: unknown, depth = 0): unknown {
  if (depth > 10 || typeof value !== 'string') return value;
  const match = wholeReference.exec(value);
  if (!match) return value;
  const [kind, path = ''] = [match[1], match[2]];
  const [head = '', ...rest] = path.split('.');
  let current: unknown;
  if (kind === 'var') {
    const set = varFileValue(tree, dir, head);
    const variable = set ? undefined : variableOf(tree, dir, head);
    if (!set && (!variable || !('default' in variable.body))) return undefined;
    current = set ? set.value : variable?.body.default;
  } else {
    current = localsOf(tree, dir)[head];
  }
  for (const key of rest) current = record(resolve(tree, dir, current, depth + 1))?.[key];
  return resolve(tree, dir, current, depth + 1);
}

/** A value as a list of strings (a literal list, or one string), after resolving references. */
export function stringList(tree: TfTree, dir: string, value: unknown): string[] | undefined {
  const v = resolve(tree, dir, value);
  if (typeof v === 'string') return [v];
  if (Array.isArray(v))
    return v.map((x) => resolve(tree, dir, x)).filter((x): x is string => typeof x === 'string');
  return undefined;
}

/**
 * Replaces every `${var.x}` / `${local.x}` inside a template string by its value when that is a known
 * string (`${local.github_issuer}:sub` becomes `token.actions.githubusercontent.com:sub`).
 */
export function interpolate(tree: TfTree, dir: string, value: string): string {
  return value.replace(/\$\{((?:var|local)\.[A-Za-z0-9_.-]+)\}/g, (whole) => {
    const v = resolve(tree, dir, whole);
    return typeof v === 'string' ? v : whole;
  });
}

/** True when `value` is, or contains, a reference to `address` (e.g. `aws_sqs_queue.dlq`, not `.dlq_x`). */
export function references(value: unknown, address: string): boolean {
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}(?![A-Za-z0-9_-])`).test(JSON.stringify(value ?? null));
}

/** The HCL expression string hcl2json writes for a reference: `expression('var.x')` is `${var.x}`. */
export function expression(path: string): string {
  return `\${${path}}`;
}

/** A value and where it was written: a caller's file when it came from a module call, a var-file's line. */
export interface Sourced {
  readonly value: unknown;
  readonly file?: string;
  readonly line?: number;
}

/** 1-based line of `path`'s last key in a var-file (`database.deletion_protection`), or of its first key. */
function varFileLine(file: TfVarFile, path: readonly string[]): number {
  const lines = file.text.split('\n');
  const keyAt = (key: string, from: number) =>
    lines.findIndex(
      (l, i) =>
        i >= from && new RegExp(`^\\s*"?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*[=:]`).test(l),
    );
  let at = 0;
  for (const key of path) {
    const found = keyAt(key, at);
    if (found === -1) break;
    at = found;
  }
  return at + 1;
}

/**
 * `resolve`, saying where the value was written when a var-file set it (a whole `${var.x.y}` reference).
 */
export function resolveSourced(tree: TfTree, dir: string, value: unknown): Sourced {
  const resolved = resolve(tree, dir, value);
  const match =
    typeof value === 'string' ? /^\$\{var\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_-]+)*)\}$/.exec(value) : null;
  const set = match ? varFileValue(tree, dir, match[1] ?? '') : undefined;
  if (!match || !set) return { value: resolved };
  const path = [match[1] ?? '', ...(match[2] ?? '').split('.').filter(Boolean)];
  return { value: resolved, file: set.file.display, line: varFileLine(set.file, path) };
}

/**
 * The values a `${var.x.y}` reference takes in this directory: its default (or var-file value) when it has
 * one, else what each caller of the module passes (interpolated in the caller's directory, with the
 * caller's file, or the var-file's where the caller passes one of its own variables). Empty when nothing is
 * known.
 */
export function valuesFromCallers(tree: TfTree, dir: string, value: string): Sourced[] {
  const own = resolve(tree, dir, value);
  if (own !== undefined && own !== value) return [resolveSourced(tree, dir, value)];
  const match = /^\$\{var\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_-]+)*)\}$/.exec(value);
  if (!match) return own === undefined ? [] : [{ value: own }];
  const [, name = '', path = ''] = match;
  return localModuleCalls(tree, dir).flatMap((call) => {
    const passed = resolveSourced(tree, call.file.dir, call.body[name]);
    let v: unknown = passed.value;
    for (const key of path.split('.').filter(Boolean)) v = resolve(tree, call.file.dir, record(v)?.[key]);
    if (typeof v === 'string') v = interpolate(tree, call.file.dir, v);
    return v === undefined
      ? []
      : [{ value: v, file: passed.file ?? call.file.display, ...(passed.line && { line: passed.line }) }];
  });
}

/**
 * A template's `${var.x}` parts filled in, once per caller of the module when the module's own variables do
 * not know them (each result with the file the values came from): `system:serviceaccount:${var.namespace}:x`
 * in modules/identity gives one subject per environment calling it.
 */
export function interpolateFromCallers(tree: TfTree, dir: string, template: string): Sourced[] {
  const own = interpolate(tree, dir, template);
  const refs = [...own.matchAll(/\$\{var\.([A-Za-z0-9_-]+)\}/g)].map((m) => m[1] ?? '');
  if (refs.length === 0) return [{ value: own }];
  return localModuleCalls(tree, dir).map((call) => {
    let file: string | undefined;
    let line: number | undefined;
    const value = own.replace(/\$\{var\.([A-Za-z0-9_-]+)\}/g, (whole, name: string) => {
      const passed = resolveSourced(tree, call.file.dir, call.body[name]);
      if (passed.file && file === undefined) ({ file, line } = passed);
      const v =
        typeof passed.value === 'string' ? interpolate(tree, call.file.dir, passed.value) : passed.value;
      return typeof v === 'string' || typeof v === 'number' ? String(v) : whole;
    });
    return { value, file: file ?? call.file.display, ...(line && { line }) };
  });
}

/** One instance of a block with for_each: `each.key` and `each.value`. */
export interface Instance {
  readonly key: string;
  readonly value: unknown;
}

/**
 * The instances of a block's for_each (a map, or a set of strings whose elements are key and value),
 * following a module variable to its callers; undefined when the block has none or the tree does not know
 * its value.
 */
export function forEachInstances(tree: TfTree, block: Block): Instance[] | undefined {
  const raw = block.body.for_each;
  if (raw === undefined) return undefined;
  const dir = block.file.dir;
  const values =
    typeof raw === 'string'
      ? valuesFromCallers(tree, dir, raw).map((s) => s.value)
      : [resolve(tree, dir, raw)];
  const known = values.filter((v) => Array.isArray(v) || record(v) !== undefined);
  if (known.length === 0) return undefined;
  return known.flatMap((v) =>
    Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string').map((x) => ({ key: x, value: x }))
      : Object.entries(record(v) ?? {}).map(([key, value]) => ({ key, value })),
  );
}

/** `each.key` / `each.value.a.b` of an instance; undefined when the path is not in it. */
function eachPart(instance: Instance, path: string): unknown {
  if (path === 'key') return instance.key;
  let v: unknown = instance.value;
  for (const key of path.split('.').slice(1)) v = record(v)?.[key];
  return v;
}

/** The key an index expression names: `each.key`, `each.value.x` of `instance`, or a literal `"x"`. */
export function indexKey(index: string, instance?: Instance): string | undefined {
  const literal = /^\s*"([^"]*)"\s*$/.exec(index)?.[1];
  if (literal !== undefined) return literal;
  const path = /^\s*each\.(key|value(?:\.[A-Za-z0-9_-]+)*)\s*$/.exec(index)?.[1];
  const v = path === undefined || !instance ? undefined : eachPart(instance, path);
  return typeof v === 'string' ? v : undefined;
}

/**
 * A block body (or any part of it) with one instance's `each.key` and `each.value...` filled in: a whole
 * `${each.value.x}` becomes the value itself, an interpolation inside a string its text, and a reference
 * inside a larger expression an HCL string literal (`${var.queues[each.value.queue].arn}` becomes
 * `${var.queues["orders-events"].arn}`). Parts the instance does not have stay as written.
 */
export function withEach(value: unknown, instance: Instance): unknown {
  if (Array.isArray(value)) return value.map((v) => withEach(v, instance));
  const body = record(value);
  if (body) return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, withEach(v, instance)]));
  if (typeof value !== 'string' || !value.includes('each.')) return value;
  const whole = /^\$\{each\.(key|value(?:\.[A-Za-z0-9_-]+)*)\}$/.exec(value);
  if (whole) {
    const v = eachPart(instance, whole[1] ?? '');
    return v === undefined ? value : v;
  }
  const text = (path: string, fallback: string) => {
    const v = eachPart(instance, path);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : fallback;
  };
  return value
    .replace(/\$\{each\.(key|value(?:\.[A-Za-z0-9_-]+)*)\}/g, (m, path: string) => text(path, m))
    .replace(/\beach\.(key|value(?:\.[A-Za-z0-9_-]+)*)/g, (m, path: string) => {
      const v = eachPart(instance, path);
      return typeof v === 'string' ? JSON.stringify(v) : m;
    });
}

/**
 * True when directory `dir` of the tree is `<...>/<parent>/<name>` (e.g. `modules/identity` for kind
 * `modules`), also when the tree itself was rooted there (`check:terraform -- terraform/modules/identity`).
 */
export function isDirOf(tree: TfTree, dir: string, parent: string, name = '[^/]+'): boolean {
  const full = posix.join(tree.root.split(sep).join('/'), dir);
  return new RegExp(`(^|/)${parent}/${name}$`).test(full);
}
