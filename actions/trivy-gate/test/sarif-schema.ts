// Validates SARIF against the official SARIF 2.1.0 JSON schema: the copy shipped in @microsoft/jest-sarif
// (a dev dependency used only for this file), checked with ajv and ajv-formats.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';

const require = createRequire(import.meta.url);
const addFormats = require('ajv-formats') as FormatsPlugin;
const {
  $schema: _,
  id,
  ...schema
} = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as Record<string, unknown>;
// The schema is draft-04 (`id`, not `$id`) and one of its patterns is not valid in Unicode mode.
const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile({ ...schema, $id: String(id) });

/** The schema violations of a SARIF log, as `path message` lines; empty when it is valid. */
export const sarifSchemaErrors = (log: unknown): string[] =>
  validateSarif(log) ? [] : (validateSarif.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
