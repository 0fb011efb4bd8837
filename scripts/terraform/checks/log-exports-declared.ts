// A service that exports logs to CloudWatch writes them into a group of a fixed name (RDS:
// /aws/rds/cluster/<id>/<type>, EKS: /aws/eks/<name>/cluster). When Terraform does not declare that group,
// the service creates it on first write, with no retention and no KMS key, out of reach of `log-groups`
// (CKV_AWS_66/158). So each exporter needs, in its directory, a declared aws_cloudwatch_log_group of that
// name that it depends on (RDS or EKS would otherwise win the race and Terraform's create would then fail),
// or, for a registry module that creates the group itself, the module's KMS input.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import {
  type Block,
  interpolate,
  isSet,
  references,
  registryModuleCalls,
  resolve,
  resources,
  stringList,
} from '../model.js';
import { address, at } from '../problems.js';

const auroraModule = 'terraform-aws-modules/rds-aurora/aws';
const eksModule = 'terraform-aws-modules/eks/aws';

/** The EKS module's enabled_log_types default at the pinned 21.x (api, audit, authenticator). */
const eksModuleDefaultLogTypes = ['audit', 'api', 'authenticator'];

interface Exporter {
  readonly block: Block;
  /** The attribute that turns the export on, for the message. */
  readonly attribute: string;
  /** The exported log types (empty: nothing exported). */
  readonly types: readonly string[];
  /** The attribute naming the cluster (its value is a template such as `${var.name}`). */
  readonly nameAttribute: string;
  readonly groupName: (clusterName: string, type: string) => string;
  /** For a module that can create the group itself: true when it does here. */
  readonly moduleCreatesGroup?: boolean;
}

const rdsGroup = (cluster: string, type: string) => `/aws/rds/cluster/${cluster}/${type}`;
const eksGroup = (cluster: string) => `/aws/eks/${cluster}/cluster`;

function exporters(tree: TfTree): Exporter[] {
  const list = (b: Block, key: string, fallback: string[] = []) =>
    key in b.body ? (stringList(tree, b.file.dir, b.body[key]) ?? []) : fallback;
  const flag = (b: Block, key: string) => resolve(tree, b.file.dir, b.body[key]);
  return [
    ...resources(tree, 'aws_rds_cluster').map((block) => ({
      block,
      attribute: 'enabled_cloudwatch_logs_exports',
      types: list(block, 'enabled_cloudwatch_logs_exports'),
      nameAttribute: 'cluster_identifier',
      groupName: rdsGroup,
    })),
    ...registryModuleCalls(tree, auroraModule).map((block) => ({
      block,
      attribute: 'enabled_cloudwatch_logs_exports',
      types: list(block, 'enabled_cloudwatch_logs_exports'),
      nameAttribute: 'name',
      groupName: rdsGroup,
      moduleCreatesGroup: flag(block, 'create_cloudwatch_log_group') === true,
    })),
    ...resources(tree, 'aws_eks_cluster').map((block) => ({
      block,
      attribute: 'enabled_cluster_log_types',
      types: list(block, 'enabled_cluster_log_types'),
      nameAttribute: 'name',
      groupName: eksGroup,
    })),
    ...registryModuleCalls(tree, eksModule).map((block) => ({
      block,
      attribute: 'enabled_log_types',
      types: list(block, 'enabled_log_types', eksModuleDefaultLogTypes),
      nameAttribute: 'name',
      groupName: eksGroup,
      moduleCreatesGroup: flag(block, 'create_cloudwatch_log_group') !== false,
    })),
  ];
}

/**
 * A name attribute as a string, its `${var.x}` / `${local.x}` replaced where the tree knows them and kept as
 * written where it does not (a module variable without a default): both sides of a comparison are in the
 * same directory, so `${var.name}` matches `${var.name}`.
 */
function nameOf(tree: TfTree, block: Block, key: string): string | undefined {
  const written = block.body[key];
  const resolved = resolve(tree, block.file.dir, written);
  const name = typeof resolved === 'string' ? resolved : written;
  return typeof name === 'string' && name !== '' ? interpolate(tree, block.file.dir, name) : undefined;
}

function problemsOf(tree: TfTree, e: Exporter, groups: readonly Block[]): Problem[] {
  const { block } = e;
  if (e.types.length === 0) return [];
  if (e.moduleCreatesGroup) {
    // The module's group takes its retention from a defaulted input; its key has no default.
    return isSet(block.body.cloudwatch_log_group_kms_key_id)
      ? []
      : [
          at(
            block,
            `the module creates the log group of ${e.attribute} without cloudwatch_log_group_kms_key_id: the logs are not encrypted with a KMS key [CKV_AWS_158]`,
          ),
        ];
  }
  const cluster = nameOf(tree, block, e.nameAttribute);
  if (cluster === undefined)
    return [
      at(
        block,
        `${e.attribute} is on but ${e.nameAttribute} is not a known name: its log group cannot be declared`,
      ),
    ];
  const here = groups.filter((g) => g.file.dir === block.file.dir);
  const wanted = [...new Set(e.types.map((t) => e.groupName(cluster, t)))];
  return wanted.flatMap((name): Problem[] => {
    const group = here.find((g) => nameOf(tree, g, 'name') === name);
    if (!group)
      return [
        at(
          block,
          `${e.attribute} writes to "${name}", and no aws_cloudwatch_log_group of that name is declared here: AWS creates it with no retention and no KMS key [CKV_AWS_66, CKV_AWS_158]`,
        ),
      ];
    return references(block.body, address(group))
      ? []
      : [
          at(
            block,
            `does not depend on ${address(group)} ("${name}"): add depends_on, or AWS may create the group first and Terraform's create then fails`,
          ),
        ];
  });
}

export const logExportsDeclared = defineCheck<TfTree>({
  id: 'log-exports-declared',
  standsFor: ['CKV_AWS_66', 'CKV_AWS_158'],
  summary:
    'RDS and EKS log exports go to a declared aws_cloudwatch_log_group of the name AWS writes to, which the exporter depends on (or the module creating it has a KMS key)',
  run(tree) {
    const groups = resources(tree, 'aws_cloudwatch_log_group');
    return exporters(tree).flatMap((e) => problemsOf(tree, e, groups));
  },
});
