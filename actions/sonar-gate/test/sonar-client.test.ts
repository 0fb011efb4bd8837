import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSonarClient, quoteErrorBody, SonarApiError } from '../src/sonar-client.js';
import { type SonarStandIn, startSonarStandIn } from './sonar-stand-in.js';

const TOKEN = 'sqp_client0test0token0000000000000000';
const FORBIDDEN = 'sqp_no0browse0permission000000000000';
let sonar: SonarStandIn;

beforeAll(async () => {
  sonar = await startSonarStandIn({ tokens: [TOKEN], forbiddenTokens: [FORBIDDEN] });
  sonar.tasks.set('T-ok', { statuses: ['SUCCESS'], componentKey: 'acme_app', analysisId: 'A-ok' });
  sonar.gates.set('A-ok', {
    status: 'ERROR',
    conditions: [
      {
        status: 'ERROR',
        metricKey: 'new_coverage',
        comparator: 'LT',
        periodIndex: 1,
        errorThreshold: '80',
        actualValue: '61.3',
      },
    ],
  });
});
afterAll(() => sonar.close());

/** A client whose waits are recorded, not slept. */
function client(token = TOKEN, hostUrl = sonar.url) {
  const sleeps: number[] = [];
  const api = createSonarClient({
    hostUrl,
    token,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    context: { projectKey: 'acme_app', organization: 'acme' },
  });
  return { api, sleeps };
}

const requestsTo = (path: string) => sonar.requests.filter((r) => r.path === path).length;

