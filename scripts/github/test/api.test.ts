import { describe, expect, it } from '@jest/globals';
import { covers, formatCall } from '../api.js';

describe('covers', () => {
  it('ignores the fields GitHub adds and the order it returns a list in, but not a missing or changed one', () => {
    const wanted = {
      name: 'main',
      rules: [{ type: 'deletion' }, { type: 'pull_request', parameters: { n: 1 } }],
    };
    const answer = {
      id: 7,
      _links: {},
      name: 'main',
      rules: [
        { type: 'pull_request', parameters: { n: 1, allowed_merge_methods: ['squash'] } },
        { type: 'deletion' },
      ],
    };
    expect(covers(answer, wanted)).toBe(true);
    expect(covers({ ...answer, rules: [answer.rules[0]] }, wanted)).toBe(false);
    expect(
      covers(
        { ...answer, rules: [{ type: 'pull_request', parameters: { n: 2 } }, { type: 'deletion' }] },
        wanted,
      ),
    ).toBe(false);
    expect(covers({ ...answer, rules: [{ type: 'deletion' }, { type: 'deletion' }] }, wanted)).toBe(false);
    expect(covers(undefined, wanted)).toBe(false);
  });

  it('prints a call with its shown body only', () => {
    expect(formatCall({ method: 'PUT', path: '/x', shown: { encrypted_value: '***' }, what: 'w' })).toBe(
      'PUT /x {"encrypted_value":"***"}',
    );
    expect(formatCall({ method: 'DELETE', path: '/x/1', what: 'w' })).toBe('DELETE /x/1');
  });
});
