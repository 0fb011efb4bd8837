import { bucketTlsOnly } from '../bucket-tls-only.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(bucketTlsOnly);
