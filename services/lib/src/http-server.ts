// A service's HTTP server: listen on the configured host and port, log where, and close gracefully. One
// place, so every service starts and stops its server the same way.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from './logger.js';

/** A listening server, from {@link listen}. */
export interface ListeningServer {
  readonly server: Server;
  /** The port it listens on (the configured one, or the one picked for port 0). */
  readonly port: number;
  /** `http://<host>:<port>` as reachable from this machine (a wildcard host shown as 127.0.0.1). */
  readonly url: string;
  /**
   * Stops accepting, closes idle connections at once and waits for the requests in flight; after
   * `graceMs` their connections are cut. Resolves once the server is closed.
   */
  close(graceMs: number): Promise<void>;
}

/** Options of {@link listen}. */
export interface ListenOptions {
  port: number;
  host: string;
  logger: Logger;
  /** Extra fields of the `listening` log line (e.g. the queue URL). */
  details?: Record<string, unknown>;
}

/** Starts `app` on `host:port`; rejects when the port cannot be bound. Logs `listening` with the URL and port. */
export async function listen(app: Express, options: ListenOptions): Promise<ListeningServer> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, options.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `http://${shownHost}:${port}`;
  options.logger.info({ url, port, ...options.details }, 'listening');
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url,
    close(graceMs) {
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
