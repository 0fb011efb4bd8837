import type { Finding } from '../findings.js';
import type { TfTree } from '../hcl.js';
import { type Block, type Body, nested } from '../model.js';

/** A policy rule over a parsed tree. */
export interface Rule {
  /** Printed in findings; the README lists every id with its counter-example. */
  readonly id: string;
  /** The checkov checks it corresponds to, where there are any. */
  readonly checkov: readonly string[];
  readonly summary: string;
  check(tree: TfTree): Finding[];
}

/** A finding about a block, prefixed with its address (`aws_sqs_queue.this`, `module.this`, `var.name`). */
export function at(block: Block, rule: string, message: string): Finding {
  return { file: block.file.display, rule, message: `${address(block)}: ${message}` };
}

export function address(block: Block): string {
  switch (block.kind) {
    case 'resource':
      return `${block.type}.${block.name}`;
    case 'data':
      return `data.${block.type}.${block.name}`;
    case 'module':
      return `module.${block.name}`;
    case 'variable':
      return `var.${block.name}`;
    case 'output':
      return `output.${block.name}`;
  }
}

/** The display path of a directory of the tree, for findings about something missing there. */
export function dirDisplay(tree: TfTree, dir: string): string {
  const file = tree.files.find((f) => f.dir === dir);
  return file ? file.display.slice(0, file.display.lastIndexOf('/')) || '.' : dir;
}

export interface Statement {
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly notActions: boolean;
  readonly principals: readonly Body[];
  readonly conditions: readonly Body[];
  readonly body: Body;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.map((x) => String(x)) : [];
}

/** The statements of a `data "aws_iam_policy_document"` block. */
export function statements(doc: Block): Statement[] {
  return nested(doc.body, 'statement').map((s, i) => ({
    sid: typeof s.sid === 'string' ? s.sid : `#${i + 1}`,
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.actions),
    resources: strings(s.resources),
    notActions: 'not_actions' in s || 'not_resources' in s,
    principals: nested(s, 'principals'),
    conditions: nested(s, 'condition'),
    body: s,
  }));
}

/** A wildcard in an IAM action or resource (`*`, `sqs:*`, `arn:...:*`). */
export function hasWildcard(value: string): boolean {
  return value.replace(/\$\{[^}]*\}/g, '').includes('*');
}
