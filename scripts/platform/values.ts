// The init values: the one file (`init.values.json`, committed; nothing in it is secret) that says whose
// platform this is. `npm run init` writes it; `npm run derive` carries it into the Argo CD repository URL,
// the namespaces, Terraform's variables, auth.env and CODEOWNERS (scripts/platform/derive.ts); `npm run
// github:setup` reads its GitHub part. The committed upstream copy holds placeholders, which init refuses and
// replaces; the derivation reads them as they are (derivationValuesFile), so the upstream tree derives too.
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { PREFIX_PATTERN } from '../../services/lib/catalogue/names.js';

export const VALUES_FILE = 'init.values.json';

/** What the upstream copy says until `init` runs: none may survive it. */
export const PLACEHOLDERS = {
  owner: 'example-org',
  domain: 'example.com',
  cidr: '203.0.113.10/32',
} as const;

/** RFC 2606 / 6761 names that never resolve to anyone's site, and the documentation address blocks. */
const RESERVED_DOMAIN = /(^|\.)(example(\.(com|net|org))?|test|invalid|localhost)$/;
const DOCUMENTATION_V4 = [/^192\.0\.2\./, /^198\.51\.100\./, /^203\.0\.113\./];

const githubName = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9_.-]{1,100}$/;
const hostname = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const awsRegion = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;
/** Short enough that `<prefix>-prod-<service>` names fit AWS's limits (the service rules check the rest). */
export const prefixPattern = PREFIX_PATTERN;

/** A CIDR block (IPv4 or IPv6) with no host bits set, that is not the whole internet. */
export function cidrProblem(cidr: string): string | undefined {
  const [address = '', bits, ...rest] = cidr.split('/');
  const v4 = isIPv4(address);
  if (rest.length > 0 || bits === undefined || !/^\d{1,3}$/.test(bits) || (!v4 && !isIPv6(address)))
    return `"${cidr}" is not a CIDR block (e.g. 198.18.7.0/24 or 2a05:d018:42::/48)`;
  const prefix = Number(bits);
  if (prefix > (v4 ? 32 : 128)) return `"${cidr}": /${prefix} is longer than the address`;
  if (prefix === 0) return `"${cidr}" opens the cluster's API to the whole internet`;
  if (v4 && DOCUMENTATION_V4.some((r) => r.test(address)))
    return `"${cidr}" is a documentation address (RFC 5737), not yours`;
  if (!v4 && /^2001:0?db8:/i.test(address))
    return `"${cidr}" is a documentation address (RFC 3849), not yours`;
  if (v4) {
    const value = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
    const host = prefix === 32 ? 0 : value % 2 ** (32 - prefix);
    if (host !== 0) {
      const network = value - host;
      const text = [24, 16, 8, 0].map((s) => Math.floor(network / 2 ** s) % 256).join('.');
      return `"${cidr}" has host bits set: did you mean ${text}/${prefix}?`;
    }
  }
  return undefined;
}

const notPlaceholderDomain = (d: string) => !RESERVED_DOMAIN.test(d);

/**
 * The shape of each value, placeholders allowed: what the derivation reads (the committed upstream file
 * holds placeholders, and what is derived from it is committed too).
 */
const shapes = {
  repository: z.string().regex(githubName, 'expected owner/name of a GitHub repository'),
  domain: z.string().regex(hostname, 'expected a lower-case DNS name such as shop.acme.dev'),
  email: z.string().regex(/^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,63}$/, 'expected an e-mail address'),
  region: z.string().regex(awsRegion, 'expected an AWS region such as eu-west-1'),
  adminCidrs: z.array(z.string()).min(1, 'at least one CIDR block'),
  prefix: z
    .string()
    .regex(prefixPattern, 'expected 2 to 12 lower-case letters, digits or dashes, starting with a letter'),
};

