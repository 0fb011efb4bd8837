import { iamSelfEscalation } from '../iam-self-escalation.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(iamSelfEscalation);
