import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../lib/inputs.js';
import { parseReference as parseOciReference } from '../../lib/oci-reference.js';
import { formatPin, parseImages, parseReference } from '../src/images.js';

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

describe('one image-reference grammar', () => {
  it('accepts exactly what actions/lib/oci-reference.ts accepts (sha256, tag or digest), keeping the name as written', () => {
    const references = [
      'alpine:3',
      'localhost:5000/team/app:v1',
      '[::1]:5000/app:v1',
      `ghcr.io/a/b@${D}`,
      'Host.Example:443/x/y:1.0',
      'a/B:v1',
      'a//b:v1',
      'a:',
      `a@sha512:${'a'.repeat(128)}`,
      `a:v1@${D}`,
      '-a:v1',
      `${'a'.repeat(250)}/b:v1`,
    ];
    for (const reference of references) {
      let oci: ReturnType<typeof parseOciReference> | undefined;
      try {
        oci = parseOciReference(reference);
      } catch {
        oci = undefined;
      }
      const single = oci !== undefined && (oci.tag === undefined) !== (oci.digest === undefined);
      const expected = single && (oci?.digest === undefined || oci.digest.startsWith('sha256:'));
      expect([reference, parseReference(reference) !== undefined]).toEqual([reference, expected]);
    }
    expect(parseReference('alpine:3')).toEqual({ repository: 'alpine', target: { kind: 'tag', tag: '3' } });
  });
});
