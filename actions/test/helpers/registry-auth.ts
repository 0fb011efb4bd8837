import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { selfSignedCertificate } from '../../../services/lib/test-support/certificates.js';
import { listenOnLoopback } from './loopback-server.js';

/** Writes an htpasswd file with bcrypt hashes (cost 4: fast, still accepted by the registry). */
export function writeHtpasswd(dir: string, users: Record<string, string>): string {
  const path = join(dir, 'htpasswd');
  const lines = Object.entries(users).map(([user, password]) => `${user}:${bcrypt.hashSync(password, 4)}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** One `access` entry of a registry token. */
export interface TokenAccess {
  readonly type: string;
  readonly name: string;
  readonly actions: string[];
}

/** A token request as the service saw it. */
export interface TokenRequest {
  readonly service: string | null;
  readonly scopes: string[];
  /** The basic-auth user, or undefined for an anonymous request. */
  readonly user: string | undefined;
  readonly status: number;
}

export interface TokenServerOptions {
  /** Where the key and certificate are written. */
  readonly dir: string;
  /** user → password and whether the user may push. */
  readonly users: Record<string, { password: string; push: boolean }>;
  /** Anonymous requests get pull access when true, nothing otherwise. @defaultValue false */
  readonly anonymousPull?: boolean;
  /** Which JSON field carries the token: Docker Hub sends both. @defaultValue 'both' */
  readonly field?: 'token' | 'access_token' | 'both';
  /** @defaultValue 'test-registry' */
  readonly service?: string;
  /** @defaultValue 'test-token-issuer' */
  readonly issuer?: string;
}

export interface TokenServer {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM certificate for the registry's `auth.token.rootcertbundle`. */
  readonly rootCertBundle: string;
  /** Every request served, in order. */
  readonly requests: TokenRequest[];
  /** Every token handed out to a client (not those from mint), to check that none leaks into a log. */
  readonly issued: string[];
  /** Signs a token granting `access` (for the test's own pushes). */
  mint(access: TokenAccess[], subject?: string): string;
  stop(): Promise<void>;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** `repository:team/app:pull,push` → {type, name, actions}; the name may itself hold ':'. */
export function parseScope(scope: string): TokenAccess | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean),
  };
}

function basicUser(request: IncomingMessage): { user: string; password: string } | undefined {
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString();
  const colon = decoded.indexOf(':');
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Starts a token service on 127.0.0.1 with a fresh P-256 key and self-signed certificate (openssl). */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const service = options.service ?? 'test-registry';
  const issuer = options.issuer ?? 'test-token-issuer';
  const { keyPath, certPath } = selfSignedCertificate(options.dir, 'token', 'test-token-issuer');
  const key = createPrivateKey(readFileSync(keyPath));
  const certificate = new X509Certificate(readFileSync(certPath));
  const x5c = [certificate.raw.toString('base64')];

  const mint = (access: TokenAccess[], subject = '') => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c }));
    const claims = base64url(
      JSON.stringify({
        iss: issuer,
        sub: subject,
        aud: service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    // JWS wants ECDSA signatures as r||s, not DER.
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
    return `${header}.${claims}.${base64url(signature)}`;
  };

  const requests: TokenRequest[] = [];
  const issued: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const scopes = url.searchParams.getAll('scope');
    const basic = basicUser(request);
    const account = basic ? options.users[basic.user] : undefined;
    const reply = (status: number, body: unknown) => {
      requests.push({ service: url.searchParams.get('service'), scopes, user: basic?.user, status });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname !== '/token') return reply(404, { details: 'not found' });
    if (basic && (account === undefined || account.password !== basic.password)) {
      return reply(401, { details: 'incorrect username or password' });
    }
    const granted = scopes
      .map(parseScope)
      .filter((access): access is TokenAccess => access !== undefined && access.type === 'repository')
      .map((access) => ({
        ...access,
        actions: access.actions.filter((action) =>
          account
            ? action === 'pull' || (action === 'push' && account.push)
            : action === 'pull' && options.anonymousPull,
        ),
      }));
    const token = mint(granted, basic?.user);
    issued.push(token);
    const field = options.field ?? 'both';
    reply(200, {
      ...(field !== 'access_token' && { token }),
      ...(field !== 'token' && { access_token: token }),
      expires_in: 300,
      issued_at: new Date().toISOString(),
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return {
    realm: `${url}/token`,
    service,
    issuer,
    rootCertBundle: certPath,
    requests,
    issued,
    mint,
    stop: close,
  };
}
