// `npm start`'s supervision of one service process: a process that keeps dying is restarted with a
// doubling, capped delay, each restart is logged, and stop() ends the supervision (no restart after it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../../services/lib/src/logger.js';
import { eventually, freePort, repoRoot } from '../../../services/lib/test-support/processes.js';
import { SupervisedService } from '../supervised-service.js';

const dir = mkdtempSync(join(tmpdir(), 'supervised-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SupervisedService', () => {
  it('restarts a process that dies, with a doubling delay up to the cap, and stops for good on stop()', async () => {
    // A "service" that answers /health, then crashes 300 ms later.
    const entry = join(dir, 'crashing.mjs');
    writeFileSync(
      entry,
      `import { createServer } from 'node:http';
       createServer((_req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
       setTimeout(() => process.exit(3), 300);\n`,
    );
    const lines: Array<{ msg: string; restartInMs?: number; code?: number }> = [];
    const logger = createLogger({
      name: 'stack',
      destination: { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
    });
    const port = await freePort();
    const service = await SupervisedService.start(
      {
        name: 'pricing',
        entry,
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', PORT: String(port) },
        port,
        forward: () => undefined,
      },
      logger,
      { initialDelayMs: 100, maxDelayMs: 400, healthyRunMs: 60_000 },
    );
    const firstPid = service.pid;
    await eventually(async () => (service.restarts >= 4 ? true : undefined), 30_000);
    const delays = lines.filter((l) => l.msg.startsWith('pricing exited')).map((l) => l.restartInMs);
    expect(delays.slice(0, 4)).toEqual([100, 200, 400, 400]);
    expect(lines.find((l) => l.msg.startsWith('pricing exited'))).toMatchObject({ code: 3 });
    expect(lines.filter((l) => l.msg.startsWith('pricing restarted')).length).toBeGreaterThanOrEqual(3);
    expect(service.pid).not.toBe(firstPid);

    await service.stop();
    const restarts = service.restarts;
    await new Promise((r) => setTimeout(r, 1000));
    expect(service.restarts).toBe(restarts);
  }, 60_000);
});
