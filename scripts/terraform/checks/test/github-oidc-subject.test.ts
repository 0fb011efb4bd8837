import { githubOidcSubject } from '../github-oidc-subject.js';
import { checksTheRealTree } from './fixture.js';

checksTheRealTree(githubOidcSubject);
