// Every action is shippable: metadata complete, dist/ fresh, README usage generated from action.yml.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { buildAction, listActions } from '../../scripts/actions/build.mjs';
import { expectedReadme, readMetadata } from '../../scripts/actions/docs.js';

const actionsDir = join(import.meta.dirname, '..');
const actions = listActions() as string[];
const scratch = mkdtempSync(join(tmpdir(), 'dist-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(actions)('actions/%s', (name) => {
  const dir = join(actionsDir, name);
  const meta = readMetadata(dir) as unknown as {
    runs: unknown;
    branding?: { icon?: unknown; color?: unknown };
    inputs?: Record<string, { description?: unknown }>;
    outputs?: Record<string, { description?: unknown }>;
  };

  it('runs on node24 from dist/index.js, with branding and every input and output described', () => {
    expect(meta.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(meta.branding?.icon).toEqual(expect.any(String));
    expect(meta.branding?.color).toEqual(expect.any(String));
    for (const [key, entry] of Object.entries({ ...meta.inputs, ...meta.outputs })) {
      const description = typeof entry.description === 'string' ? entry.description : '';
      expect([key, description.length > 10]).toEqual([key, true]);
    }
  });

  it('has a committed dist/index.js identical to a fresh build of src/', async () => {
    const outfile = join(scratch, name, 'index.js');
    await buildAction(name, outfile);
    const committed = readFileSync(join(dir, 'dist', 'index.js'), 'utf8');
    // Not toEqual on the whole text: a 1 MB diff helps nobody. Run `npm run build:actions`.
    expect(committed === readFileSync(outfile, 'utf8') ? 'fresh' : 'stale: run npm run build:actions').toBe(
      'fresh',
    );
  });

  it('has a README whose usage block matches action.yml', () => {
    const { current, expected } = expectedReadme(actionsDir, name);
    expect(current === expected ? 'in sync' : 'drifted: run npm run docs:actions').toBe('in sync');
  });
});
