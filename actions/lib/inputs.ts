import * as core from '@actions/core';

/** A bad action input: the message names the input and the expected form. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    expected: string,
    received?: string,
  ) {
    super(
      received === undefined
        ? `Input '${input}' is required: expected ${expected}.`
        : `Invalid input '${input}': expected ${expected}, got '${received}'.`,
    );
    this.name = 'InputError';
  }
}

/**
 * How every action reads its inputs: a function from an input's action.yml name to its value, trimmed,
 * '' when unset. Each action has one `readSettings(read, …)` taking it; the action passes
 * {@link runnerInputs}, tests pass {@link inputsFrom}, so the parsing is the same code in both.
 */
export type InputReader = (name: string) => string;

/** Reads an input as the runner passes it (INPUT_<NAME>, trimmed); '' when unset. */
export function rawInput(name: string): string {
  return core.getInput(name, { trimWhitespace: true });
}

/** The runner's inputs. */
export const runnerInputs: InputReader = rawInput;

/** A reader over given values (trimmed, as the runner's); names not given read ''. */
export function inputsFrom(values: Readonly<Record<string, string | undefined>>): InputReader {
  return (name) => (Object.hasOwn(values, name) ? (values[name] ?? '').trim() : '');
}

/** A required string input: fails naming the input when empty. */
export function requiredInput(read: InputReader, name: string, expected = 'a non-empty value'): string {
  const value = read(name);
  if (value === '') throw new InputError(name, expected);
  return value;
}

/** An optional string input: undefined when empty. */
export function optionalInput(read: InputReader, name: string): string | undefined {
  const value = read(name);
  return value === '' ? undefined : value;
}

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

/** Strict YAML 1.2 boolean: anything but true/True/TRUE/false/False/FALSE is an error, never a silent default. */
export function parseBoolean(name: string, raw: string, fallback: boolean): boolean {
  if (raw === '') return fallback;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new InputError(name, 'a YAML boolean (true or false)', raw);
}

export function booleanInput(read: InputReader, name: string, fallback: boolean): boolean {
  return parseBoolean(name, read(name), fallback);
}

/** Strict decimal integer within [min, max]: '1e3', '10s', '3.5' and out-of-range values are errors. */
export function parseInteger(name: string, raw: string, fallback: number, min: number, max: number): number {
  if (raw === '') return fallback;
  const expected = `an integer from ${min} to ${max}`;
  if (!/^-?\d+$/.test(raw)) throw new InputError(name, expected, raw);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new InputError(name, expected, raw);
  return value;
}

export function integerInput(
  read: InputReader,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  return parseInteger(name, read(name), fallback, min, max);
}

/** Non-empty, trimmed lines of a multiline input; '#' starts a comment line. */
export function parseLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Lines or comma-separated items of a list input (e.g. tags: "a, b" or one per line). */
export function parseList(raw: string): string[] {
  return parseLines(raw)
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
