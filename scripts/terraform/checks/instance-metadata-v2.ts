// CKV_AWS_79: an instance, launch template or launch configuration requires IMDSv2 session tokens (or turns
// the metadata endpoint off). With IMDSv1 a request forged through the workload (SSRF) reads the instance
// role's credentials. AWS's default keeps IMDSv1 on, so an absent metadata_options block fails.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { nested, resolve, resources } from '../model.js';
import { at } from '../problems.js';

const types = ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'];

export const instanceMetadataV2 = defineCheck<TfTree>({
  id: 'instance-metadata-v2',
  standsFor: ['CKV_AWS_79'],
  summary:
    'every aws_instance, aws_launch_template and aws_launch_configuration sets metadata_options http_tokens = "required" (or http_endpoint = "disabled")',
  run(tree) {
    const problems: Problem[] = [];
    for (const type of types)
      for (const r of resources(tree, type)) {
        const options = nested(r.body, 'metadata_options')[0];
        const value = (key: string) => resolve(tree, r.file.dir, options?.[key]);
        if (value('http_endpoint') === 'disabled' || value('http_tokens') === 'required') continue;
        const what = options
          ? `http_tokens is ${JSON.stringify(value('http_tokens') ?? 'optional')}`
          : 'no metadata_options block';
        problems.push(
          at(r, `${what}: IMDSv1 stays on; set metadata_options { http_tokens = "required" } [CKV_AWS_79]`),
        );
      }
    return problems;
  },
});
