// (tests only) A TCP proxy on loopback in front of a server, to cut it off as an outage would: `cut()`
// resets every open connection and every new one until `restore()`. For a dependency that a test may not
// stop without losing its state (fauxqs keeps its queues in memory).
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Resets the open connections and refuses new ones (reset at once) until {@link TcpProxy.restore}. */
  cut: () => void;
  restore: () => void;
  stop: () => Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let cutOff = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (cutOff) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ port: targetPort, host: '127.0.0.1' });
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    cut: () => {
      cutOff = true;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore: () => {
      cutOff = false;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
