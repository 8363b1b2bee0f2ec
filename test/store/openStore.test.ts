import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../src/store/folderStore.js';
import { openStore } from '../../src/store/openStore.js';
import { S3Store } from '../../src/store/s3Store.js';
import { startS3Server, type S3TestServer } from '../support/s3Server.js';

const S3_ENV = { S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY: 'sweepflow', S3_SECRET_KEY: 'very-secret-value' };

describe('openStore', () => {
  it('opens a folder store at the default folder when no endpoint is set', () => {
    const store = openStore({}, { folder: '.sweepflow' });
    expect(store).toBeInstanceOf(FolderStore);
    expect(store.description).toBe(`folder ${resolve('.sweepflow')}`);
    expect(openStore({ S3_ENDPOINT: '  ' }, { folder: 'out' })).toBeInstanceOf(FolderStore);
  });

  it('opens an S3 store when S3_ENDPOINT is set, with bucket sweepflow by default', () => {
    const store = openStore(S3_ENV, { folder: '.sweepflow' });
    expect(store).toBeInstanceOf(S3Store);
    expect(store.description).toBe('s3 http://127.0.0.1:9000 bucket sweepflow');
    expect(openStore({ ...S3_ENV, S3_BUCKET: 'studies' }, { folder: 'x' }).description).toBe(
      's3 http://127.0.0.1:9000 bucket studies',
    );
  });

  it('says which setting is missing or malformed, never echoing the secret', () => {
    expect(() => openStore({ S3_ENDPOINT: S3_ENV.S3_ENDPOINT, S3_SECRET_KEY: 's' }, { folder: 'x' })).toThrow(
      'S3_ENDPOINT is set but S3_ACCESS_KEY is not: set both S3_ACCESS_KEY and S3_SECRET_KEY',
    );
    expect(() => openStore({ S3_ENDPOINT: S3_ENV.S3_ENDPOINT, S3_ACCESS_KEY: 'a' }, { folder: 'x' })).toThrow(
      'S3_ENDPOINT is set but S3_SECRET_KEY is not',
    );
    expect(() => openStore({ ...S3_ENV, S3_RETRY_BUDGET_MS: '30s' }, { folder: 'x' })).toThrow(
      "invalid S3_RETRY_BUDGET_MS '30s': expected a whole number of milliseconds",
    );
    expect(() => openStore({ ...S3_ENV, S3_ENDPOINT: 'minio:9000' }, { folder: 'x' })).toThrow(/^invalid S3 endpoint/);
    expect(() => openStore({ ...S3_ENV, S3_BUCKET: 'Bad_Bucket' }, { folder: 'x' })).toThrow(/^invalid S3 bucket name/);
    const store = openStore(S3_ENV, { folder: 'x' });
    expect(store.description).not.toContain(S3_ENV.S3_SECRET_KEY);
    expect(inspect(store, { depth: 10, showHidden: true })).not.toContain(S3_ENV.S3_SECRET_KEY);
  });
});

describe('openStore end to end', () => {
  let server: S3TestServer;
  let folder: string;
  beforeAll(async () => {
    server = await startS3Server();
    folder = await mkdtemp(join(tmpdir(), 'sweepflow-openstore-'));
  });
  afterAll(async () => {
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('reaches the configured S3 server', async () => {
    const env = {
      S3_ENDPOINT: server.endpoint,
      S3_ACCESS_KEY: server.accessKey,
      S3_SECRET_KEY: server.secretKey,
      S3_BUCKET: server.bucket,
      S3_RETRY_BUDGET_MS: '2000',
    };
    const store = openStore(env, { folder });
    await store.putJson('runs/r1/results.json', { rmse: 0.8 });
    expect(await store.getJson('runs/r1/results.json')).toEqual({ rmse: 0.8 });
    expect(await openStore({}, { folder }).list('')).toEqual([]);
  });

  it('reaches the default folder', async () => {
    const store = openStore({}, { folder });
    await store.put('runs/r1/log.txt', 'ok');
    expect(await new FolderStore(folder).list('runs')).toEqual(['runs/r1/log.txt']);
  });
});
