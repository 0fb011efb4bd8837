// A stand-in for the three GitHub REST endpoints the action uses (GitHub is SaaS), following the documented
// shapes: GET/POST /repos/{owner}/{repo}/pulls and PATCH /repos/{owner}/{repo}/pulls/{pull_number}, 401 for
// bad credentials and 422 "Validation Failed" with an errors array. A head branch must exist in the real bare
// remote, as on GitHub.
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../../../test/helpers/loopback-server.js';

export interface StandInPull {
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  head: string;
  base: string;
}

export interface StandInRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

const DOCS = 'https://docs.github.com/rest/pulls/pulls';

export class GitHubStandIn {
  readonly pulls: StandInPull[] = [];
  readonly requests: StandInRequest[] = [];
  /** Answer the next N list calls with [] (another run's pull request not yet visible: the create race). */
  staleLists = 0;
  private server: LoopbackServer | undefined;
  url = '';

  constructor(
    private readonly token: string,
    /** The bare remote that plays the GitHub repository. */
    private readonly bare: string,
  ) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      });
    });
    this.server = await listenOnLoopback(server);
    this.url = this.server.url;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  private pullJson(owner: string, repo: string, pull: StandInPull) {
    return {
      url: `${this.url}/repos/${owner}/${repo}/pulls/${pull.number}`,
      html_url: `https://github.example/${owner}/${repo}/pull/${pull.number}`,
      number: pull.number,
      state: pull.state,
      title: pull.title,
      body: pull.body,
      head: { label: `${owner}:${pull.head}`, ref: pull.head },
      base: { label: `${owner}:${pull.base}`, ref: pull.base },
    };
  }

  private branchExists(branch: string): boolean {
    try {
      execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], {
        cwd: this.bare,
        stdio: 'ignore',
      });
      return true;
    } catch {
      return false;
    }
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      authorization: req.headers.authorization,
    });
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      return {
        status: 401,
        body: {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        },
      };
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const input = raw === '' ? {} : (JSON.parse(raw) as Record<string, string>);
    const match = /^\/repos\/([^/]+)\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(url.pathname);
    if (!match)
      return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
    const [, owner = '', repo = '', number] = match;

    if (req.method === 'GET' && number === undefined && this.staleLists > 0) {
      this.staleLists--;
      return { status: 200, body: [] };
    }
    if (req.method === 'GET' && number === undefined) {
      const head = url.searchParams.get('head');
      const base = url.searchParams.get('base');
      const state = url.searchParams.get('state') ?? 'open';
      const found = this.pulls.filter(
        (p) =>
          (state === 'all' || p.state === state) &&
          (head === null || `${owner}:${p.head}` === head) &&
          (base === null || p.base === base),
      );
      return { status: 200, body: found.map((p) => this.pullJson(owner, repo, p)) };
    }
    if (req.method === 'POST' && number === undefined) {
      const errors: unknown[] = [];
      for (const field of ['title', 'head', 'base']) {
        if (typeof input[field] !== 'string')
          errors.push({ resource: 'PullRequest', field, code: 'missing_field' });
      }
      if (errors.length === 0 && !this.branchExists(input.head as string)) {
        errors.push({ resource: 'PullRequest', field: 'head', code: 'invalid' });
      }
      if (
        errors.length === 0 &&
        this.pulls.some((p) => p.state === 'open' && p.head === input.head && p.base === input.base)
      ) {
        errors.push({
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${owner}:${input.head}.`,
        });
      }
      if (errors.length > 0) {
        return {
          status: 422,
          body: { message: 'Validation Failed', errors, documentation_url: DOCS, status: '422' },
        };
      }
      const pull: StandInPull = {
        number: this.pulls.length + 1,
        state: 'open',
        title: input.title as string,
        body: input.body ?? '',
        head: input.head as string,
        base: input.base as string,
      };
      this.pulls.push(pull);
      return { status: 201, body: this.pullJson(owner, repo, pull) };
    }
    if (req.method === 'PATCH' && number !== undefined) {
      const pull = this.pulls.find((p) => p.number === Number(number));
      if (!pull)
        return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
      if (typeof input.title === 'string') pull.title = input.title;
      if (typeof input.body === 'string') pull.body = input.body;
      return { status: 200, body: this.pullJson(owner, repo, pull) };
    }
    return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
  }
}
