// GitHub's pull request API, as far as gitops-bump uses it (GET/POST /repos/{o}/{r}/pulls,
// PATCH /repos/{o}/{r}/pulls/{n}), on loopback: the release rehearsal opens its prod pull request here
// while the branch itself lands on the local bare remote. Pull requests are kept in the state folder.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredPull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open';
  html_url: string;
}

export interface GitHubStandin {
  /** For GITHUB_API_URL. */
  readonly url: string;
  pulls(): StoredPull[];
  stop(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

export async function startGitHubStandin(file: string, repository: string): Promise<GitHubStandin> {
  const load = (): StoredPull[] =>
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredPull[]) : [];
  const save = (pulls: StoredPull[]) => writeFileSync(file, `${JSON.stringify(pulls, null, 2)}\n`);
  const [owner] = repository.split('/');
  const send = (response: ServerResponse, status: number, value: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(value));
  };
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const match = /^\/repos\/([^/]+)\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(url.pathname);
      if (!match || `${match[1]}/${match[2]}` !== repository)
        return send(response, 404, { message: 'Not Found' });
      const pulls = load();
      if (request.method === 'GET' && match[3] === undefined) {
        const head = url.searchParams.get('head')?.replace(`${owner}:`, '');
        const base = url.searchParams.get('base');
        return send(
          response,
          200,
          pulls.filter((p) => (!head || p.head === head) && (!base || p.base === base)),
        );
      }
      const input = await body(request);
      if (request.method === 'POST' && match[3] === undefined) {
        const number = pulls.length + 1;
        const pull: StoredPull = {
          number,
          head: String(input.head),
          base: String(input.base),
          title: String(input.title),
          body: String(input.body ?? ''),
          state: 'open',
          html_url: `https://github.com/${repository}/pull/${number}`,
        };
        save([...pulls, pull]);
        return send(response, 201, pull);
      }
      if (request.method === 'PATCH' && match[3] !== undefined) {
        const pull = pulls.find((p) => p.number === Number(match[3]));
        if (!pull) return send(response, 404, { message: 'Not Found' });
        Object.assign(pull, {
          title: String(input.title ?? pull.title),
          body: String(input.body ?? pull.body),
        });
        save(pulls);
        return send(response, 200, pull);
      }
      return send(response, 405, { message: 'Method Not Allowed' });
    })().catch((error: Error) => send(response, 500, { message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pulls: load,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
