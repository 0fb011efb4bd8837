import { ecrRepository } from '../ecr-repository.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(ecrRepository);
