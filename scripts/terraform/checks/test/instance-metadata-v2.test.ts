import { instanceMetadataV2 } from '../instance-metadata-v2.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(instanceMetadataV2);
