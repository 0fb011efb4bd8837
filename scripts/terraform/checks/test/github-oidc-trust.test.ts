import { githubOidcTrust } from '../github-oidc-trust.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(githubOidcTrust);
