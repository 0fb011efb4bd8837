// The tree renders with kustomize (a tree that does not render is checked by nothing else).
import { defineCheck } from '../../checks/check.js';
import { type TreeSubject, treeProblem } from './subject.js';

export const render = defineCheck<TreeSubject>({
  id: 'render',
  summary: 'the tree renders with `kubectl kustomize`',
  run: (subject) => (subject.tree.error === undefined ? [] : [treeProblem(subject, subject.tree.error)]),
});
