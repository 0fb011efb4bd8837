// A paced HTTP load generator, run as its own process by the service benches (bench/load/paced.ts), with
// hey's model (`-c` workers, each at most `-q` operations/s, each waiting for its operation: offered =
// c x q) plus what hey lacks: a different JSON body per request, an operation made of several requests
// sent at once (done when all answered: an order's reservations), a fresh Idempotency-Key per request, and
// a check of the answer's JSON. Prints one JSON line: every operation's latency (ms), the count of good
// ones, the failures by first cause (an HTTP status, `body`, or `0` for a connection error) and its CPU.
// Reads its LoadSpec as JSON on stdin (a few hundred bodies exceed what one argument may hold).
// Erasable TypeScript only, no imports but node:http: it starts in a fraction of a second.
import http from 'node:http';

export interface LoadRequest {
  path: string;
  body: string;
}

export interface LoadSpec {
  /** The target's origin, e.g. `http://127.0.0.1:8080`. */
  url: string;
  workers: number;
  perWorkerRate: number;
  seconds: number;
  headers: Record<string, string>;
  /** Operations used in turn; each one's requests are POSTed at once. */
  ops: LoadRequest[][];
  /** Gives every request its own `Idempotency-Key: <prefix>-<op>-<request>`. */
  idempotencyKeyPrefix?: string;
  /** A request succeeds on this status. @defaultValue any 2xx */
  expectStatus?: number;
  /** ...and, when given, with a JSON body holding these top-level values. */
  expectFields?: Record<string, string>;
}

export interface LoadResult {
  /** Milliseconds, one per operation, good or not. */
  latencies: number[];
  ok: number;
  failures: Record<string, number>;
  seconds: number;
  /** CPU this generator used, in seconds. */
  cpuSeconds: number;
}

const input: Buffer[] = [];
for await (const chunk of process.stdin) input.push(chunk as Buffer);
const spec = JSON.parse(Buffer.concat(input).toString()) as LoadSpec;
const target = new URL(spec.url);
const width = Math.max(...spec.ops.map((op) => op.length));
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.workers * width });
const latencies: number[] = [];
const failures: Record<string, number> = {};
let ok = 0;
let next = 0;

/** Resolves with undefined when the request succeeded, else with why not. */
function send(request: LoadRequest, key: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: request.path,
        method: 'POST',
        headers: {
          ...spec.headers,
          ...(key === undefined ? {} : { 'idempotency-key': key }),
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(request.body),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const good =
          spec.expectStatus === undefined ? status >= 200 && status < 300 : status === spec.expectStatus;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (spec.expectFields) chunks.push(chunk);
        });
        res.on('end', () => {
          if (!good) return resolve(String(status));
          if (!spec.expectFields) return resolve(undefined);
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
            const matches = Object.entries(spec.expectFields).every(([k, v]) => body[k] === v);
            resolve(matches ? undefined : 'body');
          } catch {
            resolve('body');
          }
        });
      },
    );
    req.on('error', () => resolve('0'));
    req.end(request.body);
  });
}

async function worker(startedAt: number, endAt: number): Promise<void> {
  const interval = 1000 / spec.perWorkerRate;
  let due = startedAt + Math.random() * interval;
  while (due < endAt) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Like hey's ticker: a late operation does not make the worker send a burst to catch up.
    due = Math.max(due + interval, performance.now());
    const n = next++;
    const op = spec.ops[n % spec.ops.length] as LoadRequest[];
    const prefix = spec.idempotencyKeyPrefix;
    const sent = performance.now();
    const answers = await Promise.all(
      op.map((request, i) => send(request, prefix === undefined ? undefined : `${prefix}-${n}-${i}`)),
    );
    latencies.push(performance.now() - sent);
    const failure = answers.find((a) => a !== undefined);
    if (failure === undefined) ok += 1;
    else failures[failure] = (failures[failure] ?? 0) + 1;
  }
}

const startedAt = performance.now();
const endAt = startedAt + spec.seconds * 1000;
await Promise.all(Array.from({ length: spec.workers }, () => worker(startedAt, endAt)));
const elapsed = (performance.now() - startedAt) / 1000;
agent.destroy();
const cpu = process.cpuUsage();
const result: LoadResult = {
  latencies,
  ok,
  failures,
  seconds: elapsed,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
