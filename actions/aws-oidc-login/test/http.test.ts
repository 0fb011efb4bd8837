import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { selfSignedCertificate } from '../../../services/lib/test-support/certificates.js';
import { exchange, preconnect } from '../src/http.js';

const dir = mkdtempSync(join(tmpdir(), 'tls-'));
let server: Server;
let url: URL;
let ca: string;
let handshakes = 0;

beforeAll(async () => {
  const tls = selfSignedCertificate(dir, 'localhost', 'localhost', { subjectAltName: 'DNS:localhost' });
  ca = readFileSync(tls.certPath, 'utf8');
  server = createServer({ key: readFileSync(tls.keyPath), cert: ca }, (req, res) => {
    req.resume();
    req.on('end', () => res.end(`${req.method} ${req.url}`));
  });
  server.on('secureConnection', () => handshakes++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = new URL(`https://localhost:${(server.address() as AddressInfo).port}/sts`);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('preconnect + exchange over TLS', () => {
  it('sends the request on the connection opened ahead: one handshake', async () => {
    handshakes = 0;
    const early = preconnect(url, { ca });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the token request would be in flight
    const answer = await exchange(url, { method: 'POST', body: 'Action=x', connection: early.take() });
    early.release();
    expect([answer.status, answer.body]).toEqual([200, 'POST /sts']);
    expect(handshakes).toBe(1);
  });

  it('hands the connection out once', () => {
    const early = preconnect(url, { ca });
    const socket = early.take();
    expect(socket).toBeDefined();
    expect(early.take()).toBeUndefined();
    socket?.destroy();
  });

  it('refuses a certificate it cannot verify, and gives nothing to take', async () => {
    const early = preconnect(url); // the system's authorities do not know this one
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(early.take()).toBeUndefined();
    early.release();
  });
});
