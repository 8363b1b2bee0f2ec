import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ObjectStore } from './objectStore.js';

/** The object naming a store: written once, at its first run, so every process can tell whether it reaches the same store. */
export const STORE_IDENTITY_KEY = 'sweepflow-store.json';

export const storeIdentitySchema = z.object({
  /** Random, made at creation: two stores never share it, two paths to one store (a mount, an alias host) always do. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  /** Where it was created from, for messages: `folder /abs/path` or `s3 <endpoint> bucket <name>`. */
  description: z.string(),
  created: z.string(),
});
export type StoreIdentity = z.infer<typeof storeIdentitySchema>;

/** The store's identity, or null when it has none (no run was ever submitted to it). */
export async function readStoreIdentity(store: ObjectStore): Promise<StoreIdentity | null> {
  const value = await store.getJson<unknown>(STORE_IDENTITY_KEY);
  if (value === null) return null;
  const parsed = storeIdentitySchema.safeParse(value);
  if (!parsed.success) throw new Error(`${store.description}: ${STORE_IDENTITY_KEY} is not a store identity`);
  return parsed.data;
}

/** The store's identity, written first if it has none; read back, so two first writers end up agreeing on the last one. */
export async function ensureStoreIdentity(store: ObjectStore): Promise<StoreIdentity> {
  const existing = await readStoreIdentity(store);
  if (existing !== null) return existing;
  const made: StoreIdentity = { id: randomBytes(16).toString('hex'), description: store.description, created: new Date().toISOString() };
  await store.putJson(STORE_IDENTITY_KEY, made);
  return (await readStoreIdentity(store)) ?? made;
}
