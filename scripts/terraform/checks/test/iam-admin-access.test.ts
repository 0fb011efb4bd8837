import { iamAdminAccess } from '../iam-admin-access.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(iamAdminAccess);
