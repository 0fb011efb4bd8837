import { eksCompute } from '../eks-compute.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(eksCompute);
