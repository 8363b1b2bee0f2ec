import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { Client, ClientOptions } from 'minio';
import {
  assertKey,
  assertKeyPrefix,
  decodeJson,
  encodeJson,
  isValidKey,
  type ObjectStore,
} from './objectStore.js';
import { checkRetryPolicy, DEFAULT_RETRY_POLICY, RetryFailure, retryTransient, type RetryPolicy } from './retry.js';

export interface S3StoreOptions {
  /** Server URL, e.g. `http://127.0.0.1:9000`; no path, no credentials. */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** Created on first use when missing. */
  readonly bucket: string;
  /** Default 'us-east-1', MinIO's default; naming it spares a bucket-location request. */
  readonly region?: string;
  /** Retry of transient failures; default 30 s budget, 200 ms first wait doubling to 5 s. */
  readonly retry?: Partial<RetryPolicy>;
  /** A request silent for this long is abandoned and retried; default 15 s. */
  readonly requestTimeoutMs?: number;
  /** Keys per list request; default 1000, the S3 maximum. */
  readonly listPageSize?: number;
}

/** The parts of an S3 endpoint URL the minio client wants. */
export interface S3Endpoint {
  /** `http://host:port`, for messages. */
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  readonly useSSL: boolean;
}

export function parseS3Endpoint(endpoint: string): S3Endpoint {
  const hint = 'expected a URL like http://127.0.0.1:9000';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`invalid S3 endpoint '${endpoint}': ${hint}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error('invalid S3 endpoint: it must not contain credentials; give the access and secret keys separately');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`invalid S3 endpoint '${endpoint}': protocol must be http or https; ${hint}`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new Error(`invalid S3 endpoint '${endpoint}': it must have no path or query (the bucket is given separately)`);
  }
  const useSSL = url.protocol === 'https:';
  return {
    origin: url.origin,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (useSSL ? 443 : 80) : Number(url.port),
    useSSL,
  };
}

/** S3 bucket naming rules, checked up front for a clearer message than the client's. */
export function assertBucketName(bucket: string): void {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    throw new Error(
      `invalid S3 bucket name '${bucket}': use 3 to 63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit`,
    );
  }
}

/** Socket-level failures worth another try: the server is restarting, overloaded or briefly unreachable. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * S3 and MinIO error codes that ask the client to come back later. minio 8 turns 408, 429
 * and 5xx responses into a plain "Retryable HTTP status" Error before reading their code,
 * so these matter when a server sends one with another status (S3's RequestTimeout is a 400).
 */
const TRANSIENT_S3_CODES = new Set([
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'RequestTimeout',
  'XMinioServerNotInitialized',
  'XMinioReadQuorum',
  'XMinioWriteQuorum',
]);

/** How minio 8 reports a 408, 429 or 5xx response once its own retries (disabled here) are done. */
const RETRYABLE_STATUS = /Retryable HTTP status: (\d+)/;

/** Codes the client gives a missing object: 'NoSuchKey' from GET, 'NotFound' from a bodiless HEAD 404. */
const ABSENT_CODES = new Set(['NoSuchKey', 'NotFound']);

/**
 * Objects in an S3-compatible bucket (MinIO in production, s3rver in tests), path-style.
 * Every operation retries transient failures with exponential backoff within the
 * retry budget, then fails with one line naming the endpoint, bucket and key.
 */
export class S3Store implements ObjectStore {
  readonly description: string;
  readonly bucket: string;
  // Hash-private so that logging or inspecting the store cannot print the secret the client holds.
  // Loaded on first use (the minio module takes a third of a second): a process on the folder store never pays for it.
  readonly #client: () => Promise<Client>;
  readonly #secretKey: string;
  private readonly retry: RetryPolicy;
  private readonly listPageSize: number;
  private bucketReady: Promise<void> | undefined;

  constructor(options: S3StoreOptions) {
    const endpoint = parseS3Endpoint(options.endpoint);
    assertBucketName(options.bucket);
    if (options.accessKey === '' || options.secretKey === '') {
      throw new Error(`S3 store at ${endpoint.origin}: the access key and the secret key must both be given`);
    }
    const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    if (!(requestTimeoutMs > 0)) throw new Error(`invalid S3 request timeout ${requestTimeoutMs} ms: must be more than 0`);
    const listPageSize = options.listPageSize ?? 1000;
    if (!Number.isInteger(listPageSize) || listPageSize < 1 || listPageSize > 1000) {
      throw new Error(`invalid S3 list page size ${listPageSize}: must be a whole number from 1 to 1000`);
    }
    this.bucket = options.bucket;
    this.description = `s3 ${endpoint.origin} bucket ${options.bucket}`;
    this.retry = checkRetryPolicy({ ...DEFAULT_RETRY_POLICY, ...options.retry });
    this.#secretKey = options.secretKey;
    this.listPageSize = listPageSize;
    const clientOptions: ClientOptions = {
      endPoint: endpoint.host,
      port: endpoint.port,
      useSSL: endpoint.useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.region ?? 'us-east-1',
      pathStyle: true,
      transport: timedTransport(endpoint.useSSL ? https : http, requestTimeoutMs),
      // Retrying is done here, once, for every kind of transient failure; the client's own only covers status codes.
      retryOptions: { disableRetry: true },
    };
    let client: Promise<Client> | undefined;
    this.#client = () => (client ??= import('minio').then((minio) => new minio.Client(clientOptions)));
  }

  async put(key: string, body: Buffer | string, contentType = 'application/octet-stream'): Promise<void> {
    assertKey(key);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const md5 = createHash('md5').update(bytes).digest('hex');
    await this.run('put', key, async (client) => {
      const { etag } = await client.putObject(this.bucket, key, bytes, bytes.length, { 'Content-Type': contentType });
      // A single-part ETag is the MD5 of what the server kept: an upload cut short must not stand as the object.
      const stored = etag.replace(/"/g, '');
      if (!stored.includes('-') && stored !== md5) {
        throw Object.assign(new Error(`stored object's MD5 ${stored} is not the ${md5} sent (upload cut short)`), { code: 'BadDigest' });
      }
    });
  }

  async get(key: string): Promise<Buffer | null> {
    assertKey(key);
    return this.run('get', key, async (client) => {
      let body: Readable;
      try {
        body = await client.getObject(this.bucket, key);
      } catch (error) {
        if (ABSENT_CODES.has(s3CodeOf(error))) return null;
        throw error;
      }
      return readAll(body);
    });
  }

  async getJson<T>(key: string): Promise<T | null> {
    return decodeJson<T>(key, await this.get(key));
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.put(key, encodeJson(key, value), 'application/json');
  }

  async exists(key: string): Promise<boolean> {
    assertKey(key);
    return this.run('stat', key, async (client) => {
      try {
        await client.statObject(this.bucket, key);
        return true;
      } catch (error) {
        if (ABSENT_CODES.has(s3CodeOf(error))) return false;
        throw error;
      }
    });
  }

  async list(prefix: string): Promise<string[]> {
    const folder = assertKeyPrefix(prefix);
    const s3Prefix = folder === '' ? '' : `${folder}/`;
    return this.run('list', prefix, async (client) => {
      const keys: string[] = [];
      // ListObjects v1 with markers: s3rver makes v2 continuation tokens with DES, which
      // OpenSSL 3 (Node >= 17) lacks, so any truncated v2 listing from it is a 500.
      let marker = '';
      for (;;) {
        const page = await client.listObjectsQuery(this.bucket, s3Prefix, marker, {
          Delimiter: '',
          MaxKeys: this.listPageSize,
        });
        const names = page.objects.flatMap((item) => (item.name === undefined ? [] : [item.name]));
        keys.push(...names.filter(isValidKey));
        if (!page.isTruncated || names.length === 0) break;
        marker = page.nextMarker ?? names[names.length - 1];
      }
      return keys.sort();
    });
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.run('delete', key, async (client) => {
      try {
        await client.removeObject(this.bucket, key);
      } catch (error) {
        if (!ABSENT_CODES.has(s3CodeOf(error))) throw error;
      }
    });
  }

  /** Runs one idempotent request, creating the bucket first if that has not succeeded yet. */
  private async run<T>(operation: string, key: string, request: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await retryTransient(
        async () => {
          await this.ensureBucket();
          return request(await this.#client());
        },
        isTransientS3Error,
        this.retry,
      );
    } catch (error) {
      throw this.failure(operation, key, error);
    }
  }

  /** Shared by concurrent operations; forgotten on failure so the next attempt tries again. */
  private ensureBucket(): Promise<void> {
    this.bucketReady ??= this.createBucketIfMissing().catch((error: unknown) => {
      this.bucketReady = undefined;
      throw error;
    });
    return this.bucketReady;
  }

  private async createBucketIfMissing(): Promise<void> {
    const client = await this.#client();
    if (await client.bucketExists(this.bucket)) return;
    try {
      await client.makeBucket(this.bucket);
    } catch (error) {
      // Another worker won the race. MinIO says AlreadyOwnedByYou; s3rver always says AlreadyExists.
      const code = s3CodeOf(error);
      if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
    }
  }

  private failure(operation: string, key: string, error: unknown): Error {
    const cause = error instanceof RetryFailure ? error.cause : error;
    const tried =
      error instanceof RetryFailure && error.transient
        ? ` after ${error.attempts} attempts in ${(error.elapsedMs / 1000).toFixed(1)} s`
        : '';
    const detail = describeError(cause).split(this.#secretKey).join('***');
    return new Error(`${this.description}: ${operation} '${key}' failed${tried}: ${detail}`, { cause });
  }
}

