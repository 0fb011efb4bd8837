// The plans of `npm run up -- <env>` and `npm run down -- <env>`, in order. Pure data: the runner executes
// them, `--dry-run` prints them, the tests read them.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UNPINNED_DIGEST } from '../gitops/derive/images.js';
import {
  awsEnvFile,
  clusterAwsEnvFile,
  clusterDir,
  controllerFile,
  overlayKustomizationFile,
  repositoryEnvFile,
} from '../gitops/layout.js';
import { platform } from '../platform/platform.js';
import { VALUES_FILE } from '../platform/values.js';
import { dataDir, ENVIRONMENT_ROOT, settingsFile, stateKey } from '../terraform/environment-root.js';
import { type Arg, output, type Step } from './steps.js';

export const environments = ['dev', 'prod'] as const;
export type Environment = (typeof environments)[number];

/**
 * The charts `up` installs before Argo CD can (Argo CD itself; External Secrets Operator, whose CRDs the
 * private-repository credentials need before Argo CD first reads git), with the chart, version and values
 * of the Application that owns each after bootstrap, so the first install and every later sync agree.
 */
export const argoCdApplication = controllerFile('argo-cd');
export const externalSecretsApplication = controllerFile('external-secrets');

export const charts = {
  argoCd: applicationChart(argoCdApplication),
  externalSecrets: applicationChart(externalSecretsApplication),
};

function applicationChart(path: string): { repo: string; chart: string; version: string; set: string[] } {
  const source = parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'))?.spec?.source;
  if (typeof source?.chart !== 'string' || typeof source.targetRevision !== 'string')
    throw new Error(`${path}: spec.source must name a chart and its version`);
  const values = source.helm?.valuesObject ?? parse(source.helm?.values ?? '') ?? {};
  return {
    repo: String(source.repoURL),
    chart: source.chart,
    version: source.targetRevision,
    set: flatten(path, values, ''),
  };
}

