import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc } from '../../test/fixture.js';

const images = (f: Parameters<typeof doc>[0]) => doc(f, 'gitops/envs/prod/kustomization.yaml').images;

describe('prod-digest', () => {
  it('refuses a prod image by tag, not digest', async () => {
    const f = mutate((f) => {
      images(f)[0] = { name: 'app', newName: 'registry.example.com/app', newTag: '1.2.3' };
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'prod-digest',
      'image "registry.example.com/app:1.2.3" is not pinned by digest',
    );
  });

  it('passes a tag and a digest together', async () => {
    const f = mutate((f) => {
      images(f)[0].newTag = '1.2.3';
    });
    await expectNoFinding(f, 'prod-digest');
  });
});
