import { versions } from '../versions.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(versions);
