import { logGroups } from '../log-groups.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(logGroups);
