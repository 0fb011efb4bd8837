import { z } from 'zod';
import { InputError, parseInteger, rawInput, requiredInput } from '../../lib/inputs.js';
import { parseRoleArn, type RoleArn } from './arn.js';
import { defaultSessionName, SESSION_NAME } from './session-name.js';

/** Everything the action needs, parsed and validated once, before any network call. */
export interface Settings {
  /** The role to assume, as given and parsed. */
  readonly roleArn: string;
  readonly role: RoleArn;
  /** Region for STS and for AWS_REGION / AWS_DEFAULT_REGION. */
  readonly region: string;
  /** `aud` of the OIDC token. @defaultValue 'sts.amazonaws.com' */
  readonly audience: string;
  /** @defaultValue derived from GITHUB_REPOSITORY, GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT */
  readonly roleSessionName: string;
  /** @defaultValue 3600 */
  readonly durationSeconds: number;
  /** Override of STS's regional endpoint; undefined to let the SDK resolve it. */
  readonly stsEndpoint: string | undefined;
  /** Retries after the first STS call. @defaultValue 3 */
  readonly retries: number;
}

const ROLE_ARN_FORM = 'an IAM role ARN like arn:aws:iam::123456789012:role/deploy';

/** The rule of each free-form input, and the form its error message asks for. */
const RULES = {
  // Region codes as AWS names them: us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1, eusc-de-east-1.
  'aws-region': {
    schema: z.string().regex(/^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/),
    expected: 'an AWS region like eu-west-1',
  },
  // The audience goes into a URL query and a JWT claim: printable, no spaces.
  audience: {
    schema: z.string().regex(/^[\x21-\x7e]{1,256}$/),
    expected: 'an audience without spaces, e.g. sts.amazonaws.com',
  },
  'role-session-name': {
    schema: z.string().regex(SESSION_NAME),
    expected: '2 to 64 characters from letters, digits and +=,.@_-',
  },
  'sts-endpoint': {
    schema: z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }),
    expected: 'an http(s) URL like https://sts.eu-west-1.amazonaws.com',
  },
} as const;

function valid(input: keyof typeof RULES, raw: string): string {
  if (!RULES[input].schema.safeParse(raw).success) throw new InputError(input, RULES[input].expected, raw);
  return raw;
}

/** Reads and validates every input; throws an InputError naming the first bad one. */
export function readSettings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  const roleArn = requiredInput('role-arn', ROLE_ARN_FORM);
  const role = parseRoleArn(roleArn);
  if (!role) throw new InputError('role-arn', ROLE_ARN_FORM, roleArn);
  const sessionName = rawInput('role-session-name');
  const endpoint = rawInput('sts-endpoint');
  return {
    roleArn,
    role,
    region: valid('aws-region', requiredInput('aws-region', RULES['aws-region'].expected)),
    audience: valid('audience', rawInput('audience') || 'sts.amazonaws.com'),
    roleSessionName: sessionName === '' ? defaultSessionName(env) : valid('role-session-name', sessionName),
    durationSeconds: parseInteger('duration-seconds', rawInput('duration-seconds'), 3600, 900, 43_200),
    stsEndpoint: endpoint === '' ? undefined : valid('sts-endpoint', endpoint),
    retries: parseInteger('retries', rawInput('retries'), 3, 0, 10),
  };
}
