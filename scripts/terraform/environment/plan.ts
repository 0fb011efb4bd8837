// The plans of `npm run up -- <env>` and `npm run down -- <env>`, in order. Pure data: the runner executes
// them, `--dry-run` prints them, the tests read them.
import { lazyCommand, output, type Step, shellValue } from './steps.js';

export const environments = ['dev', 'prod'] as const;
export type Environment = (typeof environments)[number];

/** Pinned chart versions: a rebuild months later installs the same Argo CD and controller. */
export const charts = {
  argoCd: { repo: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '8.5.0' },
  externalSecrets: {
    repo: 'https://charts.external-secrets.io',
    chart: 'external-secrets',
    version: '0.19.2',
  },
  loadBalancerController: {
    repo: 'https://aws.github.io/eks-charts',
    chart: 'aws-load-balancer-controller',
    version: '1.14.0',
  },
} as const;

export const bootstrapDir = 'terraform/bootstrap';
export const envDir = (env: Environment) => `terraform/envs/${env}`;
/** The namespaces Argo CD fills: deleting them removes every pod, PVC and volume claim the apps made. */
export const appNamespaces = (env: Environment) => [`shop-${env}`, 'monitoring', 'external-secrets'];

function stateVars(): (string | ReturnType<typeof output>)[][] {
  return [
    ['-var=state_bucket=', output(bootstrapDir, 'state_bucket')],
    ['-var=state_kms_key_arn=', output(bootstrapDir, 'state_kms_key_arn')],
  ];
}

function bootstrapAndInit(env: Environment): Step[] {
  const dir = envDir(env);
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
      title: `Terraform: initialise ${dir} on the S3 backend`,
      command: [
        'terraform',
        `-chdir=${dir}`,
        'init',
        '-input=false',
        '-reconfigure',
        ['-backend-config=bucket=', output(bootstrapDir, 'state_bucket')],
        ['-backend-config=region=', output(bootstrapDir, 'region')],
        ['-backend-config=kms_key_id=', output(bootstrapDir, 'state_kms_key_arn')],
      ],
    },
  ];
}

function preflight(env: Environment, tools: readonly string[]): Step {
  const tfvars = [`${bootstrapDir}/terraform.tfvars`, `${envDir(env)}/terraform.tfvars`];
  return {
    title: `Preflight: ${tools.join(', ')}, the AWS identity, the tfvars files`,
    command: {
      shell: [
        ...tools.map((t) => `command -v ${t} >/dev/null`),
        'aws sts get-caller-identity',
        ...tfvars.map((f) => `test -f ${f}`),
      ].join(' && '),
    },
    onFailure: `a tool, the AWS credentials or a tfvars file is missing: install ${tools.join(', ')}, log in to AWS, and copy ${tfvars.map((f) => `${f}.example`).join(' and ')} to terraform.tfvars and fill them in`,
  };
}

function kubeconfig(env: Environment, probe: boolean): Step {
  const dir = envDir(env);
  return {
    title: 'kubectl: point the kubeconfig at the cluster',
    command: [
      'aws',
      'eks',
      'update-kubeconfig',
      ['--region=', output(dir, 'region')],
      ['--name=', output(dir, 'cluster_name')],
    ],
    ...(probe ? { probe: true } : {}),
  };
}

