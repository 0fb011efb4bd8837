import { stateBucket } from '../state-bucket.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(stateBucket);
