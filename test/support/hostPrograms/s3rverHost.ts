/**
 * A cluster's S3 server, run on the data host: `node s3rverHost.js <address> <port> <directory>`.
 * Prints `listening`, then `request <client address> <method> <path>` for every request, so a test
 * can count the store traffic each host makes.
 */
import { createRequire } from 'node:module';
import type { IncomingMessage, Server } from 'node:http';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  httpServer: Server;
}
type S3rverConstructor = new (options: { address: string; port: number; directory: string; silent: boolean }) => S3rverInstance;
// s3rver is CommonJS without type declarations.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

const [address, port, directory] = process.argv.slice(2);
const server = new S3rver({ address, port: Number(port), directory, silent: true });
await server.run();
server.httpServer.on('request', (request: IncomingMessage) => {
  const path = (request.url ?? '').split('?')[0];
  console.log(`request ${request.socket.remoteAddress} ${request.method} ${path}`);
});
console.log('listening');
