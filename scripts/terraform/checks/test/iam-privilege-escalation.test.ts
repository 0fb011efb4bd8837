import { iamPrivilegeEscalation } from '../iam-privilege-escalation.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(iamPrivilegeEscalation);
