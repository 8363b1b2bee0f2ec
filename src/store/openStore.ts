import { FolderStore } from './folderStore.js';
import type { ObjectStore } from './objectStore.js';
import { S3Store } from './s3Store.js';

/** The environment variables `openStore` reads. */
export type StoreEnv = Readonly<Record<string, string | undefined>>;

export interface StoreDefaults {
  /** Root of the folder store used when no S3 endpoint is configured. */
  readonly folder: string;
}

/**
 * The store the environment asks for: S3 when S3_ENDPOINT is set (with S3_ACCESS_KEY,
 * S3_SECRET_KEY, S3_BUCKET default 'sweepflow', optional S3_REGION and
 * S3_RETRY_BUDGET_MS), otherwise a folder store at `defaults.folder`.
 */
export function openStore(env: StoreEnv = process.env, defaults: StoreDefaults): ObjectStore {
  const endpoint = setting(env, 'S3_ENDPOINT');
  if (endpoint === undefined) return new FolderStore(defaults.folder);
  const budget = setting(env, 'S3_RETRY_BUDGET_MS');
  return new S3Store({
    endpoint,
    accessKey: required(env, 'S3_ACCESS_KEY'),
    secretKey: required(env, 'S3_SECRET_KEY'),
    bucket: setting(env, 'S3_BUCKET') ?? 'sweepflow',
    region: setting(env, 'S3_REGION'),
    retry: budget === undefined ? undefined : { budgetMs: milliseconds('S3_RETRY_BUDGET_MS', budget) },
  });
}

/** A variable's trimmed value; unset and blank are the same. */
function setting(env: StoreEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: StoreEnv, name: string): string {
  const value = setting(env, name);
  if (value === undefined) throw new Error(`S3_ENDPOINT is set but ${name} is not: set both S3_ACCESS_KEY and S3_SECRET_KEY`);
  return value;
}

function milliseconds(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`invalid ${name} '${value}': expected a whole number of milliseconds`);
  return Number(value);
}
