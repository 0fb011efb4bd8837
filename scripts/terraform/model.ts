// Queries over a parsed tree: blocks by kind and type, variables and locals per directory, and the small
// part of expression evaluation the rules need (a whole-string `${var.x}` or `${local.x.y}` reference).
import { posix, sep } from 'node:path';
import type { TfFile, TfTree } from './hcl.js';

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
    const variable = variableOf(tree, dir, head);
    if (!variable || !('default' in variable.body)) return undefined;
    current = variable.body.default;
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

/** A value and the file it was written in (a caller's file when it came from a module call). */
export interface Sourced {
  readonly value: unknown;
  readonly file?: string;
}

/**
 * The values a `${var.x.y}` reference takes in this directory: its default when it has one, else what each
 * caller of the module passes (interpolated in the caller's directory, with the caller's file). Empty when
 * nothing is known.
 */
export function valuesFromCallers(tree: TfTree, dir: string, value: string): Sourced[] {
  const own = resolve(tree, dir, value);
  if (own !== undefined && own !== value) return [{ value: own }];
  const match = /^\$\{var\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_-]+)*)\}$/.exec(value);
  if (!match) return own === undefined ? [] : [{ value: own }];
  const [, name = '', path = ''] = match;
  return localModuleCalls(tree, dir).flatMap((call) => {
    let v: unknown = resolve(tree, call.file.dir, call.body[name]);
    for (const key of path.split('.').filter(Boolean)) v = resolve(tree, call.file.dir, record(v)?.[key]);
    if (typeof v === 'string') v = interpolate(tree, call.file.dir, v);
    return v === undefined ? [] : [{ value: v, file: call.file.display }];
  });
}

/**
 * True when directory `dir` of the tree is `<...>/<parent>/<name>` (e.g. `envs/dev` for kind `envs`),
 * also when the tree itself was rooted there (`check:terraform -- terraform/envs/dev`).
 */
export function isDirOf(tree: TfTree, dir: string, parent: string, name = '[^/]+'): boolean {
  const full = posix.join(tree.root.split(sep).join('/'), dir);
  return new RegExp(`(^|/)${parent}/${name}$`).test(full);
}
