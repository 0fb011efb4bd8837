import { workloadTrust } from '../workload-trust.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(workloadTrust);
