import { queueDlq } from '../queue-dlq.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(queueDlq);