/** `{a: {b: 1}}` as ['a.b=1']: Helm's --set for scalar values (the bootstrap needs no lists). */
function flatten(path: string, values: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const name = `${prefix}${key.replace(/\./g, '\\.')}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return flatten(path, value as Record<string, unknown>, `${name}.`);
    if (Array.isArray(value) || value === null)
      throw new Error(`${path}: ${name} is not a scalar; the bootstrap passes values with --set`);
    return [`${name}=${String(value)}`];
  });
}

export const bootstrapDir = 'terraform/bootstrap';

/**
 * `terraform` in the environment root for one environment: on that environment's own data directory, so the
 * backend it was initialised on (its state key) is the one every later command of the plan reads.
 */
const terraformFor = (env: Environment): Arg[] => [
  'env',
  `TF_DATA_DIR=${dataDir(env)}`,
  'terraform',
  `-chdir=${ENVIRONMENT_ROOT}`,
];

/** An output of the environment's state. */
const envOutput = (env: Environment, name: string) => output(ENVIRONMENT_ROOT, name, dataDir(env));

/**
 * The environment's var-file: its committed settings. The platform's values (platform.auto.tfvars.json,
 * derived from init.values.json) and the services' (services.auto.tfvars.json) load by themselves.
 */
const varFiles = (env: Environment): Arg[] => [`-var-file=${settingsFile(env)}`];
/** The namespaces Argo CD fills: deleting them removes every pod, PVC and volume claim the apps made. */
export const appNamespaces = (env: Environment) => [
  platform().namespace(env),
  'monitoring',
  'external-secrets',
];

function stateVars(): (string | ReturnType<typeof output>)[][] {
  return [
    ['-var=state_bucket=', output(bootstrapDir, 'state_bucket')],
    ['-var=state_kms_key_arn=', output(bootstrapDir, 'state_kms_key_arn')],
  ];
}

function bootstrapAndInit(env: Environment): Step[] {
  return [
    {
      title: 'Terraform: initialise the state bootstrap',
      command: ['terraform', `-chdir=${bootstrapDir}`, 'init', '-input=false'],
    },
    {
      title: 'Terraform: apply the state bootstrap (S3 bucket, KMS key)',
      command: ['terraform', `-chdir=${bootstrapDir}`, 'apply', '-input=false', '-auto-approve'],
    },
    {
      title: `Terraform: initialise ${ENVIRONMENT_ROOT} for ${env} on the S3 backend (state ${stateKey(env)})`,
      command: [
        ...terraformFor(env),
        'init',
        '-input=false',
        '-reconfigure',
        `-backend-config=key=${stateKey(env)}`,
        ['-backend-config=bucket=', output(bootstrapDir, 'state_bucket')],
        ['-backend-config=region=', output(bootstrapDir, 'region')],
        ['-backend-config=kms_key_id=', output(bootstrapDir, 'state_kms_key_arn')],
      ],
    },
  ];
}

function preflight(tools: readonly string[]): Step {
  return {
    title: `Preflight: ${tools.join(', ')}, the AWS identity, the init values`,
    command: {
      shell: [
        ...tools.map((t) => `command -v ${t} >/dev/null`),
        'aws sts get-caller-identity',
        // init with no flag and no terminal checks the values (no placeholder left) and derives what they give.
        'npx tsx scripts/platform/init.ts </dev/null',
      ].join(' && '),
    },
    onFailure: `a tool, the AWS credentials or an init value is missing: install ${tools.join(', ')}, log in to AWS, and run npm run init (${VALUES_FILE} must name your repository, domain, e-mail and CIDR blocks)`,
  };
}

function kubeconfig(env: Environment, probe: boolean): Step {
  return {
    title: 'kubectl: point the kubeconfig at the cluster',
    command: [
      'aws',
      'eks',
      'update-kubeconfig',
      ['--region=', envOutput(env, 'region')],
      ['--name=', envOutput(env, 'cluster_name')],
    ],
    ...(probe ? { probe: true } : {}),
  };
}

/** What `main.yml` or a release pins: until then the overlay pins the placeholder digest, which never runs. */
const firstDeploy = (env: Environment): string =>
  env === 'dev'
    ? 'dev still pins the placeholder digest (no image built yet), so its services cannot become healthy. Build and deploy every service once: gh workflow run main.yml --ref main (Actions → Main → Run workflow). Once its bump commit is on main (git pull), Argo CD syncs dev: run `npm run up -- dev` again to wait for it and point the host name at the ALB.'
    : 'prod still pins the placeholder digest (nothing released yet), so its services cannot become healthy. Release first: git tag v0.1.0 && git push origin v0.1.0, approve the job in the production environment, merge its bump pull request (git pull), then run `npm run up -- prod` again.';

export function upPlan(env: Environment): Step[] {
  const awsEnv = awsEnvFile(env);
  const clusterEnv = clusterAwsEnvFile(env);
  const repositoryEnv = repositoryEnvFile(env);
  const carried = [awsEnv, clusterEnv, repositoryEnv];
  const cluster = clusterDir(env);
  const overlay = overlayKustomizationFile(env);
  const namespace = platform().namespace(env);
  const eso = charts.externalSecrets;
  const argo = charts.argoCd;
  const waitApps =
    env === 'dev'
      ? {
          // Argo CD's own Application (label platform.shop/sync=manual) syncs by hand: not waited for.
          title: 'Argo CD: wait until every Application is synced (Argo CD itself excepted) and healthy',
          command: {
            shell:
              "kubectl -n argocd wait applications.argoproj.io --selector='platform.shop/sync!=manual' --for=jsonpath='{.status.sync.status}'=Synced --timeout=20m && kubectl -n argocd wait applications.argoproj.io --all --for=jsonpath='{.status.health.status}'=Healthy --timeout=20m",
          },
        }
      : {
          // prod's Applications sync only by hand (gitops/clusters/prod): wait for the root, then say so.
          title: 'Argo CD: wait until root-prod is synced (the prod Applications then sync by hand)',
          command: {
            shell:
              "kubectl -n argocd wait applications.argoproj.io/root-prod --for=jsonpath='{.status.sync.status}'=Synced --timeout=20m",
          },
        };
  return [
    preflight(['terraform', 'aws', 'kubectl', 'helm', 'git']),
    ...bootstrapAndInit(env),
    {
      title: `Terraform: apply ${ENVIRONMENT_ROOT} for ${env} (network, EKS, SQS, ECR, Aurora, IAM, DNS, alarms)`,
      command: [
        ...terraformFor(env),
        'apply',
        '-input=false',
        '-auto-approve',
        ...varFiles(env),
        // The entrypoint record follows the ALB (modules/dns): kept on a re-run, made once the ALB exists.
        ...stateVars(),
      ],
    },
    {
      title: `Carry the outputs into ${awsEnv} and ${clusterEnv} and print the GitHub variables`,
      command: ['npx', 'tsx', 'scripts/terraform/outputs.ts', env],
    },
    {
      title: `Git: ${awsEnv}, ${clusterEnv} and ${repositoryEnv} must be committed and pushed (Argo CD reads git, not this machine)`,
      command: ['git', 'diff', '--quiet', 'HEAD', '--', ...carried],
      // Through git, not a cluster secret Argo CD reads: git stays the record of what was deployed, and
      // every value still passes validate:gitops (terraform/README.md, Carrying the outputs).
      remedy: {
        question: `Terraform's values changed ${carried.join(', ')}: commit them and push to origin main now (Argo CD reads main)?`,
        command: {
          shell: `git commit --quiet -m '${env}: Terraform'"'"'s values (npm run up -- ${env})' -- ${carried.join(' ')} && git push origin HEAD:main`,
        },
      },
      onFailure: `${awsEnv}, ${clusterEnv} or ${repositoryEnv} changed: commit and push them to main (a pull request once main's ruleset is on), then run \`npm run up -- ${env}\` again (it continues from here); at a terminal or with --yes, up commits and pushes them itself`,
    },
    kubeconfig(env, false),
    {
      // Once: from then on the Application argocd (project admin) upgrades Argo CD from git, and the
      // add-ons (Load Balancer Controller, metrics-server, Cluster Autoscaler) are Argo CD's too.
      title: `Helm: install Argo CD (chart ${argo.chart} ${argo.version}) unless it is installed; it then manages itself`,
      command: {
        shell: [
          'helm status argocd --namespace=argocd >/dev/null 2>&1 ||',
          `helm install argocd ${argo.chart} --repo=${argo.repo} --version=${argo.version}`,
          '--namespace=argocd --create-namespace',
          ...argo.set.map((v) => `--set=${v}`),
          '--wait --timeout=10m',
        ].join(' '),
      },
    },
    {
      // Before the root: it holds the ExternalSecret that gives Argo CD the credentials of a private
      // repository (gitops/infrastructure/configs/argocd-repository, when the cluster opts in), so the
      // operator's CRDs must exist before Argo CD reads git. Its Application (a controller) then owns it.
      title: `Helm: External Secrets Operator ${eso.version} (Argo CD's repository credentials)`,
      command: [
        'helm',
        'upgrade',
        '--install',
        'external-secrets',
        eso.chart,
        `--repo=${eso.repo}`,
        `--version=${eso.version}`,
        '--namespace=external-secrets',
        '--create-namespace',
        ...eso.set.map((v) => `--set=${v}`),
        '--wait',
        '--timeout=10m',
      ],
    },
    {
      title: `Argo CD: apply the root Application (${cluster})`,
      command: ['kubectl', 'apply', '-k', cluster],
    },
    {
      title: `GitOps: ${overlay} pins a built image of every service`,
      command: { shell: `! grep -Eq 'digest: *${UNPINNED_DIGEST.replace(/0{64}$/, '0{64}')}' ${overlay}` },
      stopWith: firstDeploy(env),
    },
    waitApps,
    // Both environments have the entrypoint Ingress (gitops/apps/common/ingress.yaml). prod syncs by hand:
    // wait, for up to an hour, until someone has synced the add-ons and the services and the ALB exists.
    ...(env === 'prod'
      ? [
          {
            title: `Argo CD: sync addons, the platform and ${namespace} by hand now; waiting for the entrypoint ALB`,
            command: {
              shell: `timeout 3600 bash -c 'until kubectl -n ${namespace} get ingress shop -o jsonpath={.status.loadBalancer.ingress[0].hostname} | grep -q .; do sleep 15; done'`,
            },
          },
        ]
      : []),
    {
      title: 'Terraform: point the entrypoint host name at the ALB',
      command: [
        ...terraformFor(env),
        'apply',
        '-input=false',
        '-auto-approve',
        ...varFiles(env),
        // No variable: the record follows the ALB, which now exists (modules/dns).
        ...stateVars(),
      ],
    },
    {
      title: 'Grafana: how to open it',
      command: {
        shell:
          'echo "kubectl -n monitoring port-forward svc/kube-prometheus-stack-grafana 3000:80, then http://localhost:3000"',
      },
    },
  ];
}

