import { moduleShape } from '../module-shape.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(moduleShape);
