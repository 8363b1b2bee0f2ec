import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, S3Error } from 'minio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientS3Error, parseS3Endpoint, S3Store, type S3StoreOptions } from '../../src/store/s3Store.js';
import { S3RVER_CREDENTIALS, startS3rver, startS3Server, type S3TestServer } from '../support/s3Server.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('parseS3Endpoint', () => {
  it('splits a URL into what the client needs', () => {
    expect(parseS3Endpoint('http://127.0.0.1:9000')).toEqual({
      origin: 'http://127.0.0.1:9000',
      host: '127.0.0.1',
      port: 9000,
      useSSL: false,
    });
    expect(parseS3Endpoint('https://minio.example.org/')).toMatchObject({ host: 'minio.example.org', port: 443, useSSL: true });
    expect(parseS3Endpoint('http://minio')).toMatchObject({ origin: 'http://minio', port: 80 });
    expect(parseS3Endpoint('http://[::1]:9000')).toMatchObject({ host: '::1', port: 9000 });
  });

  it('refuses what is not a bare http(s) origin, without echoing credentials', () => {
    expect(() => parseS3Endpoint('127.0.0.1:9000')).toThrow(
      "invalid S3 endpoint '127.0.0.1:9000': expected a URL like http://127.0.0.1:9000",
    );
    expect(() => parseS3Endpoint('localhost:9000')).toThrow(/protocol must be http or https/);
    expect(() => parseS3Endpoint('ftp://host')).toThrow(/protocol must be http or https/);
    expect(() => parseS3Endpoint('http://host:9000/sweepflow')).toThrow(/must have no path or query/);
    let message = '';
    try {
      parseS3Endpoint('http://admin:hunter22@host:9000');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'invalid S3 endpoint: it must not contain credentials; give the access and secret keys separately',
    );
  });
});

describe('S3Store options', () => {
  const base: S3StoreOptions = { endpoint: 'http://127.0.0.1:9000', accessKey: 'ak', secretKey: 'sk-secret', bucket: 'sweepflow' };

  it('describes itself by endpoint and bucket only', () => {
    const store = new S3Store(base);
    expect(store.description).toBe('s3 http://127.0.0.1:9000 bucket sweepflow');
  });

  it('refuses bad buckets, missing keys and bad knobs', () => {
    expect(() => new S3Store({ ...base, bucket: 'Runs_2024' })).toThrow(/^invalid S3 bucket name 'Runs_2024'/);
    expect(() => new S3Store({ ...base, bucket: 'ab' })).toThrow(/^invalid S3 bucket name 'ab'/);
    expect(() => new S3Store({ ...base, secretKey: '' })).toThrow(
      'S3 store at http://127.0.0.1:9000: the access key and the secret key must both be given',
    );
    expect(() => new S3Store({ ...base, retry: { budgetMs: -5 } })).toThrow('invalid retry budget -5 ms');
    expect(() => new S3Store({ ...base, listPageSize: 0 })).toThrow('invalid S3 list page size 0');
    expect(() => new S3Store({ ...base, requestTimeoutMs: 0 })).toThrow('invalid S3 request timeout 0 ms');
  });
});

describe('isTransientS3Error', () => {
  const s3Error = (code: string | undefined) => Object.assign(new S3Error('x'), { code });
  const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

  it('retries network failures, 408/429/5xx responses and try-later codes', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']) expect(isTransientS3Error(socketError(code))).toBe(true);
    for (const code of ['SlowDown', 'InternalError', 'RequestTimeout', 'XMinioServerNotInitialized']) {
      expect(isTransientS3Error(s3Error(code))).toBe(true);
    }
    expect(isTransientS3Error(new Error('Request failed after 0 retries: Error: Retryable HTTP status: 503'))).toBe(true);
  });

  it('does not retry what another try cannot fix', () => {
    for (const code of ['AccessDenied', 'SignatureDoesNotMatch', 'NoSuchBucket', 'InvalidAccessKeyId', '', undefined]) {
      expect(isTransientS3Error(s3Error(code))).toBe(false);
    }
    expect(isTransientS3Error(socketError('ENOTFOUND'))).toBe(false);
    expect(isTransientS3Error(new TypeError('bad argument'))).toBe(false);
    expect(isTransientS3Error(null)).toBe(false);
  });
});

