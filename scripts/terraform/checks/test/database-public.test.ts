import { databasePublic } from '../database-public.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(databasePublic);
