// Stand-in for the runner's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL), as documented by GitHub:
// GET <url>&audience=<aud> with `Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>` answers
// {"value": "<JWT>"}; a missing or wrong bearer is refused. The JWT carries GitHub's claims; it is signed
// with HS256 and a per-instance key (GitHub uses RS256) so the STS stand-in can verify what it issued.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { listen } from './listen.js';

export const ISSUER = 'https://token.actions.githubusercontent.com';

/** The claims of a GitHub Actions OIDC token that trust policies look at. */
export interface GithubClaims {
  iss: string;
  aud: string;
  sub: string;
  repository: string;
  run_id: string;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
}

export interface OidcRequest {
  method: string;
  url: string;
  audience: string | null;
  authorization: string | undefined;
  /** When the token was sent (Date.now()), for 200 answers. */
  answeredAt?: number;
}

export interface OidcTokenEndpoint {
  /** What the runner puts in ACTIONS_ID_TOKEN_REQUEST_URL (already has a query, as GitHub's does). */
  readonly requestUrl: string;
  /** What the runner puts in ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string;
  readonly requests: OidcRequest[];
  /** Milliseconds to wait before answering (a slow token service); tests may change it. @defaultValue 0 */
  delayMs: number;
  /** Every token handed out. */
  readonly issued: string[];
  /** The claims of a token this endpoint issued, signature and expiry checked; undefined otherwise. */
  verify(token: string): GithubClaims | undefined;
  close(): Promise<void>;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export async function startOidcTokenEndpoint(
  options: { subject?: string; repository?: string } = {},
): Promise<OidcTokenEndpoint> {
  const key = randomBytes(32);
  const requestToken = `runtime-${randomBytes(12).toString('hex')}`;
  const requests: OidcRequest[] = [];
  const issued: string[] = [];
  const repository = options.repository ?? 'octo-org/app';
  const subject = options.subject ?? `repo:${repository}:ref:refs/heads/main`;
  const sign = (input: string) => createHmac('sha256', key).update(input).digest('base64url');

  const { baseUrl, close } = await listen((req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const audience = url.searchParams.get('audience');
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      audience,
      authorization: req.headers.authorization,
    });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || !url.pathname.endsWith('/idtoken'))
      return json(404, { message: 'Not Found' });
    if (!req.headers.authorization?.startsWith('Bearer ')) return json(401, { message: 'Unauthorized' });
    if (req.headers.authorization !== `Bearer ${requestToken}`) return json(403, { message: 'Forbidden' });
    const now = Math.floor(Date.now() / 1000);
    const claims: GithubClaims = {
      iss: ISSUER,
      // GitHub's default audience is the owner's URL when none is asked for.
      aud: audience ?? `https://github.com/${repository.split('/')[0]}`,
      sub: subject,
      repository,
      run_id: '4242',
      jti: randomUUID(),
      iat: now,
      nbf: now - 5,
      exp: now + 300,
    };
    const unsigned = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'stand-in' }))}.${b64url(JSON.stringify(claims))}`;
    const token = `${unsigned}.${sign(unsigned)}`;
    issued.push(token);
    const answer = () => {
      const request = requests.at(-1);
      if (request) request.answeredAt = Date.now();
      json(200, { count: token.length, value: token });
    };
    if (endpoint.delayMs > 0) setTimeout(answer, endpoint.delayMs);
    else answer();
  });

  const endpoint: OidcTokenEndpoint = {
    requestUrl: `${baseUrl}/_apis/distributedtask/hubs/Actions/plans/p1/jobs/j1/idtoken?api-version=2.0`,
    requestToken,
    requests,
    delayMs: 0,
    issued,
    verify(token) {
      const [header, payload, signature] = token.split('.');
      if (!header || !payload || signature !== sign(`${header}.${payload}`)) return undefined;
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as GithubClaims;
      return claims.exp > Date.now() / 1000 ? claims : undefined;
    },
    close,
  };
  return endpoint;
}
