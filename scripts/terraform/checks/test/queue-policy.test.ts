import { queuePolicy } from '../queue-policy.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(queuePolicy);
