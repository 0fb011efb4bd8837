// One service of `npm start` as its own process, kept running: when it dies while the stack is not
// stopping (a crash, an OOM kill), it is started again after a backoff (1 s, doubling to 30 s; back
// to 1 s once a run lasted a minute), on the same port, and the stack says so in its log. A crash
// loop therefore costs little, and one bad moment of a dependency does not take the stack down.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Logger } from '../../services/lib/src/logger.js';

/** How long a service may take to stop after SIGTERM before it is killed (its own drain bound is 10 s). */
export const SERVICE_STOP_MS = 15_000;

/** Restart delays of {@link SupervisedService}. */
export interface RestartPolicy {
  /** @defaultValue 1000 ms */
  initialDelayMs: number;
  /** @defaultValue 30000 ms */
  maxDelayMs: number;
  /** A run at least this long resets the delay. @defaultValue 60000 ms */
  healthyRunMs: number;
}

const defaultPolicy: RestartPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, healthyRunMs: 60_000 };

/** What {@link SupervisedService} runs: `node --import tsx <entry>` in `cwd` with `env`. */
export interface ServiceCommand {
  name: string;
  entry: string;
  cwd: string;
  /** The full environment of the process (PORT included). */
  env: Record<string, string>;
  /** The port it listens on, for `/health`. */
  port: number;
  /** Where its stdout goes (its JSON log lines). */
  forward: (chunk: Buffer) => void;
}

/** A service process that is restarted with backoff when it dies, until {@link SupervisedService.stop}. */
export class SupervisedService {
  private child: ChildProcess | undefined;
  private stopping = false;
  private delayMs: number;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Restarts so far. */
  restarts = 0;

  private constructor(
    private readonly command: ServiceCommand,
    private readonly logger: Logger | undefined,
    private readonly policy: RestartPolicy,
  ) {
    this.delayMs = policy.initialDelayMs;
  }

  /** Starts the service; resolves once it answers `/health`, rejects with its output if it exits first. */
  static async start(
    command: ServiceCommand,
    logger?: Logger,
    policy: Partial<RestartPolicy> = {},
  ): Promise<SupervisedService> {
    const service = new SupervisedService(command, logger, { ...defaultPolicy, ...policy });
    await service.launch();
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.command.port}`;
  }

  /** Process id of the current run. */
  get pid(): number {
    return this.child?.pid ?? -1;
  }

  private async launch(): Promise<void> {
    const { name, entry, cwd, env, forward } = this.command;
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    child.stdout?.on('data', forward);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    const startedAt = Date.now();
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `${name} exited with ${child.exitCode ?? child.signalCode} before serving:\n${output}`,
        );
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.once('exit', (code, signal) => this.exited(child, code ?? signal ?? -1, Date.now() - startedAt));
  }

  private exited(child: ChildProcess, code: number | string, ranMs: number): void {
    if (this.stopping || child !== this.child) return;
    if (ranMs >= this.policy.healthyRunMs) this.delayMs = this.policy.initialDelayMs;
    const delayMs = this.delayMs;
    this.delayMs = Math.min(this.policy.maxDelayMs, this.delayMs * 2);
    this.logger?.error(
      { service: this.command.name, code, restartInMs: delayMs, restarts: this.restarts },
      `${this.command.name} exited (${code}): restarting it in ${delayMs} ms`,
    );
    this.restartTimer = setTimeout(() => {
      this.restarts += 1;
      this.launch().then(
        () =>
          this.logger?.warn(
            { service: this.command.name, pid: this.pid, restarts: this.restarts },
            `${this.command.name} restarted (pid ${this.pid})`,
          ),
        (error: unknown) => {
          // It died before serving: the next attempt waits longer.
          this.logger?.error(
            { service: this.command.name, err: error },
            `${this.command.name} restart failed`,
          );
          if (this.child) this.exited(this.child, this.child.exitCode ?? -1, 0);
        },
      );
    }, delayMs);
  }

  /** Stops supervising, then SIGTERM (SIGKILL after {@link SERVICE_STOP_MS}); resolves once it has exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), SERVICE_STOP_MS);
    await exited;
    clearTimeout(kill);
  }
}
