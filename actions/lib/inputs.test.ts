import { describe, expect, it } from '@jest/globals';
import {
  booleanInput,
  InputError,
  inputsFrom,
  integerInput,
  optionalInput,
  parseBoolean,
  parseInteger,
  parseLines,
  parseList,
  requiredInput,
} from './inputs.js';

describe('an InputReader', () => {
  const read = inputsFrom({ name: '  value  ', empty: '', flag: 'TRUE', count: '7' });

  it('reads given values trimmed, and anything else as empty, as the runner does', () => {
    expect([read('name'), read('empty'), read('absent'), read('toString')]).toEqual(['value', '', '', '']);
  });

  it('feeds the typed readers, which name the input on a bad or missing value', () => {
    expect(requiredInput(read, 'name')).toBe('value');
    expect(optionalInput(read, 'empty')).toBeUndefined();
    expect(booleanInput(read, 'flag', false)).toBe(true);
    expect(integerInput(read, 'count', 1, 0, 10)).toBe(7);
    expect(() => requiredInput(read, 'absent', 'a thing')).toThrow(
      "Input 'absent' is required: expected a thing.",
    );
    expect(() => integerInput(read, 'count', 1, 0, 5)).toThrow("Invalid input 'count'");
  });
});

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['', true],
  ])('reads %p', (raw, expected) => expect(parseBoolean('fail', raw, true)).toBe(expected));

  it.each(['yes', 'no', '1', '0', 'on', 'tru e', 'truthy'])('rejects %p naming the input', (raw) => {
    expect(() => parseBoolean('fail', raw, true)).toThrow(
      `Invalid input 'fail': expected a YAML boolean (true or false), got '${raw}'.`,
    );
  });
});

describe('parseInteger', () => {
  it('reads decimal integers and defaults the empty string', () => {
    expect(parseInteger('retries', '7', 3, 0, 10)).toBe(7);
    expect(parseInteger('retries', '', 3, 0, 10)).toBe(3);
  });

  it.each(['1e3', '3.5', '10s', ' ', '0x10', '11', '-1', '99999999999999999999'])('rejects %p', (raw) => {
    expect(() => parseInteger('retries', raw, 3, 0, 10)).toThrow(InputError);
    expect(() => parseInteger('retries', raw, 3, 0, 10)).toThrow('expected an integer from 0 to 10');
  });
});

describe('lists', () => {
  it('splits lines, drops blanks and comments', () => {
    expect(parseLines(' a \n\n# note\r\nb\n')).toEqual(['a', 'b']);
  });
  it('accepts commas or lines', () => {
    expect(parseList('1.2.3, 1.2\n1\n')).toEqual(['1.2.3', '1.2', '1']);
  });
});
