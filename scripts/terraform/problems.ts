// Where a problem of the tree is: the block's address and the line of its `resource "type" "name"` (or
// `module`, `data`, `variable`, `output`) header, found in the file's text (hcl2json gives no positions).
import type { Problem } from '../checks/finding.js';
import type { TfFile, TfTree } from './hcl.js';
import type { Block } from './model.js';

/** A problem about a block, prefixed with its address (`aws_sqs_queue.this`, `module.this`, `var.name`). */
export function at(block: Block, message: string): Problem {
  return { file: block.file.display, line: blockLine(block), message: `${address(block)}: ${message}` };
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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const label = (s: string) => `(?:"${escapeRegExp(s)}"|${escapeRegExp(s)})`;

/** 1-based line of the block's header in its file; 1 when the text does not show it. */
export function blockLine(block: Block): number {
  const labels = block.type ? [block.type, block.name] : [block.name];
  const header = new RegExp(
    `^[ \\t]*${block.kind}[ \\t]+${labels.map(label).join('[ \\t]+')}[ \\t]*\\{`,
    'm',
  );
  return lineOf(block.file, header);
}

/** 1-based line of the first match of `pattern` in the file, or 1. */
export function lineOf(file: TfFile, pattern: RegExp): number {
  const match = pattern.exec(file.text);
  return match ? file.text.slice(0, match.index).split('\n').length : 1;
}

/** The display path of a directory of the tree, for problems about something missing there. */
export function dirDisplay(tree: TfTree, dir: string): string {
  const file = tree.files.find((f) => f.dir === dir);
  return file ? file.display.slice(0, file.display.lastIndexOf('/')) || '.' : dir;
}
