import { iamStarAction } from '../iam-star-action.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(iamStarAction);
