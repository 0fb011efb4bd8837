import { deletionProtection } from '../deletion-protection.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(deletionProtection);
