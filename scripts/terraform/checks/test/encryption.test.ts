import { encryption } from '../encryption.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(encryption);
