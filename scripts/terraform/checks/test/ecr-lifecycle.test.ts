import { ecrLifecycle } from '../ecr-lifecycle.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(ecrLifecycle);
