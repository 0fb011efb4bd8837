import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc } from '../../test/fixture.js';

const images = (f: Parameters<typeof doc>[0]) => doc(f, 'gitops/envs/prod/kustomization.yaml').images;

describe('image-reference', () => {
  it('refuses an image with no tag and no digest', async () => {
    const f = mutate((f) => {
      images(f).length = 0;
    });
    await expectFinding(f, DEPLOYMENT, 'image-reference', 'image "app" has neither a tag nor a digest');
  });

  it('refuses the tag latest', async () => {
    const f = mutate((f) => {
      images(f)[0] = { name: 'app', newName: 'registry.example.com/app', newTag: 'latest' };
    });
    await expectFinding(f, DEPLOYMENT, 'image-reference', 'uses the tag latest');
  });

  it('passes a tag on a registry with a port', async () => {
    const f = mutate((f) => {
      images(f)[0] = { name: 'app', newName: 'registry.example.com:5000/app', newTag: '1.2.3' };
    });
    await expectNoFinding(f, 'image-reference');
  });
});
