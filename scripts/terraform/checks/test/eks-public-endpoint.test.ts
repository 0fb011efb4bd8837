import { eksPublicEndpoint } from '../eks-public-endpoint.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(eksPublicEndpoint);
