import { envParity } from '../env-parity.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(envParity);
