// Stand-in for STS's Query API, AssumeRoleWithWebIdentity (and GetCallerIdentity for the keys it granted), as documented: POST form body
// (Action, Version, RoleArn, RoleSessionName, WebIdentityToken, DurationSeconds), an
// AssumeRoleWithWebIdentityResponse XML document on success, and on failure
// <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse> with each code's
// documented HTTP status. It checks the token and a trust policy like STS does, and can be told to fail
// the next calls (throttling, 5xx, dropped connections) to exercise retries.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { listen } from './listen.js';
import type { GithubClaims } from './oidc-token-endpoint.js';

/** HTTP status per error code: STS's API reference (operation errors) and the common errors list. */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  AccessDenied: 403,
  ExpiredTokenException: 400,
  IDPCommunicationError: 400,
  IDPRejectedClaim: 403,
  InvalidIdentityToken: 400,
  MalformedPolicyDocument: 400,
  PackedPolicyTooLarge: 400,
  RegionDisabledException: 403,
  ValidationError: 400,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  Throttling: 400,
  ThrottlingException: 400,
  RequestLimitExceeded: 503,
  InternalFailure: 500,
  ServiceUnavailable: 503,
};

/** A reply forced on the next call: an STS error code, or a connection closed without an answer. */
export type ForcedReply = { code: string; message?: string } | { drop: true };

export interface StsRequest {
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
  /** The client's port: which connection the request came on. */
  port: number | undefined;
}

/** A connection a client opened, and when (Date.now()). */
export interface StsConnection {
  port: number | undefined;
  at: number;
}

/** What the role's trust policy accepts (the `aud` and `sub` conditions; `*` matches anything). */
export interface TrustPolicy {
  audience: string;
  subject: string;
}

export interface StsQueryApi {
  readonly endpoint: string;
  /** The role's trust policy; tests may change it between calls. */
  readonly trust: TrustPolicy;
  readonly requests: StsRequest[];
  readonly connections: StsConnection[];
  /** Credentials handed out, to check that none leak. */
  readonly granted: { accessKeyId: string; secretAccessKey: string; sessionToken: string }[];
  failNext(...replies: ForcedReply[]): void;
  close(): Promise<void>;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

const glob = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.+\/)?([\w+=,.@-]{1,64})$/;
const MAX_SESSION_DURATION = 3600 * 12;

export async function startStsQueryApi(options: {
  verifyToken: (token: string) => GithubClaims | undefined;
  trust?: Partial<TrustPolicy>;
  /** The role's MaxSessionDuration. @defaultValue 43200 */
  maxSessionDuration?: number;
}): Promise<StsQueryApi> {
  const trust: TrustPolicy = {
    audience: 'sts.amazonaws.com',
    subject: 'repo:octo-org/app:*',
    ...options.trust,
  };
  const requests: StsRequest[] = [];
  const granted: StsQueryApi['granted'] = [];
  const forced: ForcedReply[] = [];
  /** Assumed-role ARN per access key granted, for GetCallerIdentity. */
  const sessions = new Map<string, string>();

  // GetCallerIdentity, which other clients (configure-aws-credentials, the bench's anchor) call with the
  // granted keys to check them. The stand-in checks that the SigV4 Authorization header names a key it
  // granted; it does not recompute the signature.
  const callerIdentity = (authorization: string | undefined, res: ServerResponse) => {
    const keyId = /Credential=([A-Z0-9]+)\//.exec(authorization ?? '')?.[1] ?? '';
    const arn = sessions.get(keyId);
    if (!arn)
      return error(res, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-RequestId': randomUUID() });
    res.end(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>${escapeXml(arn)}</Arn>
    <UserId>AROA${randomBytes(8).toString('hex').toUpperCase()}:session</UserId>
    <Account>${arn.split(':')[4] ?? ''}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>
`);
  };

  const error = (res: ServerResponse, code: string, message: string) => {
    const status = ERROR_STATUS[code] ?? 400;
    const requestId = randomUUID();
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId });
    res.end(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>\n` +
        `    <Code>${code}</Code>\n    <Message>${escapeXml(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
    );
  };

  const connections: StsConnection[] = [];
  const { server, baseUrl, close } = await listen((req, body, res) => {
    const params = Object.fromEntries(new URLSearchParams(body));
    requests.push({ headers: req.headers, params, port: req.socket.remotePort });
    const next = forced.shift();
    if (next && 'drop' in next) return void req.socket.destroy();
    if (next) return error(res, next.code, next.message ?? `${next.code} (forced by the test)`);

    if (req.method === 'POST' && params.Action === 'GetCallerIdentity' && params.Version === '2011-06-15') {
      return callerIdentity(req.headers.authorization, res);
    }
    if (
      req.method !== 'POST' ||
      params.Action !== 'AssumeRoleWithWebIdentity' ||
      params.Version !== '2011-06-15'
    ) {
      return error(
        res,
        'InvalidAction',
        `Could not find operation ${params.Action} for version ${params.Version}`,
      );
    }
    const role = ROLE_ARN.exec(params.RoleArn ?? '');
    if (!role) return error(res, 'ValidationError', `${params.RoleArn} is invalid`);
    const session = params.RoleSessionName ?? '';
    if (!/^[\w+=,.@-]{2,64}$/.test(session)) {
      return error(
        res,
        'ValidationError',
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint",
      );
    }
    const duration = Number(params.DurationSeconds ?? 3600);
    if (duration < 900 || duration > (options.maxSessionDuration ?? MAX_SESSION_DURATION)) {
      return error(
        res,
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    const claims = options.verifyToken(params.WebIdentityToken ?? '');
    if (!claims)
      return error(
        res,
        'InvalidIdentityToken',
        "Couldn't retrieve verification key from your identity provider",
      );
    if (claims.aud !== trust.audience) return error(res, 'InvalidIdentityToken', 'Incorrect token audience');
    if (!glob(trust.subject, claims.sub)) {
      return error(res, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    }

    const [, account = '', roleName = ''] = role;
    const credentials = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(240).toString('base64')}`,
    };
    granted.push(credentials);
    sessions.set(credentials.accessKeyId, `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`);
    const roleId = `AROA${randomBytes(8).toString('hex').toUpperCase()}`;
    const expiration = new Date(Date.now() + duration * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-RequestId': randomUUID() });
    res.end(`<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>${escapeXml(claims.sub)}</SubjectFromWebIdentityToken>
    <Audience>${escapeXml(claims.aud)}</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${account}:assumed-role/${roleName}/${session}</Arn>
      <AssumedRoleId>${roleId}:${session}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${credentials.sessionToken}</SessionToken>
      <SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey>
      <Expiration>${expiration}</Expiration>
      <AccessKeyId>${credentials.accessKeyId}</AccessKeyId>
    </Credentials>
    <Provider>arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
`);
  });

  server.on('connection', (socket) => connections.push({ port: socket.remotePort, at: Date.now() }));

  return {
    endpoint: baseUrl,
    trust,
    requests,
    connections,
    granted,
    failNext: (...replies) => forced.push(...replies),
    close,
  };
}
