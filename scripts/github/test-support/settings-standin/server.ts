// GitHub's REST API for a repository's settings, as its documentation gives the shapes, on loopback:
// Actions variables and secrets (repository and environment; secrets as libsodium sealed boxes for the
// scope's public key, opened here with the private key so a test can prove the round trip), environments
// with reviewers and deployment branch policies, rulesets, Actions permissions, and the user, team and App
// look-ups. It answers 401 without the token, 404 for what does not exist, 409 on a repeated create, 422 on a
// body GitHub refuses. Every request is recorded, so a test can tell a run that wrote from one that only read.
import type { ServerResponse } from 'node:http';
import sodium from 'libsodium-wrappers';
import { listen } from '../../../../actions/aws-oidc-login/test-support/listen.js';
import { HttpError, newScope, type Scope, secretRoutes, variableRoutes } from './scopes.js';
import {
  actionsPermissionsBody,
  environmentBody,
  rulesetBody,
  Unprocessable,
  workflowPermissionsBody,
} from './validate.js';

type Json = Record<string, unknown>;

interface Environment {
  id: number;
  name: string;
  body: Json;
  policies: { id: number; node_id: string; name: string; type: string }[];
  scope: Scope;
}

export interface StandinOptions {
  readonly repository: string;
  readonly token: string;
  readonly users?: Readonly<Record<string, number>>;
  /** `org/team-slug` -> id */
  readonly teams?: Readonly<Record<string, number>>;
  readonly apps?: Readonly<Record<string, { id: number; client_id: string }>>;
}

export interface GitHubSettingsStandin {
  readonly url: string;
  /** Every request, `METHOD /path`. */
  readonly requests: string[];
  variable(name: string, environment?: string): string | undefined;
  /** The secret's plain value, opened with the scope's private key. */
  secret(name: string, environment?: string): string | undefined;
  environment(name: string): Json | undefined;
  rulesets(): Json[];
  actions(): { permissions: Json; workflow: Json };
  stop(): Promise<void>;
}

