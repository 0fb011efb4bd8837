import { openIngress } from '../open-ingress.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(openIngress);
