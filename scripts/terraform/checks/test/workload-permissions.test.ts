import { workloadPermissions } from '../workload-permissions.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(workloadPermissions);