export async function startGitHubSettingsStandin(options: StandinOptions): Promise<GitHubSettingsStandin> {
  await sodium.ready;
  let nextId = 1000;
  const now = () => new Date().toISOString();
  const repoScope = newScope();
  const environments = new Map<string, Environment>();
  const rulesets = new Map<number, Json>();
  const actions = {
    permissions: { enabled: true, allowed_actions: 'all' } as Json,
    workflow: { default_workflow_permissions: 'write', can_approve_pull_request_reviews: true } as Json,
  };
  const requests: string[] = [];
  const loginOf = new Map(Object.entries(options.users ?? {}).map(([login, id]) => [id, login]));

  const environmentView = (env: Environment): Json => {
    const reviewers = (env.body.reviewers as { type: string; id: number }[] | null | undefined) ?? [];
    const policy = env.body.deployment_branch_policy ?? null;
    const rules: Json[] = [];
    if (reviewers.length > 0)
      rules.push({
        id: env.id + 1,
        node_id: `GA_${env.id + 1}`,
        type: 'required_reviewers',
        prevent_self_review: env.body.prevent_self_review ?? false,
        reviewers: reviewers.map((r) => ({
          type: r.type,
          reviewer: { id: r.id, ...(r.type === 'User' && { login: loginOf.get(r.id) }) },
        })),
      });
    if (policy !== null) rules.push({ id: env.id + 2, node_id: `GA_${env.id + 2}`, type: 'branch_policy' });
    return {
      id: env.id,
      node_id: `EN_${env.id}`,
      name: env.name,
      url: `https://api.github.com/repos/${options.repository}/environments/${env.name}`,
      html_url: `https://github.com/${options.repository}/deployments/activity_log?environments_filter=${env.name}`,
      created_at: now(),
      updated_at: now(),
      protection_rules: rules,
      deployment_branch_policy: policy,
    };
  };

  const environmentRoutes = (name: string, rest: string, method: string, body: Json): [number, unknown] => {
    const env = environments.get(name);
    if (rest === '' && method === 'PUT') {
      environmentBody(body);
      const next = env ?? { id: nextId++ * 10, name, body: {}, policies: [], scope: newScope() };
      next.body = body;
      environments.set(name, next);
      return [200, environmentView(next)];
    }
    if (env === undefined) throw new HttpError(404, 'Not Found');
    if (rest === '' && method === 'GET') return [200, environmentView(env)];
    if (rest.startsWith('/variables'))
      return variableRoutes(env.scope, rest.slice('/variables'.length), method, body);
    if (rest.startsWith('/secrets'))
      return secretRoutes(env.scope, rest.slice('/secrets'.length), method, body);
    if (rest.startsWith('/deployment-branch-policies')) {
      const custom =
        (env.body.deployment_branch_policy as Json | null | undefined)?.custom_branch_policies === true;
      if (!custom) throw new HttpError(404, 'Not Found');
      const id = Number(rest.split('/')[2]);
      if (rest === '/deployment-branch-policies' && method === 'GET')
        return [200, { total_count: env.policies.length, branch_policies: env.policies }];
      if (rest === '/deployment-branch-policies' && method === 'POST') {
        if (typeof body.name !== 'string') throw new Unprocessable('name is required');
        const type = body.type === undefined ? 'branch' : String(body.type);
        if (type !== 'branch' && type !== 'tag') throw new Unprocessable('type must be branch or tag');
        if (env.policies.some((p) => p.name === body.name && p.type === type))
          throw new HttpError(303, 'the same branch name pattern already exists');
        const policy = {
          id: nextId++,
          node_id: `MDE2OkdhdGVCcmFuY2hQb2xpY3k${nextId}`,
          name: body.name,
          type,
        };
        env.policies.push(policy);
        return [200, policy];
      }
      if (method === 'DELETE' && env.policies.some((p) => p.id === id)) {
        env.policies = env.policies.filter((p) => p.id !== id);
        return [204, undefined];
      }
    }
    throw new HttpError(404, 'Not Found');
  };

  const rulesetRoutes = (rest: string, method: string, body: Json): [number, unknown] => {
    const summary = (r: Json) => {
      const { conditions: _c, rules: _r, bypass_actors: _b, ...rest } = r;
      return rest;
    };
    if (rest === '' && method === 'GET') return [200, [...rulesets.values()].map(summary)];
    if (rest === '' && method === 'POST') {
      rulesetBody(body);
      if ([...rulesets.values()].some((r) => r.name === body.name))
        throw new Unprocessable('Name must be unique');
      const id = nextId++;
      const stored = {
        target: 'branch',
        bypass_actors: [],
        ...body,
        id,
        source_type: 'Repository',
        source: options.repository,
        node_id: `RRS_${id}`,
        created_at: now(),
        updated_at: now(),
      };
      rulesets.set(id, stored);
      return [201, { ...stored, current_user_can_bypass: 'never' }];
    }
    const id = Number(rest.slice(1));
    const found = rulesets.get(id);
    if (found === undefined) throw new HttpError(404, 'Not Found');
    if (method === 'GET') return [200, { ...found, current_user_can_bypass: 'never' }];
    if (method === 'PUT') {
      rulesetBody({ ...found, ...body });
      Object.assign(found, body, { updated_at: now() });
      return [200, found];
    }
    throw new HttpError(405, 'Method Not Allowed');
  };

  const route = (method: string, path: string, body: Json): [number, unknown] => {
    const lookup = (table: Readonly<Record<string, unknown>> | undefined, key: string) => table?.[key];
    let m = /^\/users\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      const id = lookup(options.users, m[1] as string);
      if (id === undefined) throw new HttpError(404, 'Not Found');
      return [200, { login: m[1], id, type: 'User' }];
    }
    m = /^\/orgs\/([^/]+)\/teams\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      const id = lookup(options.teams, `${m[1]}/${m[2]}`);
      if (id === undefined) throw new HttpError(404, 'Not Found');
      return [200, { id, slug: m[2], name: m[2] }];
    }
    m = /^\/apps\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      const app = options.apps?.[m[1] as string];
      if (app === undefined) throw new HttpError(404, 'Not Found');
      return [200, { ...app, slug: m[1], name: m[1] }];
    }
    const prefix = `/repos/${options.repository}`;
    if (!path.startsWith(`${prefix}/`)) throw new HttpError(404, 'Not Found');
    const rest = path.slice(prefix.length);
    if (rest.startsWith('/actions/variables'))
      return variableRoutes(repoScope, rest.slice('/actions/variables'.length), method, body);
    if (rest.startsWith('/actions/secrets'))
      return secretRoutes(repoScope, rest.slice('/actions/secrets'.length), method, body);
    m = /^\/environments\/([^/]+)(\/.*)?$/.exec(rest);
    if (m) return environmentRoutes(decodeURIComponent(m[1] as string), m[2] ?? '', method, body);
    if (rest.startsWith('/rulesets')) return rulesetRoutes(rest.slice('/rulesets'.length), method, body);
    for (const [suffix, key, check] of [
      ['/actions/permissions', 'permissions', actionsPermissionsBody],
      ['/actions/permissions/workflow', 'workflow', workflowPermissionsBody],
    ] as const) {
      if (rest !== suffix) continue;
      if (method === 'GET') return [200, actions[key]];
      if (method === 'PUT') {
        check(body);
        actions[key] = { ...actions[key], ...body };
        return [204, undefined];
      }
    }
    throw new HttpError(404, 'Not Found');
  };

  const send = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' });
    res.end(value === undefined ? undefined : JSON.stringify(value));
  };
  const { baseUrl, close } = await listen((req, text, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    requests.push(`${method} ${url.pathname}`);
    const auth = req.headers.authorization ?? '';
    if (
      auth !== `token ${options.token}` &&
      auth !== `bearer ${options.token}` &&
      auth !== `Bearer ${options.token}`
    )
      return send(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      });
    try {
      const body = text === '' ? {} : (JSON.parse(text) as Json);
      const [status, value] = route(method, url.pathname, body);
      send(res, status, value);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : error instanceof Unprocessable ? 422 : 500;
      send(res, status, {
        message: (error as Error).message,
        documentation_url: 'https://docs.github.com/rest',
      });
    }
  });

  const scopeOf = (environment?: string) =>
    environment === undefined ? repoScope : environments.get(environment)?.scope;
  return {
    url: baseUrl,
    requests,
    variable: (name, environment) => scopeOf(environment)?.variables.get(name)?.value,
    secret: (name, environment) => scopeOf(environment)?.secrets.get(name)?.value,
    environment: (name) => {
      const env = environments.get(name);
      return env === undefined ? undefined : { ...environmentView(env), policies: env.policies };
    },
    rulesets: () => [...rulesets.values()],
    actions: () => actions,
    stop: close,
  };
}
