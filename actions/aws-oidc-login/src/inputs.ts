// Every input read and validated once, before any network call.
import { InputError, type InputReader, parseInteger, requiredInput, runnerInputs } from '../../lib/inputs.js';
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
  /** Override of STS's regional endpoint; undefined for the region's own. */
  readonly stsEndpoint: string | undefined;
  /** Retries after the first STS call. @defaultValue 3 */
  readonly retries: number;
}

const ROLE_ARN_FORM = 'an IAM role ARN like arn:aws:iam::123456789012:role/deploy';

/** The rule of each free-form input, and the form its error message asks for. */
const RULES = {
  // Region codes as AWS names them: us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1, eusc-de-east-1.
  'aws-region': { pattern: /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/, expected: 'an AWS region like eu-west-1' },
  // The audience goes into a URL query and a JWT claim: printable, no spaces.
  audience: {
    pattern: /^[\x21-\x7e]{1,256}$/,
    expected: 'an audience without spaces, e.g. sts.amazonaws.com',
  },
  'role-session-name': {
    pattern: SESSION_NAME,
    expected: '2 to 64 characters from letters, digits and +=,.@_-',
  },
} as const;

function valid(input: keyof typeof RULES, raw: string): string {
  if (!RULES[input].pattern.test(raw)) throw new InputError(input, RULES[input].expected, raw);
  return raw;
}

const ENDPOINT_FORM =
  'an https:// URL like https://sts.eu-west-1.amazonaws.com (http:// only to this machine), without user:password, ? or #';

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain http may reach (a stand-in, a local proxy). */
function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.(?:\d{1,3})\.(?:\d{1,3})\.(?:\d{1,3})$/.test(hostname)
  );
}

/**
 * The STS endpoint: the OIDC token crosses to it, so HTTPS only, except to loopback; no credentials
 * (they would be sent to it and logged in the value), query or fragment (STS's Query API is a form POST
 * to the endpoint's path: a query would be merged into it silently).
 */
export function parseStsEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError('sts-endpoint', ENDPOINT_FORM, raw);
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo the value back: it holds credentials.
    throw new InputError('sts-endpoint', ENDPOINT_FORM, '<redacted: it holds user:password>');
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  // `new URL` drops an empty '?' or '#': look at the raw text for them too.
  if (!secure || url.hostname === '' || url.search !== '' || url.hash !== '' || /[?#]/.test(raw)) {
    throw new InputError('sts-endpoint', ENDPOINT_FORM, raw);
  }
  return raw;
}

/** Reads and validates every input; throws an InputError naming the first bad one. */
export function readSettings(
  read: InputReader = runnerInputs,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Settings {
  const roleArn = requiredInput(read, 'role-arn', ROLE_ARN_FORM);
  const role = parseRoleArn(roleArn);
  if (!role) throw new InputError('role-arn', ROLE_ARN_FORM, roleArn);
  const sessionName = read('role-session-name');
  const endpoint = read('sts-endpoint');
  return {
    roleArn,
    role,
    region: valid('aws-region', requiredInput(read, 'aws-region', RULES['aws-region'].expected)),
    audience: valid('audience', read('audience') || 'sts.amazonaws.com'),
    roleSessionName: sessionName === '' ? defaultSessionName(env) : valid('role-session-name', sessionName),
    durationSeconds: parseInteger('duration-seconds', read('duration-seconds'), 3600, 900, 43_200),
    stsEndpoint: endpoint === '' ? undefined : parseStsEndpoint(endpoint),
    retries: parseInteger('retries', read('retries'), 3, 0, 10),
  };
}