/** The values `init` asks for, held to their shapes and refusing the upstream placeholders. */
export const platformFields = {
  /** The fork on GitHub: Argo CD reads it, the OIDC roles trust it. */
  repository: shapes.repository.refine(
    (r) => r.split('/')[0] !== PLACEHOLDERS.owner,
    'still the placeholder owner; give your own',
  ),
  /** The DNS zone the entrypoints live in: dev at dev.<domain>, prod at <domain>. */
  domain: shapes.domain.refine(
    notPlaceholderDomain,
    'a reserved example name (RFC 2606); give a zone you own',
  ),
  /** Where the alarms go (SNS e-mail subscription). */
  email: shapes.email.refine(
    (e) => notPlaceholderDomain(e.split('@')[1] ?? ''),
    'a reserved example domain; give a real mailbox',
  ),
  region: shapes.region,
  /** Who may reach the clusters' API endpoints. */
  adminCidrs: z
    .array(
      z.string().superRefine((c, ctx) => {
        const problem = cidrProblem(c);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    )
    .min(1, 'at least one CIDR block'),
  /** The first part of every AWS name (`<prefix>-<env>-…`) and the Kubernetes namespaces (`<prefix>-<env>`). */
  prefix: shapes.prefix,
};

/** A code owner as CODEOWNERS writes one: `@login`, `@org/team` or an e-mail address. */
const codeOwner = z
  .string()
  .regex(/^(@[A-Za-z0-9-]+(\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+)$/, 'expected @login, @org/team or an e-mail');

/** Optional values the derivation reads beyond the platform's (`init` takes them as flags too). */
export const derivationFields = {
  /**
   * Owners per CODEOWNERS area (`actions`, `workflows`, `gitops`, `terraform` or a service's name); an area
   * not named here is owned by the reviewers.
   */
  owners: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.array(codeOwner).min(1)).optional(),
  /**
   * Who signs the tokens the APIs accept for writes (auth.env AUTH_ISSUER; its JWKS at
   * `<issuer>.well-known/jwks.json`). @defaultValue `https://auth.<domain>/`
   */
  authIssuer: z
    .string()
    .regex(/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?\/$/, 'expected an https URL ending with /')
    .optional(),
};

const login = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const team = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]+$/;

/** What `npm run github:setup` needs beyond Terraform's outputs (`init` takes them as flags too). */
export const githubFields = {
  baseImage: z
    .string()
    .regex(/@sha256:[0-9a-f]{64}$/, 'expected an image pinned by digest (…@sha256:<64 hex>)'),
  /** SonarCloud's organization and project; without them pr.yml skips SonarCloud with a notice. */
  sonarOrganization: z.string().min(1).optional(),
  sonarProjectKey: z.string().min(1).optional(),
  /** The GitHub App whose token pushes GitOps changes: its Client ID and its slug (github.com/apps/<slug>). */
  appClientId: z.string().regex(/^Iv[0-9A-Za-z.]+$/, 'expected a GitHub App Client ID (Iv…)'),
  appSlug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected the App slug (github.com/apps/<slug>)'),
  /** Required reviewers of `production` and `terraform-prod`: logins or org/team (GitHub allows 6). */
  reviewers: z
    .array(z.string().refine((r) => login.test(r) || team.test(r), 'expected a login or org/team'))
    .min(1)
    .max(6),
  /** Approvals a pull request into main needs (code owners' among them). @defaultValue 1 */
  requiredApprovals: z.number().int().min(0).max(10).default(1),
  releaseBumpMode: z.enum(['pull-request', 'push']).optional(),
  /** `off` where the plan cannot attest: main.yml signs nothing (repository variable PROVENANCE). */
  provenance: z.enum(['attest', 'off']).optional(),
  /**
   * production's PROVENANCE, always set: the release promotes without verifying only when this says `off`.
   * @defaultValue 'attest'
   */
  releaseProvenance: z.enum(['attest', 'off']).default('attest'),
};

/** The file as `init` reads and writes it: the GitHub part may still be missing. */
export const initValuesFile = z.strictObject({
  ...platformFields,
  ...derivationFields,
  ...Object.fromEntries(Object.entries(githubFields).map(([k, v]) => [k, v.optional()])),
} as typeof platformFields &
  typeof derivationFields & {
    [K in keyof typeof githubFields]: z.ZodOptional<(typeof githubFields)[K]>;
  });

/**
 * The file as the derivation reads it: every value to its shape, placeholders allowed (they are refused by
 * `init`, never by `npm run derive`, so the upstream tree derives from its own placeholders). The GitHub
 * part is github:setup's to check; only the reviewers are read here (CODEOWNERS).
 */
export const derivationValuesFile = z.looseObject({
  ...shapes,
  ...derivationFields,
  reviewers: z.array(z.string()).optional(),
});
export type DerivationValues = z.infer<typeof derivationValuesFile>;

export type PlatformValues = { [K in keyof typeof platformFields]: z.infer<(typeof platformFields)[K]> };
export type InitValuesFile = z.infer<typeof initValuesFile>;

/** Each problem of a zod result as `field: message`. */
export function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
}
