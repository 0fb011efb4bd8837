// The stand-ins of GitHub's OIDC token endpoint and STS's Query API (aws-oidc-login's tests and the
// cold-start bench) and scripts/github's settings stand-in listen on 127.0.0.1 with a port the OS picks,
// and stop without waiting for clients that keep a connection open (a hung request, a keep-alive socket).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts an HTTP server on 127.0.0.1 with a free port; returns its base URL and a close function. */
export async function listen(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<{ server: Server; baseUrl: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { server, baseUrl, close };
}
