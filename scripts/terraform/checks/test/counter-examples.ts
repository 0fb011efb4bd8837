// The counter-examples of counter-examples.yaml, typed: used by the policy test and the README generator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface CounterExample {
  readonly rule: string;
  /** File under terraform/ the edit applies to. */
  readonly file: string;
  readonly what: string;
  readonly find?: string;
  readonly pattern?: string;
  readonly replace: string;
  /** Fragment of the message the rule must print. */
  readonly expect: string;
}

export const counterExamples: readonly CounterExample[] = parse(
  readFileSync(join(import.meta.dirname, 'counter-examples.yaml'), 'utf8'),
) as CounterExample[];

/** Applies a counter-example to a file's text; throws when it no longer matches the real file. */
export function applyCounterExample(example: CounterExample, text: string): string {
  const changed =
    example.pattern !== undefined
      ? text.replace(new RegExp(example.pattern), example.replace)
      : example.find !== undefined && text.includes(example.find)
        ? text.replace(example.find, () => example.replace)
        : text;
  if (changed === text)
    throw new Error(`counter-example "${example.what}" no longer applies to terraform/${example.file}`);
  return changed;
}
