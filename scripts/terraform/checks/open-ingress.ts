// No ingress from the whole internet (0.0.0.0/0, ::/0), in a security group's own ingress blocks, an
// aws_security_group_rule or an aws_vpc_security_group_ingress_rule. checkov has one check per port (SSH
// CKV_AWS_24, RDP CKV_AWS_25, HTTP CKV_AWS_260, all traffic CKV_AWS_277); each finding quotes the ones its
// ports cover. This project refuses the other ports too: its load balancers' groups are the controller's.
// The EKS and Aurora modules' rule inputs are read like the resources they become.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import {
  type Block,
  type Body,
  nested,
  record,
  registryModuleCalls,
  resolve,
  resources,
  stringList,
} from '../model.js';
import { at } from '../problems.js';

const anywhere = new Set(['0.0.0.0/0', '::/0', '0000:0000:0000:0000:0000:0000:0000:0000/0', '::0/0']);
const byPort: readonly [number, string][] = [
  [22, 'CKV_AWS_24'],
  [3389, 'CKV_AWS_25'],
  [80, 'CKV_AWS_260'],
];

const moduleRuleInputs: readonly (readonly [string, readonly string[]])[] = [
  [
    'terraform-aws-modules/eks/aws',
    ['security_group_additional_rules', 'node_security_group_additional_rules'],
  ],
  ['terraform-aws-modules/rds-aurora/aws', ['security_group_ingress_rules']],
];

interface Rule {
  readonly block: Block;
  readonly body: Body;
  readonly label: string;
}

function ingressRules(tree: TfTree): Rule[] {
  const out: Rule[] = [];
  for (const sg of resources(tree, 'aws_security_group'))
    for (const [i, body] of nested(sg.body, 'ingress').entries())
      out.push({ block: sg, body, label: `ingress #${i + 1}` });
  for (const r of resources(tree, 'aws_security_group_rule'))
    if (resolve(tree, r.file.dir, r.body.type) === 'ingress')
      out.push({ block: r, body: r.body, label: 'rule' });
  for (const r of resources(tree, 'aws_vpc_security_group_ingress_rule'))
    out.push({ block: r, body: r.body, label: 'rule' });
  // The same rules written as registry modules' inputs (maps of rule objects).
  for (const [source, inputs] of moduleRuleInputs)
    for (const m of registryModuleCalls(tree, source))
      for (const input of inputs)
        for (const [name, rule] of Object.entries(record(resolve(tree, m.file.dir, m.body[input])) ?? {})) {
          const body = record(rule);
          const type = body && resolve(tree, m.file.dir, body.type);
          if (body && (type === undefined || type === 'ingress'))
            out.push({ block: m, body, label: `${input}.${name}` });
        }
  return out;
}

export const openIngress = defineCheck<TfTree>({
  id: 'open-ingress',
  standsFor: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277'],
  summary:
    'no security group, security group rule or VPC ingress rule admits 0.0.0.0/0 or ::/0 (or names no source at all), on any port',
  run(tree) {
    const problems: Problem[] = [];
    for (const { block, body, label } of ingressRules(tree)) {
      const dir = block.file.dir;
      const value = (key: string) => resolve(tree, dir, body[key]);
      const list = (...keys: string[]) =>
        keys.flatMap((k) => (body[k] === null ? [] : (stringList(tree, dir, body[k]) ?? [])));
      const cidrs = list('cidr_blocks', 'ipv6_cidr_blocks', 'cidr_ipv4', 'cidr_ipv6');
      const otherSources = list(
        'security_groups',
        'source_security_group_id',
        'referenced_security_group_id',
        'prefix_list_ids',
        'prefix_list_id',
      );
      const self = value('self') === true;
      const open = cidrs.filter((c) => anywhere.has(c));
      const noSource = cidrs.length === 0 && otherSources.length === 0 && !self;
      if (open.length === 0 && !noSource) continue;
      const protocol = String(value('protocol') ?? value('ip_protocol') ?? '');
      const from = value('from_port');
      const to = value('to_port');
      const allTraffic =
        protocol === '-1' || protocol === 'all' || from === -1 || (from === undefined && to === undefined);
      const allPorts = allTraffic || (from === 0 && (to === 0 || to === 65535));
      const covers = (port: number) =>
        allPorts || (typeof from === 'number' && typeof to === 'number' && from <= port && port <= to);
      const ids = [
        ...byPort.filter(([port]) => covers(port)).map(([, id]) => id),
        ...(allTraffic ? ['CKV_AWS_277'] : []),
      ];
      const ports = allPorts
        ? 'every port'
        : from === to
          ? `port ${String(from)}`
          : `ports ${String(from)}-${String(to)}`;
      const what = noSource
        ? 'names no source (no CIDR, security group, prefix list or self): it is read as open to everyone'
        : `admits ${open.join(', ')} on ${ports}`;
      const quoted =
        ids.length > 0 ? ids.map((id) => `[${id}]`).join(' ') : '(no checkov id covers these ports)';
      problems.push(at(block, `${label} ${what} ${quoted}`));
    }
    return problems;
  },
});
