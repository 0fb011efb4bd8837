// CKV_AWS_17: no database instance is publicly accessible, whether written as aws_db_instance,
// aws_rds_cluster_instance, or as the rds-aurora module's publicly_accessible (module-wide or per instance).
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { record, registryModuleCalls, resolve, resources } from '../model.js';
import { at } from '../problems.js';

export const databasePublic = defineCheck<TfTree>({
  id: 'database-public',
  standsFor: ['CKV_AWS_17'],
  summary:
    'no aws_db_instance, aws_rds_cluster_instance or rds-aurora module instance sets publicly_accessible = true',
  run(tree) {
    const problems: Problem[] = [];
    const fail = (b: Parameters<typeof at>[0], where: string) =>
      problems.push(
        at(b, `${where}publicly_accessible = true gives the database a public address [CKV_AWS_17]`),
      );
    for (const type of ['aws_db_instance', 'aws_rds_cluster_instance'])
      for (const r of resources(tree, type))
        if (resolve(tree, r.file.dir, r.body.publicly_accessible) === true) fail(r, '');
    for (const m of registryModuleCalls(tree, 'terraform-aws-modules/rds-aurora/aws')) {
      const dir = m.file.dir;
      if (resolve(tree, dir, m.body.publicly_accessible) === true) fail(m, '');
      for (const [name, instance] of Object.entries(record(resolve(tree, dir, m.body.instances)) ?? {}))
        if (resolve(tree, dir, record(instance)?.publicly_accessible) === true)
          fail(m, `instances.${name}: `);
    }
    return problems;
  },
});
