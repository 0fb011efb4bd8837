import { stateBackend } from '../state-backend.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(stateBackend);
