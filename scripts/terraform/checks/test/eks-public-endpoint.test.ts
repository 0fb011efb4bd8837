import { expect, it } from '@jest/globals';
import { eksPublicEndpoint } from '../eks-public-endpoint.js';
import { checksTheRealTree, problemsOf, treeOf } from './fixture.js';

checksTheRealTree(eksPublicEndpoint);

const cluster = (cidrs: string) => `resource "aws_eks_cluster" "this" {
  name     = "c"
  role_arn = "arn:aws:iam::123456789012:role/c"
  vpc_config {
    subnet_ids             = ["subnet-1"]
    endpoint_public_access = true
    public_access_cidrs    = ${cidrs}
  }
}
`;

it('reads a plain aws_eks_cluster: any /0 of either family opens the API, a known range does not', async () => {
  for (const open of ['["0.0.0.0/0"]', '["::/0"]', '["203.0.113.0/24", "::/0"]']) {
    const problems = await problemsOf(eksPublicEndpoint, await treeOf({ 'main.tf': cluster(open) }));
    expect(
      problems.map((p) => [p.file, p.line, p.message.includes('opens the API to the internet')]),
    ).toEqual([['main.tf', 1, true]]);
  }
  expect(
    await problemsOf(eksPublicEndpoint, await treeOf({ 'main.tf': cluster('["203.0.113.0/24"]') })),
  ).toEqual([]);
});
