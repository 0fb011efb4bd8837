import { afterEach, describe, expect, it } from '@jest/globals';
import { InputError } from '../../lib/inputs.js';
import { readSettings } from '../src/inputs.js';

const DIGEST = `sha256:${'0'.repeat(64)}`;
const names = ['source', 'tags', 'registry-username', 'registry-password'];
const envName = (name: string) => `INPUT_${name.toUpperCase()}`;

function withInputs(inputs: Record<string, string>) {
  for (const name of names) delete process.env[envName(name)];
  for (const [name, value] of Object.entries(inputs)) process.env[envName(name)] = value;
}
afterEach(() => withInputs({}));

function inputError(inputs: Record<string, string>): InputError {
  withInputs(inputs);
  try {
    readSettings();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readSettings', () => {
  it('parses the source, a deduplicated tag list (lines and commas) and the credentials', () => {
    withInputs({
      source: ' 127.0.0.1:5000/team/app:sha-1a2b3c4 ',
      tags: '1.4.2, 1.4\n# a comment\n1\n1.4\n',
      'registry-username': 'ci',
      'registry-password': 'p@ss word',
    });
    expect(readSettings()).toEqual({
      source: {
        registry: '127.0.0.1:5000',
        domain: '127.0.0.1:5000',
        repository: 'team/app',
        tag: 'sha-1a2b3c4',
      },
      tags: ['1.4.2', '1.4', '1'],
      credentials: { username: 'ci', password: 'p@ss word' },
    });
  });

  it('takes a digest source and no credentials', () => {
    withInputs({ source: `ghcr.io/acme/inventory@${DIGEST}`, tags: 'v1' });
    expect(readSettings()).toEqual({
      source: { registry: 'ghcr.io', domain: 'ghcr.io', repository: 'acme/inventory', digest: DIGEST },
      tags: ['v1'],
    });
  });

  it.each([
    [{ tags: 'v1' }, 'source', "Input 'source' is required"],
    [{ source: 'ghcr.io/acme/app', tags: 'v1' }, 'source', 'a :tag or @digest is required'],
    [{ source: 'ghcr.io/Acme/app:1', tags: 'v1' }, 'source', "path component 'Acme'"],
    [{ source: 'ghcr.io/acme/app@sha256:123', tags: 'v1' }, 'source', '64 lowercase hex'],
    [{ source: 'ghcr.io/a/b:1' }, 'tags', "Input 'tags' is required"],
    [{ source: 'ghcr.io/a/b:1', tags: '1.0, -bad' }, 'tags', "got '-bad'"],
    [{ source: 'ghcr.io/a/b:1', tags: 'ok\nrepo:tag' }, 'tags', "got 'repo:tag'"],
    [{ source: 'ghcr.io/a/b:1', tags: '# only a comment' }, 'tags', '1 to 100'],
    [{ source: 'ghcr.io/a/b:1', tags: 'v1', 'registry-username': 'ci' }, 'registry-password', 'is required'],
    [{ source: 'ghcr.io/a/b:1', tags: 'v1', 'registry-password': 'x' }, 'registry-username', 'is required'],
  ])('%j fails naming %s', (inputs, input, message) => {
    const error = inputError(inputs);
    expect(error.input).toBe(input);
    expect(error.message).toContain(message);
  });

  it('rejects more than 100 tags', () => {
    const tags = Array.from({ length: 101 }, (_, i) => `t${i}`).join('\n');
    expect(inputError({ source: 'ghcr.io/a/b:1', tags }).input).toBe('tags');
  });

  it('never puts the password into an error message', () => {
    const error = inputError({
      source: 'ghcr.io/a/b',
      tags: 'v1',
      'registry-username': 'u',
      'registry-password': 'hunter2',
    });
    expect(error.message).not.toContain('hunter2');
  });
});
