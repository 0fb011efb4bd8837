// A real bare git remote in a temp dir with an app base and a dev overlay, and clones of it as workspaces.
// Shared by the gitops-bump tests and bench/gitops-bump.bench.ts (benches import from scripts/lib, never a test folder).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { overlayDir, serviceBaseDir } from '../gitops/layout.js';

export const digest = (char: string) => `sha256:${char.repeat(64)}`;

/** Eight image names the base Deployment uses, one container each. */
export const IMAGE_NAMES = [
  'inventory',
  'pricing',
  'orders',
  'payments',
  'shipping',
  'catalog',
  'search',
  'gateway',
];

/** The dev overlay, where this repository keeps it (gitops/apps/<env>); the app's base is beside it. */
export const OVERLAY = overlayDir('dev');
const BASE = serviceBaseDir('shop');

/** The dev overlay as people write it: comments, blank lines, mixed quoting, kustomize's `- ` style. */
export const OVERLAY_KUSTOMIZATION = `# Dev overlay: pins the images built on main.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

namespace: shop-dev   # everything lands here
resources:
- ../base/shop

images:
# inventory: built by the main workflow
- name: inventory
  newName: registry.example.com/shop/inventory # ECR in real life
  digest: ${digest('0')}
- name: pricing
  newTag: "1.0"   # pinned by hand
- {name: orders, newName: registry.example.com/shop/orders, newTag: v1}
- name: payments
  newName: registry.example.com/shop/payments
  digest: ${digest('1')}
- name: shipping
  newName: registry.example.com/shop/shipping
  newTag: '2.3.4'
- name: catalog
  newName: registry.example.com/shop/catalog
  digest: ${digest('2')}
- name: search
  newName: registry.example.com/shop/search
  digest: ${digest('3')}
- name: gateway
  newName: registry.example.com/shop/gateway
  digest: ${digest('4')}

labels:
  - pairs: {app.kubernetes.io/part-of: shop}
`;

const BASE_KUSTOMIZATION =
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deployment.yaml\n';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
${IMAGE_NAMES.map((name) => `      - name: ${name}\n        image: ${name}`).join('\n')}
`;

const IDENTITY = ['-c', 'user.name=Dev Eloper', '-c', 'user.email=dev@example.com'];

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export class GitRemote {
  readonly root = mkdtempSync(join(tmpdir(), 'gitops-bump-'));
  readonly bare = join(this.root, 'remote.git');
  private clones = 0;

  constructor(files: Record<string, string> = defaultFiles()) {
    git(this.root, ['init', '--quiet', '--bare', '--initial-branch=main', this.bare]);
    const seed = this.clone('seed');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(seed, path)), { recursive: true });
      writeFileSync(join(seed, path), text);
    }
    this.commitAndPush(seed, 'Initial GitOps tree');
    writeFileSync(join(seed, 'README.md'), 'Shop\n');
    this.commitAndPush(seed, 'Add README');
  }

  /** A fresh clone on main, as actions/checkout leaves a workspace (`shallow`: its default depth of 1). */
  clone(name = `ws${++this.clones}`, shallow = false): string {
    const dir = join(this.root, name);
    const source = shallow ? ['--depth=1', `file://${this.bare}`] : [this.bare];
    git(this.root, ['clone', '--quiet', ...source, dir]);
    return dir;
  }

  /** Commits everything in `clone` as a person would and pushes it to main. */
  commitAndPush(clone: string, message: string): string {
    git(clone, ['add', '-A']);
    git(clone, [...IDENTITY, 'commit', '--quiet', '-m', message]);
    git(clone, ['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
    return git(clone, ['rev-parse', 'HEAD']);
  }

  /** Someone else's commit to main: edits a file in a fresh clone and pushes it. */
  pushOtherCommit(path: string, edit: (text: string) => string, message = 'Someone else was here'): string {
    const clone = this.clone();
    const file = join(clone, path);
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return this.commitAndPush(clone, message);
  }

  tip(branch = 'main'): string {
    return git(this.bare, ['rev-parse', `refs/heads/${branch}`]);
  }

  /** A file's text on the remote branch. */
  show(path: string, branch = 'main'): string {
    return execFileSync('git', ['show', `refs/heads/${branch}:${path}`], {
      cwd: this.bare,
      encoding: 'utf8',
    });
  }

  /** First-parent subjects of the branch, newest first. */
  log(branch = 'main'): string[] {
    return git(this.bare, ['log', '--format=%s', `refs/heads/${branch}`]).split('\n');
  }

  /** Installs a hook script in the bare remote (e.g. pre-receive). */
  hook(name: string, script: string): void {
    writeFileSync(join(this.bare, 'hooks', name), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function defaultFiles(): Record<string, string> {
  return {
    [`${BASE}/kustomization.yaml`]: BASE_KUSTOMIZATION,
    [`${BASE}/deployment.yaml`]: DEPLOYMENT,
    [`${OVERLAY}/kustomization.yaml`]: OVERLAY_KUSTOMIZATION,
  };
}

/** Lines of `after` that differ from `before` (same line count assumed by callers that pass it). */
export function changedLines(before: string, after: string): Array<[number, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  return b.flatMap((line, i) => (line === a[i] ? [] : [[i + 1, line] as [number, string]]));
}
