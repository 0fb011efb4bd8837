import { queueAlarms } from '../queue-alarms.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(queueAlarms);