describe('the stand-in answers like SonarCloud', () => {
  it('401 with the errors body without credentials, 401 with an empty body for a wrong token', async () => {
    const anonymous = await fetch(`${sonar.url}/api/ce/task?id=T-ok`);
    expect([anonymous.status, await anonymous.json()]).toEqual([
      401,
      { errors: [{ msg: 'Authentication is required' }] },
    ]);
    const wrong = await fetch(`${sonar.url}/api/ce/task?id=T-ok`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect([wrong.status, await wrong.text()]).toEqual([401, '']);
  });

  it('accepts the token as Basic "token:" too, as the servers do', async () => {
    const basic = Buffer.from(`${TOKEN}:`).toString('base64');
    const response = await fetch(`${sonar.url}/api/ce/task?id=T-ok`, {
      headers: { Authorization: `Basic ${basic}` },
    });
    expect(response.status).toBe(200);
  });
});

describe('createSonarClient', () => {
  it('reads a task and a gate, sending the token as a Bearer header to host-url only', async () => {
    const { api } = client();
    const before = sonar.requests.length;
    await expect(api.getTask('T-ok')).resolves.toMatchObject({
      id: 'T-ok',
      status: 'SUCCESS',
      analysisId: 'A-ok',
    });
    await expect(api.getProjectStatus('A-ok')).resolves.toMatchObject({
      status: 'ERROR',
      conditions: [
        { metricKey: 'new_coverage', actualValue: '61.3', errorThreshold: '80', comparator: 'LT' },
      ],
    });
    const sent = sonar.requests.slice(before);
    expect(sent.map((r) => [r.path, r.query, r.authorization])).toEqual([
      ['/api/ce/task', '?id=T-ok', `Bearer ${TOKEN}`],
      ['/api/qualitygates/project_status', '?analysisId=A-ok', `Bearer ${TOKEN}`],
    ]);
  });

  it('keeps a context path of a SonarQube behind a reverse proxy', async () => {
    const { api } = client(TOKEN, `${sonar.url}/sonarqube`);
    // The stand-in serves at its root, so the proxied path answers its "Unknown url" 404.
    await expect(api.getTask('T-ok')).rejects.toThrow('GET api/ce/task?id=T-ok answered 404');
    expect(sonar.requests.at(-1)?.path).toBe('/sonarqube/api/ce/task');
  });

  it('retries 503s with growing, jittered waits and then succeeds', async () => {
    const { api, sleeps } = client();
    sonar.failNext('/api/ce/task', 3);
    const before = requestsTo('/api/ce/task');
    await expect(api.getTask('T-ok')).resolves.toMatchObject({ status: 'SUCCESS' });
    expect(requestsTo('/api/ce/task') - before).toBe(4);
    // random() = 0.5 → half of each doubling ceiling (1 s, 2 s, 4 s): full jitter.
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it('draws each wait below a doubling ceiling from 1 s, capped at 15 s (its defaults)', async () => {
    const sleeps: number[] = [];
    const api = createSonarClient({
      hostUrl: sonar.url,
      token: TOKEN,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.999,
    });
    sonar.failNext('/api/ce/task', 5);
    await expect(api.getTask('T-ok')).resolves.toMatchObject({ status: 'SUCCESS' });
    expect(sleeps).toEqual([999, 1998, 3996, 7992, 14985]);
  });

  it('retries a dropped connection (a network error)', async () => {
    const { api, sleeps } = client();
    sonar.dropNext('/api/qualitygates/project_status', 2);
    await expect(api.getProjectStatus('A-ok')).resolves.toMatchObject({ status: 'ERROR' });
    expect(sleeps).toHaveLength(2);
  });

  it('abandons a request that hangs past requestTimeoutMs and retries it', async () => {
    const sleeps: number[] = [];
    const api = createSonarClient({
      hostUrl: sonar.url,
      token: TOKEN,
      requestTimeoutMs: 200,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    sonar.hangNext('/api/ce/task', 1);
    await expect(api.getTask('T-ok')).resolves.toMatchObject({ status: 'SUCCESS' });
    expect(sleeps).toHaveLength(1);
  });

  it('gives up after 6 attempts of 503, quoting the status and how many attempts it made', async () => {
    const { api, sleeps } = client();
    sonar.failNext('/api/ce/task', 10);
    const before = requestsTo('/api/ce/task');
    const error = await api.getTask('T-ok').catch((e: unknown) => e);
    sonar.failNext('/api/ce/task', 0);
    expect(error).toBeInstanceOf(SonarApiError);
    expect((error as SonarApiError).status).toBe(503);
    expect((error as Error).message).toMatch(
      /answered 503 Service Unavailable.*\(gave up after 6 attempts\)/,
    );
    expect(requestsTo('/api/ce/task') - before).toBe(6);
    expect(sleeps).toHaveLength(5);
  });

  it('does not retry 401: it says to check the token, and never echoes it', async () => {
    const wrong = 'sqp_revoked0token00000000000000000000';
    const { api, sleeps } = client(wrong);
    const before = requestsTo('/api/ce/task');
    const error = (await api.getTask('T-ok').catch((e: unknown) => e)) as SonarApiError;
    expect([error.status, error.retryable]).toEqual([401, false]);
    expect(error.message).toContain("Check that input 'token' holds a valid token for http://127.0.0.1");
    expect(error.message).not.toContain(wrong);
    expect(requestsTo('/api/ce/task') - before).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('turns 403 into the permission to grant, quoting the server', async () => {
    const { api } = client(FORBIDDEN);
    await expect(api.getTask('T-ok')).rejects.toThrow(
      `answered 403 Forbidden: "Insufficient privileges". Check that the token's user has the 'Execute Analysis' (or 'Administer') permission on project 'acme_app' in organization 'acme'.`,
    );
    await expect(api.getProjectStatus('A-ok')).rejects.toThrow("'Browse' (or 'Execute Analysis') permission");
  });

  it('turns 404 for an unknown task into a quote of the server and what to check', async () => {
    const { api, sleeps } = client();
    const error = (await api.getTask('T-unknown').catch((e: unknown) => e)) as SonarApiError;
    expect(error.status).toBe(404);
    expect(error.message).toContain(`answered 404 Not Found: "No activity found for task 'T-unknown'".`);
    expect(error.message).toContain(
      `Check that input 'host-url' (${sonar.url}) is the server the scanner submitted to`,
    );
    expect(sleeps).toEqual([]);
  });

  it('refuses a 200 whose body is not the documented shape, without retrying', async () => {
    const sleeps: number[] = [];
    const notSonar = createSonarClient({
      hostUrl: 'http://example.invalid',
      token: TOKEN,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      fetch: async () => new Response(JSON.stringify({ task: { id: 'x', status: 'DONE' } }), { status: 200 }),
    });
    await expect(notSonar.getTask('x')).rejects.toThrow(
      /unexpected body \(task\.status: .*\)\. Check that input 'host-url'/,
    );
    const html = createSonarClient({
      hostUrl: 'http://example.invalid',
      token: TOKEN,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      fetch: async () => new Response('<html>Sign in</html>', { status: 200 }),
    });
    await expect(html.getTask('x')).rejects.toThrow('with a body that is not JSON: "Sign in"');
    expect(sleeps).toEqual([]);
  });
});

describe('helpers', () => {
  it('quoteErrorBody quotes every errors[].msg, or a short text of any other body', () => {
    expect(quoteErrorBody('{"errors":[{"msg":"a"},{"msg":"b"}]}')).toBe(': "a; b"');
    expect(quoteErrorBody('')).toBe('');
    expect(quoteErrorBody('<h1>Bad   Gateway</h1>')).toBe(': "Bad Gateway"');
  });
});
