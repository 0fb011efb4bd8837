// The rehearsal reads each step's inputs from the workflow definitions; expressions it cannot evaluate
// are errors, never guesses.
import { describe, expect, it } from '@jest/globals';
import { deploy, publish } from '../../../workflows/main.js';
import { images } from '../../../workflows/pr.js';
import { release } from '../../../workflows/release.js';
import { overlayDir } from '../../gitops/layout.js';
import { matrixOf } from '../context.js';
import { actionInputs, substitute } from '../expressions.js';

describe('workflow inputs in the rehearsal', () => {
  it('replaces dotted references and takes the first non-empty value of ||', () => {
    expect(substitute('${{ vars.A }}/x', { 'vars.A': 'host' }, 'w')).toBe('host/x');
    expect(substitute("${{ vars.MODE || 'pull-request' }}", { 'vars.MODE': '' }, 'w')).toBe('pull-request');
    expect(substitute('${{ a.b || c.d }}', { 'a.b': '', 'c.d': 'token' }, 'w')).toBe('token');
  });

  it('names what it cannot evaluate', () => {
    expect(() => substitute('${{ vars.MISSING }}', {}, 'job / step / input')).toThrow(
      'job / step / input: no value for vars.MISSING in this rehearsal',
    );
    expect(() => substitute("${{ fromJSON('[1]') }}", {}, 'w')).toThrow('cannot evaluate');
  });

  it('gives the publish, bump and promote steps the inputs the workflows pass', () => {
    const context = {
      'vars.ECR_REGISTRY': '127.0.0.1:5000',
      'vars.BASE_IMAGE': 'b@sha256:1',
      ...matrixOf('pricing'),
    };
    expect(actionInputs(publish, 'publish', context)).toEqual({
      action: 'image-publish',
      inputs: {
        image: '127.0.0.1:5000/shop/pricing',
        builder: 'bundle',
        base: 'b@sha256:1',
        'working-directory': 'services/pricing',
        entry: 'src/main.ts',
        port: '8081',
        include: 'migrations',
        'immutable-tags': 'true',
      },
    });
    const bump = actionInputs(deploy, 'bump', {
      'steps.pins.outputs.images': 'a=b@sha256:2',
      'steps.ecr.outputs.password': 'p',
      'github.sha': 'abc',
    });
    expect(bump.inputs).toMatchObject({
      path: overlayDir('dev'),
      images: 'a=b@sha256:2',
      mode: 'push',
      branch: 'main',
      'only-newer': 'true',
      'registry-password': 'p',
    });
    const prod = actionInputs(release, 'bump', {
      'steps.images.outputs.images': 'x',
      'vars.RELEASE_BUMP_MODE': '',
      'steps.app-token.outputs.token': 'app',
      'github.ref_name': 'v1.0.0',
    });
    expect(prod.inputs).toMatchObject({ path: overlayDir('prod'), mode: 'pull-request', token: 'app' });
    // The pull request's image job gets the same bundle inputs from the same matrix legs.
    const scan = actionInputs(images, 'build', { ...context, 'env.SCAN_REGISTRY': '127.0.0.1:5000' });
    expect(scan.inputs).toEqual({
      image: '127.0.0.1:5000/pricing',
      builder: 'bundle',
      base: 'b@sha256:1',
      'working-directory': 'services/pricing',
      entry: 'src/main.ts',
      port: '8081',
      include: 'migrations',
    });
    expect(() => actionInputs(publish, 'no-such-step', context)).toThrow(
      "has no step with id 'no-such-step'",
    );
  });
});
