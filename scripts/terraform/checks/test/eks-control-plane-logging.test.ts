import { eksControlPlaneLogging } from '../eks-control-plane-logging.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(eksControlPlaneLogging);
