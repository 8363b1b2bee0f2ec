import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'minio';
import { parseS3Endpoint } from '../../src/store/s3Store.js';

/** An S3 server for one test suite, with a bucket name nobody else uses (not yet created). */
export interface S3TestServer {
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly bucket: string;
  readonly kind: 's3rver' | 'minio';
  /** Stops s3rver and deletes its files, or empties and removes the bucket on a real MinIO. */
  stop(): Promise<void>;
}

/** s3rver's fixed credentials. */
export const S3RVER_CREDENTIALS = { accessKey: 'S3RVER', secretKey: 'S3RVER' } as const;

/** An s3rver listening on 127.0.0.1. */
export interface LocalS3rver {
  readonly endpoint: string;
  readonly port: number;
  readonly directory: string;
  /** Stops listening; the objects stay in `directory`. */
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
}) => S3rverInstance;

// s3rver is CommonJS without type declarations.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

/**
 * Starts s3rver on 127.0.0.1, on `port` or a free one, storing objects in `directory`.
 * Starting another on the same port and directory after `close()` brings the same data back.
 */
export async function startS3rver(options: { directory: string; port?: number }): Promise<LocalS3rver> {
  const server = new S3rver({ address: '127.0.0.1', port: options.port ?? 0, directory: options.directory, silent: true });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, port, directory: options.directory, close: () => server.close() };
}

/** True when testcontainers finds a container runtime (a Docker engine) it can start MinIO with. */
async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** MinIO in a container via testcontainers, for machines with Docker. */
async function startMinioContainer(bucket: string): Promise<S3TestServer> {
  const { MinioContainer } = await import('@testcontainers/minio');
  const container = await new MinioContainer('minio/minio:RELEASE.2024-08-03T04-33-23Z')
    .withUsername('sweepflow')
    .withPassword('sweepflow-secret')
    .start();
  const endpoint = container.getConnectionUrl();
  console.info(`[s3 test server] minio (testcontainers) at ${endpoint}, bucket ${bucket}`);
  return {
    endpoint,
    accessKey: 'sweepflow',
    secretKey: 'sweepflow-secret',
    bucket,
    kind: 'minio',
    stop: async () => {
      await container.stop();
    },
  };
}

/**
 * MinIO from testcontainers when Docker runs here; else a real MinIO when S3_TEST_ENDPOINT is set (credentials from S3_TEST_ACCESS_KEY and
 * S3_TEST_SECRET_KEY, default minioadmin), otherwise s3rver in-process. Logs which one.
 */
export async function startS3Server(env: NodeJS.ProcessEnv = process.env): Promise<S3TestServer> {
  const bucket = `sweepflow-test-${randomBytes(4).toString('hex')}`;
  if (await dockerAvailable()) return startMinioContainer(bucket);
  const external = env.S3_TEST_ENDPOINT?.trim();
  if (external) {
    const accessKey = env.S3_TEST_ACCESS_KEY ?? 'minioadmin';
    const secretKey = env.S3_TEST_SECRET_KEY ?? 'minioadmin';
    console.info(`[s3 test server] minio at ${external} (S3_TEST_ENDPOINT), bucket ${bucket}`);
    return {
      endpoint: external,
      accessKey,
      secretKey,
      bucket,
      kind: 'minio',
      stop: () => removeBucket(external, accessKey, secretKey, bucket),
    };
  }
  const directory = await mkdtemp(join(tmpdir(), 'sweepflow-s3rver-'));
  const server = await startS3rver({ directory });
  console.info(`[s3 test server] s3rver at ${server.endpoint}, bucket ${bucket}`);
  return {
    endpoint: server.endpoint,
    ...S3RVER_CREDENTIALS,
    bucket,
    kind: 's3rver',
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Empties and deletes a test bucket on a shared server, if the suite created it. */
async function removeBucket(endpoint: string, accessKey: string, secretKey: string, bucket: string): Promise<void> {
  const { host, port, useSSL } = parseS3Endpoint(endpoint);
  const client = new Client({ endPoint: host, port, useSSL, accessKey, secretKey, pathStyle: true, region: 'us-east-1' });
  if (!(await client.bucketExists(bucket))) return;
  const names: string[] = [];
  for await (const item of client.listObjects(bucket, '', true)) {
    if (typeof item.name === 'string') names.push(item.name);
  }
  // One at a time: s3rver answers a multi-object delete of nested keys with a 500 (it races removing their folders).
  for (const name of names) await client.removeObject(bucket, name);
  await client.removeBucket(bucket);
}