describe('S3Store against a server', () => {
  let server: S3TestServer;
  let raw: Client;
  const open = (options: Partial<S3StoreOptions> = {}) =>
    new S3Store({
      endpoint: server.endpoint,
      accessKey: server.accessKey,
      secretKey: server.secretKey,
      bucket: server.bucket,
      retry: { budgetMs: 5_000 },
      ...options,
    });

  beforeAll(async () => {
    server = await startS3Server();
    const { host, port, useSSL } = parseS3Endpoint(server.endpoint);
    raw = new Client({ endPoint: host, port, useSSL, accessKey: server.accessKey, secretKey: server.secretKey, pathStyle: true, region: 'us-east-1' });
  });
  afterAll(() => server.stop());

  it('creates its bucket on first use, even when two stores race for it', async () => {
    expect(await raw.bucketExists(server.bucket)).toBe(false);
    await Promise.all([open().put('race/a.txt', 'a'), open().put('race/b.txt', 'b'), open().exists('race/c.txt')]);
    expect(await raw.bucketExists(server.bucket)).toBe(true);
    expect(await open().list('race')).toEqual(['race/a.txt', 'race/b.txt']);
  });

  it('sets the content type', async () => {
    const store = open();
    await store.putJson('types/results.json', { ok: true });
    await store.put('types/blob.bin', Buffer.from([1, 2, 3]));
    await store.put('types/report.html', '<p>hi</p>', 'text/html');
    expect((await raw.statObject(server.bucket, 'types/results.json')).metaData['content-type']).toBe('application/json');
    expect((await raw.statObject(server.bucket, 'types/blob.bin')).metaData['content-type']).toBe('application/octet-stream');
    expect((await raw.statObject(server.bucket, 'types/report.html')).metaData['content-type']).toBe('text/html');
  });

  it('pages through long listings', async () => {
    const store = open({ listPageSize: 2 });
    const keys = Array.from({ length: 7 }, (_, i) => `paged/k${i}.json`);
    await Promise.all([...keys.map((key) => store.put(key, key)), store.put('paged-not/x.json', 'x')]);
    expect(await store.list('paged')).toEqual(keys);
  });

  it('leaves out objects whose names are not keys', async () => {
    const store = open();
    await store.put('foreign/ok.txt', 'ok');
    await raw.putObject(server.bucket, 'foreign/has space.txt', 'x');
    await raw.putObject(server.bucket, 'foreign/~partial', 'x');
    expect(await store.list('foreign')).toEqual(['foreign/ok.txt']);
  });

  // s3rver checks only the access key of a v4 signature, so a wrong secret would pass there.
  it('fails at once, in one line and without the secret, when the credentials are wrong', async () => {
    const secretKey = 'wrong-secret-4f9a1c';
    const failure = (await open({ accessKey: 'nobody-here', secretKey, retry: { budgetMs: 30_000 } })
      .put('runs/r1/results.json', '{}')
      .catch((error: unknown) => error)) as Error;
    expect(failure.message).toMatch(
      new RegExp(`^s3 ${escapeRegExp(server.endpoint)} bucket ${server.bucket}: put 'runs/r1/results.json' failed: \\w+`),
    );
    expect(failure.message).not.toMatch(/attempts/);
    expect(failure.message).not.toContain(secretKey);
    expect(failure.message).not.toContain('\n');
  });
});

