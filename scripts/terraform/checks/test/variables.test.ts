import { variables } from '../variables.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(variables);
