// A paced HTTP load generator run as its own process by services-api.bench.ts, with hey's model
// (`-c` workers, each at most `-q` requests/s, each waiting for its response: offered = c x q) plus what
// hey lacks: a different JSON body per request (reservations spread over many SKUs name the SKU in the
// body, and hey sends one fixed body). Prints one JSON line: every latency (ms) and the status counts.
import http from 'node:http';

interface LoadSpec {
  url: string;
  workers: number;
  perWorkerRate: number;
  seconds: number;
  headers: Record<string, string>;
  /** Bodies used in turn, request by request. */
  bodies: string[];
}

const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec;
const target = new URL(spec.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.workers });
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;

function send(body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          ...spec.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function worker(startedAt: number, endAt: number): Promise<void> {
  const interval = 1000 / spec.perWorkerRate;
  let due = startedAt + Math.random() * interval;
  while (due < endAt) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Like hey's ticker: a late request does not make the worker send a burst to catch up.
    due = Math.max(due + interval, performance.now());
    const body = spec.bodies[next++ % spec.bodies.length] as string;
    const sent = performance.now();
    const status = await send(body);
    latencies.push(performance.now() - sent);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}

const startedAt = performance.now();
const endAt = startedAt + spec.seconds * 1000;
await Promise.all(Array.from({ length: spec.workers }, () => worker(startedAt, endAt)));
const elapsed = (performance.now() - startedAt) / 1000;
agent.destroy();
process.stdout.write(`${JSON.stringify({ latencies, statuses, seconds: elapsed })}\n`);
