import { iamNames } from '../iam-names.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(iamNames);
