import { describe, expect, it } from '@jest/globals';
import { logExportsDeclared } from '../log-exports-declared.js';
import { checksTheRealTree, problemsOf, treeOf } from './fixture.js';

checksTheRealTree(logExportsDeclared);

const messages = async (main: string) =>
  (await problemsOf(logExportsDeclared, await treeOf({ 'main.tf': main }))).map((p) => p.message);

const eksGroup = `
resource "aws_cloudwatch_log_group" "eks" {
  name              = "/aws/eks/\${var.name}/cluster"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.logs.arn
}
`;

describe('plain resources', () => {
  it('accepts an aws_eks_cluster that depends on its declared group', async () => {
    expect(
      await messages(`${eksGroup}
resource "aws_eks_cluster" "this" {
  name                      = var.name
  enabled_cluster_log_types = ["api", "audit"]
  depends_on                = [aws_cloudwatch_log_group.eks]
}`),
    ).toEqual([]);
  });

  it('rejects an aws_eks_cluster exporting logs with no group of its name', async () => {
    expect(
      await messages(`
resource "aws_eks_cluster" "this" {
  name                      = "shop"
  enabled_cluster_log_types = ["api"]
}`),
    ).toEqual([
      expect.stringContaining(
        'aws_eks_cluster.this: enabled_cluster_log_types writes to "/aws/eks/shop/cluster"',
      ),
    ]);
  });

  it('rejects an aws_eks_cluster that does not depend on its group', async () => {
    expect(
      await messages(`${eksGroup}
resource "aws_eks_cluster" "this" {
  name                      = var.name
  enabled_cluster_log_types = ["api"]
}`),
    ).toEqual([expect.stringContaining('does not depend on aws_cloudwatch_log_group.eks')]);
  });

  it('asks for one group per exported RDS log type, names resolved through locals', async () => {
    expect(
      await messages(`
locals {
  id = "orders"
}
resource "aws_cloudwatch_log_group" "postgresql" {
  name              = "/aws/rds/cluster/\${local.id}/postgresql"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/x"
}
resource "aws_rds_cluster" "this" {
  cluster_identifier              = local.id
  enabled_cloudwatch_logs_exports = ["postgresql", "instance"]
  depends_on                      = [aws_cloudwatch_log_group.postgresql]
}`),
    ).toEqual([expect.stringContaining('writes to "/aws/rds/cluster/orders/instance"')]);
  });

  it('rejects an aws_rds_cluster exporting logs under a generated identifier', async () => {
    expect(
      await messages(`
resource "aws_rds_cluster" "this" {
  enabled_cloudwatch_logs_exports = ["postgresql"]
}`),
    ).toEqual([expect.stringContaining('cluster_identifier is not a known name')]);
  });

  it('has nothing to say about a cluster that exports nothing', async () => {
    expect(await messages('resource "aws_rds_cluster" "this" {\n  engine = "aurora-postgresql"\n}')).toEqual(
      [],
    );
  });
});

describe('registry modules', () => {
  it("counts the EKS module's default log types as exported", async () => {
    expect(
      await messages(`
module "eks" {
  source                      = "terraform-aws-modules/eks/aws"
  name                        = "shop"
  create_cloudwatch_log_group = false
}`),
    ).toEqual([expect.stringContaining('enabled_log_types writes to "/aws/eks/shop/cluster"')]);
  });

  it('accepts the Aurora module creating its own group with a KMS key', async () => {
    expect(
      await messages(`
module "db" {
  source                          = "terraform-aws-modules/rds-aurora/aws"
  name                            = "shop"
  enabled_cloudwatch_logs_exports = ["postgresql"]
  create_cloudwatch_log_group     = true
  cloudwatch_log_group_kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/x"
}`),
    ).toEqual([]);
  });
});
