import { fargateNodeTraffic } from '../fargate-node-traffic.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(fargateNodeTraffic);
