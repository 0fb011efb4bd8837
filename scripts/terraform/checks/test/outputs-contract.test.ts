import { outputsContract } from '../outputs-contract.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(outputsContract);
