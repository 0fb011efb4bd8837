import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../lib/inputs.js';
import { formatPin, parseImages } from '../src/images.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseImages', () => {
  it('reads digests and tags, registries with ports, comments and blank lines', () => {
    const pins = parseImages(
      [
        `inventory=123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/inventory@${D}`,
        '',
        '# a comment line',
        ' pricing = localhost:5000/pricing:1.2.3_rc-1 ',
        'ghcr.io/acme/web=ghcr.io/acme/web:v2',
      ].join('\n'),
    );
    expect(pins).toEqual([
      {
        name: 'inventory',
        repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/inventory',
        target: { kind: 'digest', digest: D },
      },
      { name: 'pricing', repository: 'localhost:5000/pricing', target: { kind: 'tag', tag: '1.2.3_rc-1' } },
      { name: 'ghcr.io/acme/web', repository: 'ghcr.io/acme/web', target: { kind: 'tag', tag: 'v2' } },
    ]);
    expect(pins.map(formatPin)).toEqual([
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/inventory@${D}`,
      'localhost:5000/pricing:1.2.3_rc-1',
      'ghcr.io/acme/web:v2',
    ]);
  });

  it.each([
    ['YAML after the tag', 'a=b:v1 newTag: x'],
    ['a second YAML key', 'a=b:v1 # c'],
    ['a flow mapping', 'a={b: c}:v1'],
    ['shell substitution', 'a=$(touch /tmp/x):v1'],
    ['shell substitution in the name', '$(touch /tmp/x)=b:v1'],
    ['backticks', 'a=b:`id`'],
    ['double quotes', 'a="b":v1'],
    ['single quotes', "a='b:v1'"],
    ['a colon and space', 'a=b: v1'],
    ['uppercase repository', 'a=Registry/B:v1'],
    ['no tag or digest', 'a=b'],
    ['a tag and a digest', `a=b:v1@${D}`],
    ['a short digest', 'a=b@sha256:abc'],
    ['an uppercase digest', `a=b@sha256:${'A'.repeat(64)}`],
    ['another algorithm', `a=b@sha512:${'a'.repeat(128)}`],
    ['no name', '=b:v1'],
    ['no equals sign', 'b:v1'],
    ['a tag over 128 characters', `a=b:${'t'.repeat(129)}`],
    ['a tag starting with a dot', 'a=b:.v1'],
    ['path traversal', 'a=../b:v1'],
  ])('rejects %s, naming the input', (_, line) => {
    expect(() => parseImages(line)).toThrow(InputError);
    expect(() => parseImages(line)).toThrow("Invalid input 'images'");
  });

  it('rejects a newline smuggled into a line as two bad lines, not one good one', () => {
    expect(() => parseImages('a=b:v1\nnewTag: x')).toThrow("Invalid input 'images'");
  });

  it('rejects an empty list and a name given twice', () => {
    expect(() => parseImages('\n# only a comment\n')).toThrow("Input 'images' is required");
    expect(() => parseImages('a=b:v1\na=b:v2')).toThrow('each image name at most once');
  });
});
