// Our declarations against Score's own published JSON Schema (score-spec/spec, score-v1b1.json), read from
// a checkout named by SCORE_SPEC_CHECKOUT (a work tree, or a bare git dir read at HEAD). The schema is
// never committed here: without a checkout the test is skipped, loudly, with how to get one.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { loadCatalogue } from '../catalogue.js';

const SCHEMA_FILE = 'score-v1b1.json';

function readSchema(checkout: string): object {
  if (existsSync(join(checkout, SCHEMA_FILE)))
    return JSON.parse(readFileSync(join(checkout, SCHEMA_FILE), 'utf8'));
  // A bare git dir (as /work/.mirror holds): read the file at HEAD.
  return JSON.parse(
    execFileSync('git', ['--git-dir', checkout, 'show', `HEAD:${SCHEMA_FILE}`], { encoding: 'utf8' }),
  );
}

const checkout = process.env.SCORE_SPEC_CHECKOUT;
if (!checkout)
  console.warn(
    'SKIPPED the official Score schema check: set SCORE_SPEC_CHECKOUT to a checkout of score-spec/spec ' +
      '(git clone https://github.com/score-spec/spec, or a bare mirror of it)',
  );
const suite = checkout ? describe : describe.skip;

suite('score.yaml against the official Score v1b1 JSON Schema', () => {
  const catalogue = loadCatalogue();
  let validate: ValidateFunction;
  beforeAll(() => {
    validate = new Ajv2020({ allErrors: true, strict: false }).compile(readSchema(checkout ?? ''));
  });

  it.each(catalogue.services.map((s) => [s.file]))('%s is valid Score', (file) => {
    const valid = validate(parse(readFileSync(join(catalogue.root, file), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('refuses what Score refuses: our extensions may not sit at the top level', () => {
    const first = catalogue.services[0];
    if (!first) throw new Error('no service declared');
    const document = parse(readFileSync(join(catalogue.root, first.file), 'utf8')) as Record<string, unknown>;
    expect(validate({ ...document, 'x-environments': {} })).toBe(false);
  });
});
