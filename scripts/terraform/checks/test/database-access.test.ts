import { databaseAccess } from '../database-access.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(databaseAccess);
