import { moduleInputs } from '../module-inputs.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(moduleInputs);
