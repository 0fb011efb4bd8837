// The init values: what github:setup needs beyond Terraform's outputs, none of it secret (the secrets come
// from the caller's environment or files, see catalogue.ts). `init` writes the file; init.values.example.json
// shows its shape.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ValueKey } from './catalogue.js';

export class SetupError extends Error {
  override name = 'SetupError';
}

const login = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const team = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]+$/;

const schema = z.strictObject({
  repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'expected owner/name'),
  baseImage: z
    .string()
    .regex(/@sha256:[0-9a-f]{64}$/, 'expected an image pinned by digest (…@sha256:<64 hex>)'),
  sonarOrganization: z.string().min(1),
  sonarProjectKey: z.string().min(1),
  /** The GitHub App whose token pushes GitOps changes: its Client ID and its slug (github.com/apps/<slug>). */
  appClientId: z.string().regex(/^Iv[0-9A-Za-z.]+$/, 'expected a GitHub App Client ID (Iv…)'),
  appSlug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected the App slug (github.com/apps/<slug>)'),
  /** Required reviewers of `production` and `terraform-prod`: logins or org/team (GitHub allows 6). */
  reviewers: z
    .array(z.string().refine((r) => login.test(r) || team.test(r), 'expected a login or org/team'))
    .min(1)
    .max(6),
  /** Approvals a pull request into main needs (code owners' among them). @defaultValue 1 */
  requiredApprovals: z.number().int().min(0).max(10).default(1),
  releaseBumpMode: z.enum(['pull-request', 'push']).optional(),
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
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new SetupError(`${source}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export async function readValues(path: string): Promise<InitValues> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SetupError(`${path}: cannot read the init values (${error.code ?? error.message})`);
  });
  return parseValues(text, path);
}