export function upPlan(env: Environment): Step[] {
  const dir = envDir(env);
  const awsEnv = `gitops/envs/${env}/aws.env`;
  const repositoryEnv = `gitops/argocd/repository/${env}/repository.env`;
  const eso = charts.externalSecrets;
  const lbc = charts.loadBalancerController;
  const argo = charts.argoCd;
  const waitApps =
    env === 'dev'
      ? {
          title: 'Argo CD: wait until every Application is synced and healthy',
          command: {
            shell:
              "kubectl -n argocd wait applications.argoproj.io --all --for=jsonpath='{.status.sync.status}'=Synced --timeout=20m && kubectl -n argocd wait applications.argoproj.io --all --for=jsonpath='{.status.health.status}'=Healthy --timeout=20m",
          },
        }
      : {
          // prod's Applications sync only by hand (gitops/argocd/root/prod): wait for the root, then say so.
          title: 'Argo CD: wait until root-prod is synced (the prod Applications then sync by hand)',
          command: {
            shell:
              "kubectl -n argocd wait applications.argoproj.io/root-prod --for=jsonpath='{.status.sync.status}'=Synced --timeout=20m",
          },
        };
  return [
    preflight(env, ['terraform', 'aws', 'kubectl', 'helm', 'git']),
    ...bootstrapAndInit(env),
    {
      title: `Terraform: apply ${dir} (network, EKS, SQS, ECR, Aurora, IAM, DNS, alarms)`,
      command: [
        'terraform',
        `-chdir=${dir}`,
        'apply',
        '-input=false',
        '-auto-approve',
        // The entrypoint record follows the ALB (modules/dns): kept on a re-run, made once the ALB exists.
        ...stateVars(),
      ],
    },
    {
      title: `Carry the outputs into ${awsEnv} and print the GitHub variables`,
      command: ['npx', 'tsx', 'scripts/terraform/outputs.ts', env],
    },
    {
      title: `Git: ${awsEnv} and ${repositoryEnv} must be committed and pushed (Argo CD reads git, not this machine)`,
      command: ['git', 'diff', '--quiet', 'HEAD', '--', awsEnv, repositoryEnv],
      onFailure: `${awsEnv} or ${repositoryEnv} changed: commit and push them, then run \`npm run up -- ${env}\` again (it continues from here)`,
    },
    kubeconfig(env, false),
    {
      title: `Helm: AWS Load Balancer Controller ${lbc.version} (creates the entrypoint ALB)`,
      command: [
        'helm',
        'upgrade',
        '--install',
        'aws-load-balancer-controller',
        lbc.chart,
        `--repo=${lbc.repo}`,
        `--version=${lbc.version}`,
        '--namespace=kube-system',
        ['--set=clusterName=', output(dir, 'cluster_name')],
        ['--set=region=', output(dir, 'region')],
        // On Fargate the controller cannot ask the instance metadata for its VPC: pass it.
        [
          '--set=vpcId=',
          shellValue(
            `aws eks describe-cluster --name "$(${lazyCommand(output(dir, 'cluster_name'))})" --query cluster.resourcesVpcConfig.vpcId --output text`,
          ),
        ],
        [
          '--set=serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=',
          output(dir, 'alb_controller_role_arn'),
        ],
        '--wait',
        '--timeout=10m',
      ],
    },
    {
      title: `Helm: Argo CD chart ${argo.chart} ${argo.version}`,
      command: [
        'helm',
        'upgrade',
        '--install',
        'argocd',
        argo.chart,
        `--repo=${argo.repo}`,
        `--version=${argo.version}`,
        '--namespace=argocd',
        '--create-namespace',
        '--wait',
        '--timeout=10m',
      ],
    },
    {
      // Before the root: it holds the ExternalSecret that gives Argo CD the credentials of a private
      // repository (gitops/argocd/repository, when root/<env> opts in), so the operator's CRDs must exist
      // before Argo CD reads git.
      // The same chart version as gitops/argocd/platform/external-secrets.yaml, whose Application then owns it.
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
        '--set=installCRDs=true',
        '--wait',
        '--timeout=10m',
      ],
    },
    {
      title: `Argo CD: apply the root Application (gitops/argocd/root/${env})`,
      command: ['kubectl', 'apply', '-k', `gitops/argocd/root/${env}`],
    },
    waitApps,
    // Only dev has an entrypoint Ingress (gitops/envs/dev/ingress.yaml), so only dev gets the DNS record.
    ...(env === 'dev'
      ? [
          {
            title: 'Terraform: point the entrypoint host name at the ALB',
            command: [
              'terraform',
              `-chdir=${dir}`,
              'apply',
              '-input=false',
              '-auto-approve',
              // No variable: the record follows the ALB, which now exists (modules/dns).
              ...stateVars(),
            ],
          },
        ]
      : []),
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
  const dir = envDir(env);
  const namespaces = appNamespaces(env);
  return [
    preflight(env, ['terraform', 'aws', 'kubectl']),
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
      title: `Terraform: destroy ${dir}`,
      command: ['terraform', `-chdir=${dir}`, 'destroy', '-input=false', '-auto-approve', ...stateVars()],
      ...(env === 'prod'
        ? {
            onFailure:
              'prod keeps deletion protection on the database: turn it off in settings.tf and apply first, on purpose',
          }
        : {}),
    },
  ];
}
