import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay to a local port that a test can cut (every link reset, port closed) and restore. */
export interface TcpOutage {
  readonly port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /**
   * Cuts the link once the response to the first HTTP request whose request line matches `request` has
   * been relayed: the client saw its write succeed, and its next request meets the outage.
   */
  cutAfter(request: RegExp): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpOutage(targetPort: number): Promise<TcpOutage> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let trigger: { request: RegExp; cut: () => void } | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        let armed = false;
        client.on('data', (chunk: Buffer) => {
          armed ||= trigger !== null && trigger.request.test(chunk.subarray(0, 512).toString('latin1').split('\r\n')[0]);
          upstream.write(chunk);
        });
        upstream.on('data', (chunk: Buffer) => {
          client.write(chunk, () => {
            if (!armed || trigger === null) return;
            const fire = trigger.cut;
            trigger = null;
            fire();
          });
        });
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        server = next;
        resolve((next.address() as { port: number }).port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
      if (server === null) return resolve();
      server.close(() => resolve());
      server = null;
    });
  const port = await listen(0);
  return {
    port,
    cut: stop,
    restore: async () => void (await listen(port)),
    cutAfter: (request) => new Promise<void>((resolve) => (trigger = { request, cut: () => void stop().then(resolve) })),
    close: stop,
  };
}