/** Network failures, 408/429/5xx responses, and S3 codes that mean "try again later". */
export function isTransientS3Error(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return true;
  // A body that arrived damaged (S3 checks Content-MD5, put checks the ETag): send it again.
  if (code === 'BadDigest') return true;
  // minio's S3Error, by name: its module is loaded only once a request is made.
  if (error instanceof Error && error.name === 'S3Error') return typeof code === 'string' && TRANSIENT_S3_CODES.has(code);
  return error instanceof Error && RETRYABLE_STATUS.test(error.message);
}

function s3CodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** One line: the S3 code and message, or a socket error's message (including each address tried). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = RETRYABLE_STATUS.exec(error.message);
  if (status) return `HTTP ${status[1]} from the server`;
  const parts: string[] = [];
  const code = s3CodeOf(error);
  if (code !== '' && !error.message.includes(code)) parts.push(code);
  if (error.message !== '') parts.push(error.message);
  else if (error instanceof AggregateError) parts.push(error.errors.map(describeError).join('; '));
  const text = parts.join(': ') || error.constructor.name;
  return text.replace(/\s+/g, ' ').trim();
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Node's http(s).request with an inactivity timeout, which the minio client does not set. */
function timedTransport(protocol: typeof http | typeof https, timeoutMs: number): Pick<typeof http, 'request'> {
  const request = (options: http.RequestOptions, callback?: (response: http.IncomingMessage) => void) => {
    const outgoing = protocol.request(options, callback);
    outgoing.setTimeout(timeoutMs, () => {
      const error = new Error(`no response for ${timeoutMs} ms`) as NodeJS.ErrnoException;
      error.code = 'ETIMEDOUT';
      outgoing.destroy(error);
    });
    return outgoing;
  };
  return { request: request as typeof http.request };
}
