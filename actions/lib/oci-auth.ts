// Registry authentication as the distribution spec describes it: a 401 carries `WWW-Authenticate`;
// `Basic realm=…` means HTTP basic auth, `Bearer realm=…,service=…,scope=…` means "get a token from
// realm for this service and scope" (with basic credentials when we have them), then retry with it.

import { deadline } from './oci-deadline.js';
import { parseErrorBody, RegistryError } from './oci-errors.js';
import { isLoopbackRegistry } from './oci-reference.js';

/** Username and password (or token) for a registry. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** One challenge of a `WWW-Authenticate` header: the scheme (lowercase) and its parameters (names lowercase). */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** The actions a token is asked for: `pull` to read, `pull,push` to add tags. */
export type RepositoryAccess = 'pull' | 'pull,push';

/** The token scope for a repository, e.g. `repository:team/app:pull,push`. */
export function repositoryScope(repository: string, access: RepositoryAccess): string {
  return `repository:${repository}:${access}`;
}

const TOKEN = /[A-Za-z0-9!#$%&'*+.^_`|~-]+/y;

/**
 * Parses a `WWW-Authenticate` header into its challenges, e.g.
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"`.
 * Quoted values may hold commas and escaped quotes.
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let pos = 0;
  const skip = (chars: RegExp) => {
    while (pos < header.length && chars.test(header.charAt(pos))) pos++;
  };
  const token = (): string | undefined => {
    TOKEN.lastIndex = pos;
    const match = TOKEN.exec(header);
    if (!match) return undefined;
    pos = TOKEN.lastIndex;
    return match[0];
  };
  while (pos < header.length) {
    skip(/[\s,]/);
    const name = token();
    if (name === undefined) {
      pos++;
      continue;
    }
    skip(/\s/);
    const current = challenges.at(-1);
    if (header.charAt(pos) !== '=' || current === undefined) {
      challenges.push({ scheme: name.toLowerCase(), params: {} });
      continue;
    }
    pos++;
    skip(/\s/);
    let value = '';
    if (header.charAt(pos) === '"') {
      for (pos++; pos < header.length && header.charAt(pos) !== '"'; pos++) {
        if (header.charAt(pos) === '\\') pos++;
        value += header.charAt(pos);
      }
      pos++;
    } else {
      value = token() ?? '';
    }
    current.params[name.toLowerCase()] = value;
  }
  return challenges;
}

/** How {@link RegistryAuth} reaches token services and what it knows. */
export interface RegistryAuthOptions {
  /** Sent as basic auth to a `Basic` registry or to a `Bearer` token service; anonymous when absent. */
  readonly credentials?: Credentials;
  /** @defaultValue globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Per token request. @defaultValue 30000 */
  readonly timeoutMs?: number;
  /** Called with every secret the moment it is known (tokens, basic auth values), e.g. `core.setSecret`. */
  readonly onSecret?: (secret: string) => void;
  /** @defaultValue Date.now */
  readonly now?: () => number;
}

interface CachedToken {
  readonly value: string;
  readonly expiresAt: number;
}

/**
 * Produces `Authorization` headers for registry requests. It learns each registry's challenge from
 * its first 401, then authorizes later requests up front; bearer tokens are cached per scope until
 * shortly before they expire.
 */
export class RegistryAuth {
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens = new Map<string, CachedToken>();
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: RegistryAuthOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
  }

  /** The header for a request to `registry` needing `scope`, from an earlier challenge; undefined before any. */
  async authorization(registry: string, scope: string): Promise<string | undefined> {
    const challenge = this.challenges.get(registry);
    if (challenge === undefined) return undefined;
    return this.answer(registry, challenge, scope, false);
  }

  /**
   * Answers a 401 from `registry`: learns its `WWW-Authenticate` challenge and returns the
   * `Authorization` header to retry with (a fresh token for Bearer), or undefined when a retry cannot
   * help: the token `sent` was valid but lacks the scope (`error="insufficient_scope"`), and the same
   * credentials would get the same grant again.
   * @throws RegistryError when the challenge cannot be answered (no credentials for Basic, token service failure).
   */
  async respond(
    registry: string,
    wwwAuthenticate: string | null,
    scope: string,
    operation: string,
    sent?: string,
  ): Promise<string | undefined> {
    const challenges = parseChallenges(wwwAuthenticate ?? '');
    const challenge =
      challenges.find((c) => c.scheme === 'bearer' && c.params.realm) ??
      challenges.find((c) => c.scheme === 'basic');
    if (challenge === undefined) {
      throw new RegistryError({
        operation,
        status: 401,
        body: `unsupported or missing WWW-Authenticate challenge '${wwwAuthenticate ?? ''}'`,
        hint: 'The registry asks for a Bearer or Basic authentication this client does not understand.',
      });
    }
    this.challenges.set(registry, challenge);
    if (
      challenge.scheme === 'bearer' &&
      challenge.params.error === 'insufficient_scope' &&
      sent?.startsWith('Bearer ')
    ) {
      return undefined;
    }
    const header = await this.answer(registry, challenge, scope, true);
    if (header === undefined) {
      throw new RegistryError({
        operation,
        status: 401,
        errors: [{ code: 'UNAUTHORIZED', message: `${registry} requires authentication` }],
        hint: 'Set registry-username and registry-password.',
      });
    }
    return header;
  }

  private async answer(
    registry: string,
    challenge: Challenge,
    scope: string,
    refresh: boolean,
  ): Promise<string | undefined> {
    const { credentials } = this.options;
    if (challenge.scheme === 'basic') {
      if (credentials === undefined) return undefined;
      // Basic auth over plain HTTP is only acceptable on loopback, where the registry is plain HTTP anyway.
      const value = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
      this.options.onSecret?.(value);
      return `Basic ${value}`;
    }
    const realm = challenge.params.realm ?? '';
    const service = challenge.params.service ?? '';
    const key = `${realm}|${service}|${scope}`;
    const cached = this.tokens.get(key) ?? this.tokens.get(`${key.replace(/:pull$/, ':pull,push')}`);
    if (!refresh && cached !== undefined && cached.expiresAt > this.now()) return `Bearer ${cached.value}`;
    const token = await this.fetchToken(registry, realm, service, scope);
    this.tokens.set(key, token);
    return `Bearer ${token.value}`;
  }

  private async fetchToken(
    registry: string,
    realm: string,
    service: string,
    scope: string,
  ): Promise<CachedToken> {
    const operation = `token request to ${realm} for ${scope}`;
    let url: URL;
    try {
      url = new URL(realm);
    } catch (cause) {
      throw new RegistryError({
        operation,
        body: `realm '${realm}' is not a URL`,
        cause,
        hint: hintRealm(registry),
      });
    }
    const { credentials } = this.options;
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackRegistry(url.host))) {
      throw new RegistryError({
        operation,
        body: `realm '${realm}' is not HTTPS`,
        hint: 'Credentials and tokens are only sent over HTTPS (or plain HTTP to loopback).',
      });
    }
    if (service !== '') url.searchParams.set('service', service);
    url.searchParams.set('scope', scope);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credentials !== undefined) {
      const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
      this.options.onSecret?.(basic);
      headers.authorization = `Basic ${basic}`;
    }
    const { signal, clear } = deadline(this.options.timeoutMs ?? 30_000);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, { headers, signal });
      text = await response.text();
    } catch (cause) {
      throw new RegistryError({ operation, cause, hint: hintRealm(registry) });
    } finally {
      clear();
    }
    if (!response.ok) {
      const status = response.status;
      throw new RegistryError({
        operation,
        status,
        ...parseErrorBody(text),
        hint:
          status === 401 || status === 403
            ? 'The token service refused the credentials: check registry-username and registry-password.'
            : hintRealm(registry),
      });
    }
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch (cause) {
      throw new RegistryError({ operation, status: response.status, body: 'the answer is not JSON', cause });
    }
    const value =
      typeof body.token === 'string' && body.token !== ''
        ? body.token
        : typeof body.access_token === 'string'
          ? body.access_token
          : '';
    if (value === '') {
      throw new RegistryError({
        operation,
        status: response.status,
        body: 'the answer has no token or access_token',
      });
    }
    this.options.onSecret?.(value);
    // The spec's default lifetime is 60 s; renew a little early so a token never expires mid-request.
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    return { value, expiresAt: this.now() + lifetime * 900 };
  }
}

function hintRealm(registry: string): string {
  return `Check that ${registry}'s token service (the realm of its WWW-Authenticate challenge) is reachable.`;
}