describe('S3Store retries against an s3rver that goes away', () => {
  let directory: string;
  const bucket = 'sweepflow-retry';
  const open = (endpoint: string, retry: S3StoreOptions['retry'], requestTimeoutMs?: number) =>
    new S3Store({ endpoint, ...S3RVER_CREDENTIALS, bucket, retry, requestTimeoutMs });

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sweepflow-s3retry-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('finishes a put started while the server was down once it is back on the same port', async () => {
    const first = await startS3rver({ directory });
    const store = open(first.endpoint, { budgetMs: 20_000, initialDelayMs: 100, maxDelayMs: 400 });
    await store.put('runs/r0/results.json', 'before');
    await first.close();

    let settled = false;
    const outcome = store.put('runs/r1/results.json', 'while down').then(
      () => 'stored',
      (error: unknown) => error,
    );
    void outcome.then(() => (settled = true));
    // Long enough for several refused attempts: without retries the put would already have failed.
    await sleep(700);
    expect(settled).toBe(false);

    const second = await startS3rver({ directory, port: first.port });
    try {
      expect(await outcome).toBe('stored');
      expect((await store.get('runs/r1/results.json'))?.toString()).toBe('while down');
      expect((await store.get('runs/r0/results.json'))?.toString()).toBe('before');
    } finally {
      await second.close();
    }
  });

  it('gives up after a short budget with one line naming the endpoint and the key', async () => {
    const server = await startS3rver({ directory });
    await server.close();
    const store = open(server.endpoint, { budgetMs: 800, initialDelayMs: 100, maxDelayMs: 200 });
    for (const [operation, attempt] of [
      ['put', () => store.put('runs/r1/results.json', '{}')],
      ['get', () => store.get('runs/r1/results.json')],
    ] as const) {
      const failure = (await attempt().catch((error: unknown) => error)) as Error;
      const match = new RegExp(
        `^s3 ${escapeRegExp(server.endpoint)} bucket ${bucket}: ${operation} 'runs/r1/results.json' failed after (\\d+) attempts in \\d+\\.\\d s: .*ECONNREFUSED`,
      ).exec(failure.message);
      expect(match, failure.message).not.toBeNull();
      expect(Number(match![1])).toBeGreaterThan(1);
      expect(failure.message).not.toContain('\n');
      expect(failure.message).not.toContain(S3RVER_CREDENTIALS.secretKey);
    }
  });

  it('retries 503 SlowDown responses until the server takes the request', async () => {
    const backend = await startS3rver({ directory });
    let refusals = 3;
    // Answers the first requests the way an overloaded MinIO does, then forwards to s3rver.
    const throttle = createHttpServer((incoming, reply) => {
      if (refusals > 0) {
        refusals--;
        incoming.resume();
        reply.writeHead(503, { 'Content-Type': 'application/xml' });
        reply.end('<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
        return;
      }
      const forward = httpRequest(
        { host: '127.0.0.1', port: backend.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          reply.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(reply);
        },
      );
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => throttle.listen(0, '127.0.0.1', resolve));
    const { port } = throttle.address() as { port: number };
    try {
      const store = open(`http://127.0.0.1:${port}`, { budgetMs: 10_000, initialDelayMs: 20, maxDelayMs: 50 });
      await store.put('runs/r2/results.json', 'throttled');
      expect(refusals).toBe(0);
      expect((await store.get('runs/r2/results.json'))?.toString()).toBe('throttled');
      refusals = 1_000;
      const failure = (await open(`http://127.0.0.1:${port}`, { budgetMs: 200, initialDelayMs: 20, maxDelayMs: 50 })
        .get('runs/r2/results.json')
        .catch((error: unknown) => error)) as Error;
      expect(failure.message).toMatch(/: get 'runs\/r2\/results.json' failed after \d+ attempts in \d+\.\d s: HTTP 503 from the server$/);
    } finally {
      throttle.closeAllConnections();
      await new Promise((resolve) => throttle.close(resolve));
      await backend.close();
    }
  });

  it('abandons and retries requests the server never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const store = open(`http://127.0.0.1:${port}`, { budgetMs: 600, initialDelayMs: 50, maxDelayMs: 100 }, 150);
      await expect(store.exists('runs/r1/results.json')).rejects.toThrow(
        /: stat 'runs\/r1\/results.json' failed after \d+ attempts in \d+\.\d s: ETIMEDOUT: no response for 150 ms$/,
      );
      expect(sockets.length).toBeGreaterThan(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
