// The init values: what github:setup needs beyond Terraform's outputs, none of it secret (the secrets come
// from the caller's environment or files, see catalogue.ts). `npm run init` writes the file.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { derivationFields, githubFields, platformFields, problemsOf } from '../platform/values.js';
import type { ValueKey } from './catalogue.js';

export class SetupError extends Error {
  override name = 'SetupError';
}

// The file holds the platform's values too (scripts/platform/values.ts); github:setup needs the repository
// and the GitHub part, and holds the rest (the derivation's owners and token issuer included) to the same
// rules without needing them.
const schema = z.strictObject({
  ...Object.fromEntries(Object.entries(platformFields).map(([k, v]) => [k, v.optional()])),
  ...derivationFields,
  repository: platformFields.repository,
  ...githubFields,
});

export type InitValues = z.infer<typeof schema>;

/** The value of a catalogue variable that comes from the init values (undefined when optional and unset). */
export function initValue(values: InitValues, key: ValueKey): string | undefined {
  return values[key];
}

export function parseValues(text: string, source: string): InitValues {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SetupError(`${source}: not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new SetupError(`${source}: ${problemsOf(parsed.error).join('; ')}`);
  }
  return parsed.data;
}

export async function readValues(path: string): Promise<InitValues> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SetupError(`${path}: cannot read the init values (${error.code ?? error.message})`);
  });
  return parseValues(text, path);
}
