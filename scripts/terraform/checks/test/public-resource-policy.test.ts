import { publicResourcePolicy } from '../public-resource-policy.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(publicResourcePolicy);
