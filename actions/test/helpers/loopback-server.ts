// Stand-in servers listen on 127.0.0.1 with a port the OS picks, and stop without waiting for clients
// that keep a connection open (a hung request, a keep-alive socket).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening stand-in: its base URL and how to stop it. */
export interface LoopbackServer {
  /** `127.0.0.1:<port>`. */
  readonly host: string;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Drops open connections and closes the server. */
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1 with a free port. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