export function downPlan(env: Environment): Step[] {
  const namespaces = appNamespaces(env);
  return [
    preflight(['terraform', 'aws', 'kubectl']),
    ...bootstrapAndInit(env).filter((s) => !s.title.includes('apply the state bootstrap')),
    kubeconfig(env, true),
    {
      title: 'Argo CD: stop reconciling, so nothing deleted below comes back',
      command: {
        shell:
          'if kubectl -n argocd get statefulset/argocd-application-controller >/dev/null 2>&1; then kubectl -n argocd scale statefulset/argocd-application-controller --replicas=0; fi',
      },
      needsCluster: true,
    },
    {
      title: 'Kubernetes: delete every Ingress (the controller deletes the ALBs)',
      command: ['kubectl', 'delete', 'ingress', '--all', '--all-namespaces', '--wait', '--timeout=10m'],
      needsCluster: true,
    },
    {
      title: 'Kubernetes: delete every Service of type LoadBalancer (NLBs/CLBs)',
      command: {
        shell:
          'kubectl get services --all-namespaces -o jsonpath=\'{range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.namespace}{" "}{.metadata.name}{"\\n"}{end}\' | while read -r ns name; do kubectl delete service -n "$ns" "$name" --wait --timeout=10m; done',
      },
      needsCluster: true,
    },
    {
      title: `Kubernetes: delete the app namespaces (${namespaces.join(', ')}) with their pods and volume claims`,
      command: [
        'kubectl',
        'delete',
        'namespace',
        ...namespaces,
        '--ignore-not-found',
        '--wait',
        '--timeout=15m',
      ],
      needsCluster: true,
    },
    {
      title: 'Kubernetes: wait until every PersistentVolume (EBS volume) is gone',
      // kubectl wait --all fails when there is nothing to wait for: a second `down` must still pass here.
      command: {
        shell:
          'if [ -n "$(kubectl get persistentvolumes -o name)" ]; then kubectl wait --for=delete persistentvolumes --all --timeout=10m; fi',
      },
      needsCluster: true,
    },
    {
      title: `Terraform: destroy ${env} (${ENVIRONMENT_ROOT})`,
      command: [
        ...terraformFor(env),
        'destroy',
        '-input=false',
        '-auto-approve',
        ...varFiles(env),
        ...stateVars(),
      ],
      ...(env === 'prod'
        ? {
            onFailure: `prod keeps deletion protection on the database: turn it off in ${ENVIRONMENT_ROOT}/${settingsFile(env)} and apply first, on purpose`,
          }
        : {}),
    },
  ];
}
