/**
 * A TCP relay that delays every chunk, each way, by a fixed time: latency where `tc netem` is
 * missing. `node delayRelay.js <listen address> <listen port> <target address> <target port> <delay ms>`;
 * prints `listening`. Order is kept: chunks leave in the order they arrived, `delay` ms later.
 */
import { createConnection, createServer, type Socket } from 'node:net';

const [listenAddress, listenPort, targetAddress, targetPort, delay] = process.argv.slice(2);
const delayMs = Number(delay);

function delayed(from: Socket, to: Socket): void {
  from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
  from.on('end', () => setTimeout(() => to.end(), delayMs));
}

createServer((client) => {
  client.setNoDelay(true);
  const upstream = createConnection({ host: targetAddress, port: Number(targetPort) });
  upstream.setNoDelay(true);
  delayed(client, upstream);
  delayed(upstream, client);
  for (const socket of [client, upstream]) {
    socket.on('error', () => (client.destroy(), upstream.destroy()));
    socket.on('close', () => setTimeout(() => (client.destroy(), upstream.destroy()), delayMs));
  }
}).listen(Number(listenPort), listenAddress, () => console.log('listening'));
